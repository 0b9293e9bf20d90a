// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package compile

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/go-python/gpython/parser"
	"github.com/go-python/gpython/py"
)

// TestConstIndexOrder checks fork patch 35: constants looked up through
// the index share slots exactly as the scan of v0.2.0 did (same type
// and equal), in order of first use.
func TestConstIndexOrder(t *testing.T) {
	src := "a = 1\nb = 1.0\nc = True\nd = 1\ne = 0.0\nf = -0.0\ng = 'a'\nh = b'a'\ni = 'a'\n" +
		"j = 2**70\nk = 1180591620717411303424\nl = 1180591620717411303424\nm = 1j\nn = 1j\no = False\np = 1.0\nq = None\n"
	code, err := Compile(src, "t.py", py.ExecMode, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range code.Consts {
		r, _ := py.ReprAsString(c)
		got = append(got, fmt.Sprintf("%s:%s", c.Type().Name, r))
	}
	want := "int:1 float:1.0 bool:True float:0.0 str:'a' bytes:b'a' int:2 int:70 bigint:1180591620717411303424 complex64:(0+1j) bool:False NoneType:None"
	if strings.Join(got, " ") != want {
		t.Errorf("consts\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	// NaN never equals itself: two slots, as with the scan.
	// The same through the index (past linearMax constants).
	var ci constIndex
	var consts []py.Object
	for i := 0; i <= linearMax; i++ {
		consts = append(consts, py.String(fmt.Sprint(i)))
	}
	for _, o := range []py.Object{py.Float(math.NaN()), py.Float(math.NaN()), py.Tuple{py.Int(1)}, py.Tuple{py.Int(1)}, py.Float(0), py.Float(math.Copysign(0, -1)), py.Int(0), py.Bool(false)} {
		if _, ok := ci.find(consts, o); !ok {
			consts = append(consts, o)
		}
	}
	if n := len(consts) - linearMax - 1; n != 6 {
		t.Errorf("%d slots for NaN, NaN, (1,), (1,), 0.0, -0.0, 0, False; want 6", n)
	}
}

// TestCompileManyNames checks that a module of many assignments and a
// function of many locals keep their names and constants in order.
func TestCompileManyNames(t *testing.T) {
	const n = 20000
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "x%d = %d\n", i, i)
	}
	b.WriteString("def f():\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "    y%d = x%d\n", i, n-1-i)
	}
	code, err := Compile(b.String(), "t.py", py.ExecMode, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if code.Names[i] != fmt.Sprintf("x%d", i) || code.Consts[i] != py.Int(i) {
			t.Fatalf("name/const %d = %s/%v", i, code.Names[i], code.Consts[i])
		}
	}
	var f *py.Code
	for _, c := range code.Consts {
		if fc, ok := c.(*py.Code); ok {
			f = fc
		}
	}
	if f == nil || len(f.Varnames) != n || len(f.Names) != n {
		t.Fatalf("f: %v", f)
	}
	for i := 0; i < n; i++ {
		if f.Varnames[i] != fmt.Sprintf("y%d", i) || f.Names[i] != fmt.Sprintf("x%d", n-1-i) {
			t.Fatalf("f name %d = %s %s", i, f.Varnames[i], f.Names[i])
		}
	}
}

// TestCompileDone checks that compiling stops with BudgetExceeded when
// the done channel is closed, before starting and while compiling.
func TestCompileDone(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 3*doneEvery; i++ {
		fmt.Fprintf(&b, "x%d = %d\n", i, i)
	}
	mod, err := parser.Parse(bytes.NewBufferString(b.String()), "t.py", py.ExecMode)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	close(done)
	_, err = CompileASTDone(mod, "t.py", 0, true, done)
	if exc, ok := err.(*py.Exception); !ok || exc.Type() != py.BudgetExceeded {
		t.Fatalf("closed before: got %v, want BudgetExceeded", err)
	}
	// Closed while compiling: the look every doneEvery statements sees
	// it (the compiler is driven directly so that done closes midway).
	open := make(chan struct{})
	c := newCompiler(nil, compilerScopeModule)
	c.done = open
	for i := 1; i < doneEvery; i++ {
		c.checkDone()
	}
	close(open)
	func() {
		defer func() {
			exc, ok := recover().(*py.Exception)
			if !ok || exc.Type() != py.BudgetExceeded || !strings.Contains(fmt.Sprint(exc.Args), fmt.Sprint(doneEvery)) {
				t.Errorf("closed midway: got %v, want BudgetExceeded after %d statements", exc, doneEvery)
			}
		}()
		c.checkDone()
	}()
	// An open channel or none changes nothing.
	for _, d := range []chan struct{}{nil, make(chan struct{})} {
		code, err := CompileASTDone(mod, "t.py", 0, true, d)
		if err != nil || len(code.Names) != 3*doneEvery {
			t.Errorf("done %v: %v", d, err)
		}
	}
}
