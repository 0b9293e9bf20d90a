// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vm_test

import (
	"os"
	"testing"

	"github.com/go-python/gpython/py"
)

// TestDictOrderDeterministic runs the insertion-order golden program
// (testdata/fork/dict_order.py, whose golden file CPython 3.11 wrote)
// 20 times in fresh contexts: Go map iteration is random, so a dict
// that followed it would change its output from run to run. It also
// checks that a namespace (a StringDict: globals(), vars()) is seen in
// sorted order, the deterministic order it falls back to (patch 8).
func TestDictOrderDeterministic(t *testing.T) {
	src, err := os.ReadFile("testdata/fork/dict_order.py")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/fork/dict_order_golden.txt")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		got, err := runSrc(t, py.DefaultContextOpts(), string(src))
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if got != string(want) {
			t.Fatalf("run %d: got\n%s\nwant\n%s", i, got, want)
		}
	}
	ns := `
zz = 1
aa = 2
mm = 3
print([k for k in globals() if len(k) == 2])
`
	for i := 0; i < 20; i++ {
		got, err := runSrc(t, py.DefaultContextOpts(), ns)
		if err != nil {
			t.Fatal(err)
		}
		if got != "['aa', 'mm', 'zz']\n" {
			t.Fatalf("run %d: globals() in %s", i, got)
		}
	}
}
