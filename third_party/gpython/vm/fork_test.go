// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vm_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-python/gpython/py"
	"github.com/go-python/gpython/pytest"
)

// TestForkScripts runs the programs in testdata/fork and compares what
// they print with the golden files next to them. The golden files were
// produced by CPython 3.11 from the same programs (see PATCHES.md), so
// each test shows gpython now behaves like CPython for that patch.
func TestForkScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "fork", "*.py"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scripts in testdata/fork")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".py")
		t.Run(name, func(t *testing.T) {
			pytest.RunScript(t, f)
		})
	}
}

// runSrc compiles and runs src in a fresh context whose sys.stdout is
// captured, returning what the program printed and the error.
func runSrc(t testing.TB, opts py.ContextOpts, src string) (string, error) {
	t.Helper()
	ctx := py.NewContext(opts)
	defer ctx.Close()
	code, err := py.Compile(src, "<test>", py.ExecMode, 0, true)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	var out strings.Builder
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(&out, r)
		close(done)
	}()
	sys := ctx.Store().MustGetModule("sys")
	sys.Globals["stdout"] = &py.File{File: w, FileMode: py.FileWrite}
	_, err = py.RunCode(ctx, code, "<test>", nil)
	w.Close()
	<-done
	r.Close()
	return out.String(), err
}

// TestNoHostStdout checks that the interpreter itself writes nothing to
// the host's stdout: type(name, bases, dict) used to print a FIXME line.
func TestNoHostStdout(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = w
	var host strings.Builder
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(&host, r)
		close(done)
	}()
	got, runErr := runSrc(t, py.DefaultContextOpts(), "K = type('K', (object,), {'x': 1})\nprint(K.x, K().x)\n")
	os.Stdout = saved
	w.Close()
	<-done
	r.Close()
	if runErr != nil {
		t.Fatalf("run: %v", runErr)
	}
	if got != "1 1\n" {
		t.Errorf("program output = %q, want %q", got, "1 1\n")
	}
	if host.String() != "" {
		t.Errorf("host stdout got %q, want nothing", host.String())
	}
}
