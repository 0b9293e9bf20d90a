package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/engine/enginetest"
	"github.com/aiflow-go/aiflow/ir"
)

// TestHostileCorpus loads every file of testdata/hostile, and a few made
// here (too big to keep, or not plain files), the way the server loads an
// upload: in a child process under its hard limits of 512 MiB (of data,
// RLIMIT_DATA) and 10 s. Each must end with an error at a line of its own,
// from the bounds of the interpreter or of the parsers, not from the child
// being killed, which reports no line.
func TestHostileCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 80 hostile definitions")
	}
	bin := enginetest.Binary(t)
	files, _ := filepath.Glob("../testdata/hostile/*")
	if len(files) < 60 {
		t.Fatalf("the corpus has %d files", len(files))
	}
	files = append(files, generated(t)...)
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			t.Run(filepath.Base(f), func(t *testing.T) { hostile(t, bin, f) })
		}()
	}
	wg.Wait()
}

// hostile loads one file in a check child and checks how it ended.
func hostile(t *testing.T, bin, file string) {
	cmd := exec.Command(bin, "server", "check-upload", "--max-mb", "512", "--timeout", "10s", "--", file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = []string{}
	cmd.WaitDelay = time.Second
	timer := time.AfterFunc(10*time.Second, func() { cmd.Process.Kill() })
	start := time.Now()
	err := cmd.Run()
	timer.Stop()
	took := time.Since(start)
	if err != nil {
		t.Fatalf("the load was killed after %v: %v; %s", took.Round(time.Millisecond), err, tail(stderr.String()))
	}
	var out struct{ Diagnostics ir.Diagnostics }
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("answer %q: %v", tail(stdout.String()), err)
	}
	for _, d := range out.Diagnostics {
		if d.Severity == ir.Error && d.Span.Start.Line > 0 {
			t.Logf("%v: %s", took.Round(time.Millisecond), d.Error())
			return
		}
	}
	t.Errorf("no positioned error after %v: %v", took.Round(time.Millisecond), out.Diagnostics)
}

func tail(s string) string {
	if len(s) > 500 {
		return "..." + s[len(s)-500:]
	}
	return s
}

// generated writes the hostile files too big to keep in the repository,
// and those that need a FIFO or a sparse file next to them.
func generated(t *testing.T) []string {
	dir := t.TempDir()
	write := func(name string, fill func(w *bufio.Writer)) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		fill(w)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return p
	}
	written := 0 // bytes of gen_many_tasks.yaml
	files := []string{
		write("gen_literals.py", func(b *bufio.Writer) { // 100 MB of literals
			b.WriteString("x = [\n")
			for range 100 << 20 / 72 {
				b.WriteString("    'abcdefghijklmnopqrstuvwxyz0123456789', 12345678901234567890, 3.14159,\n")
			}
			b.WriteString("]\n")
		}),
		write("gen_assignments.py", func(b *bufio.Writer) { // 100,000 names to compile
			for i := range 100000 {
				b.WriteString("x" + strconv.Itoa(i) + " = " + strconv.Itoa(i) + "\n")
			}
			b.WriteString("raise ValueError('compiled and ran')\n")
		}),
		write("gen_long_line.py", func(b *bufio.Writer) { // one line of 2 MB
			b.WriteString(strings.Repeat("x = 1; ", 2_000_000/7) + "\n")
			b.WriteString("raise ValueError('ran')\n")
		}),
		write("gen_many_tasks.yaml", func(b *bufio.Writer) { // as many tasks as 2 MB hold, 20 upstreams each
			b.WriteString("name: many\ntasks:\n")
			for i := 0; ; i++ {
				line := "  - {name: t" + strconv.Itoa(i) + ", operator: bash, bash_command: echo, start_after: ["
				for j := max(0, i-20); j < i; j++ {
					if j > max(0, i-20) {
						line += ","
					}
					line += "t" + strconv.Itoa(j)
				}
				line += "]}\n"
				if written += len(line); written > 2_000_000 {
					break
				}
				b.WriteString(line)
			}
			b.WriteString("  - {name: t0, operator: bash, bash_command: echo}\n")
		}),
		write("gen_open_sparse.py", func(b *bufio.Writer) { b.WriteString("data = open('sparse.bin').read()\n") }),
		write("gen_open_fifo.py", func(b *bufio.Writer) { b.WriteString("data = open('pipe').read()\n") }),
	}
	f, err := os.Create(filepath.Join(dir, "sparse.bin"))
	if err == nil {
		err = f.Truncate(10 << 30)
		f.Close()
	}
	if err == nil {
		err = syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o600)
	}
	if err != nil {
		t.Fatal(err)
	}
	return files
}
