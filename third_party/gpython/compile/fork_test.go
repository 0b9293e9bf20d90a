// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package compile

import (
	"testing"

	"github.com/go-python/gpython/py"
)

// codesByName collects every code object nested in co by name.
func codesByName(co *py.Code, into map[string]*py.Code) {
	into[co.Name] = co
	for _, c := range co.Consts {
		if sub, ok := c.(*py.Code); ok {
			codesByName(sub, into)
		}
	}
}

// TestFirstlineno checks Code.Firstlineno for every kind of code object;
// the compiler used to leave it at 1.
func TestFirstlineno(t *testing.T) {
	src := `x = 1

def f():
    return [i for i in range(3)]

@dec1
@dec2
class K:
    def m(self):
        return lambda: {k: 1 for k in ()}

g = (y for y in ())
`
	co, err := Compile(src, "<test>", py.ExecMode, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]*py.Code{}
	codesByName(co, codes)
	for _, tc := range []struct {
		name string
		want int32
	}{
		{"<module>", 1},
		{"f", 3},
		{"<listcomp>", 4},
		{"K", 6},
		{"m", 9},
		{"<lambda>", 10},
		{"<dictcomp>", 10},
		{"<genexpr>", 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := codes[tc.name]
			if !ok {
				t.Fatalf("no code object %q", tc.name)
			}
			if c.Firstlineno != tc.want {
				t.Errorf("Firstlineno = %d, want %d", c.Firstlineno, tc.want)
			}
		})
	}
}

// TestCell2arg checks that a parameter captured by an inner scope is
// mapped to its cell, so the VM can copy the argument into the cell.
func TestCell2arg(t *testing.T) {
	src := `def f(a, b, *args, c, **kw):
    return lambda: (b, kw, c, args)
`
	co, err := Compile(src, "<test>", py.ExecMode, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]*py.Code{}
	codesByName(co, codes)
	f := codes["f"]
	got := map[string]int{}
	for i, cell := range f.Cellvars {
		got[cell] = int(f.Cell2arg[i])
	}
	want := map[string]int{"b": 1, "c": 2, "args": 3, "kw": 4}
	for name, idx := range want {
		if got[name] != idx {
			t.Errorf("cell %q maps to arg %d, want %d (varnames %v, cellvars %v)", name, got[name], idx, f.Varnames, f.Cellvars)
		}
	}
}
