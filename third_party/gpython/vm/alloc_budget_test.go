// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vm_test

import (
	"strings"
	"testing"

	"github.com/go-python/gpython/py"
)

// runAlloc runs src with an allocation budget of max bytes and returns
// the error and the bytes counted.
func runAlloc(t *testing.T, src string, max int64) (error, int64) {
	t.Helper()
	opts := py.DefaultContextOpts()
	opts.MaxSteps = 1 << 40
	opts.MaxAlloc = max
	ctx := py.NewContext(opts)
	defer ctx.Close()
	code, err := py.Compile(src, "<test>", py.ExecMode, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	_, err = py.RunCode(ctx, code, "<test>", nil)
	return err, py.ContextBudget(ctx).Allocated()
}

// TestAllocBudget checks fork patch 39: what operations build counts
// against ContextOpts.MaxAlloc, what they only hand back does not, and
// the exception is a BudgetExceeded that except Exception cannot catch.
func TestAllocBudget(t *testing.T) {
	const mib = 1 << 20
	over := []struct{ name, src string }{
		{"str repeat", "keep = []\nfor i in range(100):\n    keep.append('x' * (100 << 10) + str(i))"},
		{"concat growth", "s = ''\nfor i in range(1000):\n    s += 'a' * 4000"},
		{"list of range", "l = list(range(1 << 17))"},
		{"str method", "s = 'ab' * (1 << 16)\nkeep = [s.replace('a', 'c') for i in range(20)]"},
		{"zip of ranges", "r = range(10 ** 6)\nl = list(zip(r, r, r, r))"},
		{"generator", "l = list(str(i) * 10 for i in range(10 ** 6))"},
		{"dict entries", "d = {}\nfor i in range(10 ** 6):\n    d[str(i)] = i"},
		{"big ints", "x = 3 ** 100000\nkeep = [x * x for i in range(100)]"},
		{"caught", "try:\n    s = 'x' * (2 << 20)\nexcept Exception:\n    pass\nt = 1"},
	}
	for _, tc := range over {
		t.Run(tc.name, func(t *testing.T) {
			err, n := runAlloc(t, tc.src, mib)
			if err == nil || !strings.Contains(err.Error(), "AllocBudgetExceeded") {
				t.Fatalf("err = %v after %d bytes, want AllocBudgetExceeded", err, n)
			}
		})
	}
	under := []struct{ name, src string }{
		{"small work", "l = [str(i) for i in range(1000)]\nd = {k: k + 'x' for k in l}"},
		{"getting what exists", "big = 'x' * (512 << 10)\nd = {'k': big}\nfor i in range(1000):\n    v = d.get('k')\n    w = d['k']"},
		{"str of a str", "big = 'x' * (512 << 10)\nfor i in range(1000):\n    v = str(big)\n    w = big.strip()"},
		{"tuple of a tuple", "t = tuple(range(1000))\nfor i in range(1000):\n    u = tuple(t)"},
	}
	for _, tc := range under {
		t.Run(tc.name, func(t *testing.T) {
			if err, n := runAlloc(t, tc.src, mib); err != nil {
				t.Fatalf("err = %v after %d bytes, want none", err, n)
			}
		})
	}
}
