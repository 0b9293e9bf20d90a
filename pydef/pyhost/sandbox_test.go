package pyhost

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestSandbox(t *testing.T) {
	cases := []struct {
		name, src, op string
		line          int
	}{
		{"os.system", "import os\n\nos.system('rm -rf /')\n", "os.system", 3},
		{"os.remove", "import os\nos.remove('x')\n", "os.remove", 2},
		{"open-write", "x = 1\nf = open('out.txt', 'w')\n", "open(..., 'w')", 2},
		{"open-append", "open('out.txt', mode='a')\n", "open(..., 'a')", 1},
		{"open-outside", "open('/etc/passwd')\n", "open() outside the definition folder", 1},
		{"open-dotdot", "open('../secret')\n", "open() outside the definition folder", 1},
		{"subprocess", "import subprocess\nsubprocess.run(['ls'])\n", "subprocess.run", 2},
		{"socket", "import socket\ns = socket.socket()\n", "socket.socket", 2},
		{"shutil", "import shutil\nshutil.rmtree('/tmp/x')\n", "shutil.rmtree", 2},
		{"requests", "import requests\nrequests.get('http://x')\n", "requests.get", 2},
		{"caught", "import os\ntry:\n    os.system('x')\nexcept BaseException:\n    pass\nprint('went on')\n", "os.system", 0},
		{"sys.exit", "import sys\nsys.exit(1)\n", "sys.exit", 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runSrc(t, "", tc.src)
			var se *SandboxError
			if !errors.As(err, &se) {
				t.Fatalf("got %v (%T), want a SandboxError", err, err)
			}
			if se.Op != tc.op {
				t.Errorf("op = %q, want %q", se.Op, tc.op)
			}
			if tc.line != 0 {
				if f := se.Traceback.Innermost(nil); f.Line != tc.line {
					t.Errorf("line = %d, want %d (traceback %v)", f.Line, tc.line, se.Traceback)
				}
			}
			if !strings.Contains(se.Error(), "sandbox") {
				t.Errorf("message %q does not mention the sandbox", se.Error())
			}
		})
	}
}

func TestSandboxAllowsReading(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "data.txt"), []byte("one\ntwo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runSrc(t, dir, dedent(`
		import os
		with open('data.txt') as f:
		    print(f.read().split())
		for line in open(os.path.join(os.path.dirname(__file__), 'data.txt')):
		    print(line.strip())
		print(sorted(os.listdir('.')))
	`))
	if err != nil {
		t.Fatal(err)
	}
	want := "['one', 'two']\none\ntwo\n['data.txt', 'wf.py']\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestBuiltinTypesAreReadOnly(t *testing.T) {
	for _, src := range []string{
		"list.append = None\n",
		"setattr(str, 'upper', None)\n",
		"del dict.get\n",
		"object.x = 1\n",
	} {
		_, err := runSrc(t, "", src)
		var pe *PythonError
		if !errors.As(err, &pe) || pe.Type != "TypeError" {
			t.Errorf("%q: got %v, want a TypeError", src, err)
		}
	}
	out, err := runSrc(t, "", "print([1].append is not None, 'a'.upper())\n")
	if err != nil || out != "True A\n" {
		t.Errorf("builtin types changed: %q %v", out, err)
	}
}

func TestBudget(t *testing.T) {
	start := time.Now()
	_, err := runSrc(t, "", "x = 0\nwhile True:\n    x += 1\n")
	var be *BudgetError
	if !errors.As(err, &be) {
		t.Fatalf("got %v, want a BudgetError", err)
	}
	if d := time.Since(start); d > 3*time.Second && !raceEnabled {
		t.Errorf("the default budget took %v to end an endless loop", d)
	}
	if f := be.Traceback.Innermost(nil); f.Line < 2 || f.Line > 3 {
		t.Errorf("budget error at line %d, want the loop (2-3)", f.Line)
	}
	// Catching it does not help: the budget error is sticky.
	_, err = runSrc(t, "", "while True:\n    try:\n        while True: pass\n    except BaseException:\n        pass\n", func(o *Options) { o.MaxSteps = 100000 })
	if !errors.As(err, &be) {
		t.Fatalf("caught budget: got %v, want a BudgetError", err)
	}
}

func TestInterrupt(t *testing.T) {
	done := make(chan struct{})
	time.AfterFunc(50*time.Millisecond, func() { close(done) })
	_, err := runSrc(t, "", "while True: pass\n", func(o *Options) { o.MaxSteps = 1 << 40; o.Done = done })
	var be *BudgetError
	if !errors.As(err, &be) || !be.Interrupted {
		t.Fatalf("got %v, want an interrupted BudgetError", err)
	}
}

func TestRecursionLimit(t *testing.T) {
	_, err := runSrc(t, "", "def f(n):\n    return f(n + 1)\nf(0)\n")
	var pe *PythonError
	if !errors.As(err, &pe) || pe.Type != "RecursionError" {
		t.Fatalf("got %v, want a RecursionError", err)
	}
}

func TestOutputIsCapped(t *testing.T) {
	out, err := runSrc(t, "", "for i in range(200000):\n    print('0123456789')\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(out) > maxOutput+100 || !strings.HasSuffix(out, "[output truncated]\n") {
		t.Errorf("output of %d bytes ends with %q", len(out), out[len(out)-30:])
	}
}

// open() looks before it reads: a file over the object size limit (a huge
// or sparse one) raises MemoryError without being read, and a named pipe
// an OSError instead of blocking the load.
func TestOpenLooksFirst(t *testing.T) {
	dir := t.TempDir()
	big, err := os.Create(filepath.Join(dir, "sparse.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(1 << 40); err != nil { // 1 TiB, sparse
		t.Skipf("sparse file: %v", err)
	}
	big.Close()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan string, 1)
	go func() {
		out, err := runSrc(t, dir, dedent(`
			for name in ['sparse.bin', 'pipe.txt']:
			    try:
			        open(name, 'rb').read()
			    except (MemoryError, OSError) as e:
			        print(name, type(e).__name__)
		`))
		if err != nil {
			out += err.Error()
		}
		done <- out
	}()
	select {
	case out := <-done:
		if want := "sparse.bin MemoryError\npipe.txt OSError\n"; out != want {
			t.Errorf("got %q, want %q", out, want)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("open() blocked")
	}
}
