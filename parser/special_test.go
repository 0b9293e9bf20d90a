//go:build unix

package parser_test

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A named pipe named like a definition, given or found in a folder, or
// imported by one, is refused with a positioned error instead of blocking
// the load for ever.
func TestNamedPipes(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"main.py": "from ai_flow.model.workflow import Workflow\nfrom ai_flow.operators.bash import BashOperator\nimport fifo\n\nwith Workflow(name='m') as w:\n    a = BashOperator(name='a', bash_command='true')\n",
	})
	for _, name := range []string{"pipe.py", "fifo.py"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	p := newParser(t)
	done := make(chan string, 1)
	go func() {
		var out []string
		for _, d := range p.Load(context.Background(), []string{dir, filepath.Join(dir, "pipe.py")}).Diags {
			out = append(out, d.Error())
		}
		done <- strings.Join(out, "\n")
	}()
	select {
	case got := <-done:
		for _, want := range []string{
			`fifo.py: error: cannot read "` + filepath.Join(dir, "fifo.py") + `": it is a named pipe (FIFO), not a regular file`,
			`pipe.py: error: cannot read "` + filepath.Join(dir, "pipe.py") + `": it is a named pipe (FIFO), not a regular file`,
			`module "fifo" is not available while loading`,
		} {
			if !strings.Contains(got, want) {
				t.Errorf("diagnostics:\n%s\nwant one containing %q", got, want)
			}
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the load blocked on a named pipe")
	}
}
