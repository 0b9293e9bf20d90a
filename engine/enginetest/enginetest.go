// Package enginetest runs an in-process server and engine for tests whose
// tasks are real processes, with the test binary standing in for the
// aiflow binary: call Main from TestMain, and the binary runs as `aiflow`
// (supervisors, `aiflow event send` inside tasks, a server in its own
// process) when it is started through a link named aiflow (Link).
package enginetest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aiflow-go/aiflow/cli"
)

// Main runs the aiflow command line when the binary was started as
// "aiflow", or as a supervisor (an engine whose Executable was left to
// default to the running binary); otherwise it runs the tests. Running the
// tests in a supervisor would start servers that start supervisors...
func Main(m *testing.M) {
	if filepath.Base(os.Args[0]) == "aiflow" || len(os.Args) > 1 && os.Args[1] == "taskmanager" {
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// Link makes dir/aiflow a link to the test binary and returns its path;
// put dir on PATH to let task commands call aiflow.
func Link(t testing.TB, dir string) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "aiflow")
	if err := os.Symlink(exe, link); err != nil {
		t.Fatal(err)
	}
	return link
}
