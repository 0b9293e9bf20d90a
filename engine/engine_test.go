package engine_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/config"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/engine/enginetest"
)

func TestMain(m *testing.M) { enginetest.Main(m) }

func TestChain(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("chain.yaml", `name: chain
tasks:
  - name: a
    operator: bash
    bash_command: echo a > a.txt
  - name: b
    operator: bash
    bash_command: echo "b $AIFLOW_EXECUTION_ID"
    start_after: [a]
  - name: c
    operator: bash
    bash_command: "true"
    start_after: [b]
`)
	id := h.StartExecution("chain")
	x := h.Finished(id, 20*time.Second)
	if x.Status != "SUCCESS" || enginetest.Runs(x) != "a:1:SUCCESS b:1:SUCCESS c:1:SUCCESS" {
		t.Fatalf("execution %s, runs %s", x.Status, enginetest.Runs(x))
	}
	log, err := os.ReadFile(x.TaskExecutions[1].LogPath)
	if err != nil || string(log) != "b 1\n" {
		t.Errorf("log of b = %q, %v", log, err)
	}
	if _, err := os.Stat(filepath.Join(h.Dir, "working_dir", "chain", "1", "a_1", "a.txt")); err != nil {
		t.Errorf("a's working folder: %v", err)
	}
	// A run's files are its user's alone: folders 0700, logs and spec
	// files (the try's secret) 0600.
	for path, want := range map[string]os.FileMode{
		filepath.Join(h.Dir, "working_dir", "chain", "1"):                        0o700 | os.ModeDir,
		filepath.Join(h.Dir, "working_dir", "chain", "1", "a_1"):                 0o700 | os.ModeDir,
		filepath.Join(h.Dir, "working_dir", "chain", "1", ".runs", "a_1_1.json"): 0o600,
		filepath.Dir(x.TaskExecutions[1].LogPath):                                0o700 | os.ModeDir,
		x.TaskExecutions[1].LogPath:                                              0o600,
	} {
		if fi, err := os.Stat(path); err != nil || fi.Mode() != want {
			t.Errorf("%s: mode %v (%v), want %v", path, fi.Mode(), err, want)
		}
	}
}

// An engine without a parallelism runs as many tries at once as a server
// without task_parallelism in its configuration.
func TestDefaultParallelism(t *testing.T) {
	home := t.TempDir()
	cfg, err := config.Load(func(k string) string {
		if k == "AIFLOW_HOME" {
			return home
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TaskParallelism != engine.DefaultParallelism {
		t.Errorf("task_parallelism defaults to %d, the engine's parallelism to %d", cfg.TaskParallelism, engine.DefaultParallelism)
	}
}

// The executions of a snapshot share its files: each execution's snapshot
// folder holds read-only hard links to one extracted copy.
func TestSharedSnapshot(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("twice.yaml", "name: twice\ntasks:\n  - {name: a, operator: bash, bash_command: \"true\"}\n")
	var files []os.FileInfo
	var ids []int64
	for range 2 {
		x := h.Finished(h.StartExecution("twice"), 20*time.Second)
		ids = append(ids, x.ID)
		fi, err := os.Stat(filepath.Join(h.Dir, "working_dir", "twice", strconv.FormatInt(x.ID, 10), "snapshot", "twice.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o222 != 0 {
			t.Errorf("execution %d: the snapshot's file is writable (%v)", x.ID, fi.Mode())
		}
		files = append(files, fi)
	}
	if !os.SameFile(files[0], files[1]) {
		t.Error("the two executions have copies of the snapshot's file, not links to one")
	}
	// The shared copy goes with the last execution that links to it.
	shared, _ := filepath.Glob(filepath.Join(h.Dir, "working_dir", ".snapshots", "*"))
	if len(shared) != 1 {
		t.Fatalf("shared copies: %v", shared)
	}
	for i, id := range ids {
		if err := h.Client.DeleteExecution(context.Background(), id); err != nil {
			t.Fatal(err)
		}
		_, err := os.Stat(shared[0])
		if last := i == len(ids)-1; last != errors.Is(err, fs.ErrNotExist) {
			t.Errorf("after deleting %d of %d executions, the shared copy: %v", i+1, len(ids), err)
		}
	}
}
