package engine_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/engine/enginetest"
	"github.com/aiflow-go/aiflow/storage"
)

const cleanWF = "name: wf\ntasks:\n  - name: a\n    operator: bash\n    bash_command: echo hello > out.txt; echo a\n"

// finished runs n executions of wf to their end and moves the end of the
// first old of them two hours back.
func finished(t *testing.T, h *enginetest.Harness, n, old int) []int64 {
	t.Helper()
	ctx := context.Background()
	h.Upload("wf.yaml", cleanWF)
	var ids []int64
	for i := range n {
		id := h.StartExecution("wf")
		h.Finished(id, 30*time.Second)
		ids = append(ids, id)
		if i < old {
			x, err := h.Store.GetExecution(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			x.EndTime = x.EndTime.Add(-2 * time.Hour)
			if err := h.Store.UpdateExecution(ctx, x, x.Status); err != nil {
				t.Fatal(err)
			}
		}
	}
	return ids
}

func execFolders(h *enginetest.Harness, id int64) []string {
	n := strconv.FormatInt(id, 10)
	return []string{filepath.Join(h.Dir, "working_dir", "wf", n), filepath.Join(h.Dir, "logs", "wf", n)}
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

// TestClean: Clean deletes the finished executions that ended before its
// time, with their folders and logs, and a dry run only counts them.
func TestClean(t *testing.T) {
	ctx := context.Background()
	h := enginetest.Start(t, engine.Options{})
	ids := finished(t, h, 3, 2)
	o := engine.CleanOptions{Before: time.Now().Add(-time.Hour), DryRun: true, Batch: 1,
		WorkingDir: filepath.Join(h.Dir, "working_dir"), LogDir: filepath.Join(h.Dir, "logs")}
	dry, err := engine.Clean(ctx, h.Store, o)
	if err != nil || dry.Executions != 2 || dry.Files == 0 || dry.Bytes == 0 {
		t.Fatalf("dry run: %+v, %v; want 2 executions, some files and bytes", dry, err)
	}
	for _, id := range ids {
		if _, err := h.Store.GetExecution(ctx, id); err != nil {
			t.Errorf("dry run deleted execution %d: %v", id, err)
		}
		for _, d := range execFolders(h, id) {
			if !exists(d) {
				t.Errorf("dry run removed %s", d)
			}
		}
	}
	o.DryRun = false
	got, err := engine.Clean(ctx, h.Store, o)
	if err != nil || got != dry {
		t.Fatalf("Clean = %+v, %v; want what the dry run said, %+v", got, err, dry)
	}
	for i, id := range ids {
		_, err := h.Store.GetExecution(ctx, id)
		if old := i < 2; old != (err != nil) {
			t.Errorf("execution %d (old %v): %v", id, old, err)
		}
		for _, d := range execFolders(h, id) {
			if old := i < 2; old == exists(d) {
				t.Errorf("%s (old %v): exists %v", d, old, exists(d))
			}
		}
	}
	again, err := engine.Clean(ctx, h.Store, o)
	if err != nil || again != (engine.Cleaned{}) {
		t.Errorf("Clean again = %+v, %v; want nothing", again, err)
	}
}

// TestRetain: with a retention, the engine deletes old executions at once.
func TestRetain(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	h := enginetest.Start(t, engine.Options{})
	ids := finished(t, h, 2, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.Engine.Retain(ctx, time.Hour)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := h.Store.GetExecution(ctx, ids[0]); errors.Is(err, storage.ErrNotFound) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the old execution is still there")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if _, err := h.Store.GetExecution(context.Background(), ids[1]); err != nil {
		t.Errorf("the recent execution went too: %v", err)
	}
	for _, d := range execFolders(h, ids[0]) {
		if exists(d) {
			t.Errorf("%s still there", d)
		}
	}
}
