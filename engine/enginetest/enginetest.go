// Package enginetest runs an in-process server and engine for tests whose
// tasks are real processes. Those processes need the aiflow binary
// (supervisors are `aiflow taskmanager run -`, tasks call `aiflow event
// send`, a test may run a server in its own process), so Binary builds the
// real one, cmd/aiflow, once per test binary: the Go build cache makes that
// a link step. Call Main from TestMain to remove it afterwards.
package enginetest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// aiflow is the binary Binary builds, in a folder Main removes.
var aiflow struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// Main runs the tests, then removes the aiflow binary they built.
//
// An engine whose Executable is left empty runs supervisors from the
// running binary, here the test binary; Main refuses to act as one, since
// running the tests again in every supervisor would go on forever (servers
// that start supervisors that run tests that start servers...).
func Main(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "taskmanager" {
		fmt.Fprintln(os.Stderr, "enginetest: the test binary was started as a supervisor; give the engine (or server.RunOptions) Executable: enginetest.Binary(t)")
		os.Exit(2)
	}
	code := m.Run()
	if aiflow.dir != "" {
		os.RemoveAll(aiflow.dir)
	}
	os.Exit(code)
}

// Binary returns the path of the aiflow binary, built on first use; the go
// command is on PATH under go test.
func Binary(t testing.TB) string {
	t.Helper()
	aiflow.once.Do(func() {
		if aiflow.dir, aiflow.err = os.MkdirTemp("", "aiflow-bin-"); aiflow.err != nil {
			return
		}
		aiflow.path = filepath.Join(aiflow.dir, "aiflow")
		out, err := exec.Command("go", "build", "-o", aiflow.path, "github.com/aiflow-go/aiflow/cmd/aiflow").CombinedOutput()
		if err != nil {
			aiflow.err = fmt.Errorf("go build aiflow: %v\n%s", err, out)
			return
		}
		aiflow.err = watchSources()
	})
	if aiflow.err != nil {
		t.Fatal(aiflow.err)
	}
	return aiflow.path
}

// Link makes dir/aiflow a link to the aiflow binary and returns its path;
// put dir on PATH to let task commands call aiflow.
func Link(t testing.TB, dir string) string {
	t.Helper()
	bin := Binary(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "aiflow")
	if err := os.Symlink(bin, link); err != nil {
		t.Fatal(err)
	}
	return link
}

// watchSources opens the folder of every package of the aiflow binary.
// go test caches a result by the files of the module the test opened (a
// folder by its entries' sizes and times), and nothing else tells it that
// the tests depend on the binary's packages (cli...): without this, a change
// to one of them would not run these tests again.
func watchSources() error {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.Dir}}", "github.com/aiflow-go/aiflow/cmd/aiflow").Output()
	if err != nil {
		return fmt.Errorf("go list the packages of aiflow: %w", err)
	}
	for _, dir := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f, err := os.Open(dir)
		if err != nil {
			return err
		}
		f.Close()
	}
	return nil
}
