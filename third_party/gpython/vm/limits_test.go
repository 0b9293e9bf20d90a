// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vm_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-python/gpython/py"
)

// TestMemoryLimits checks fork patch 15: operations running in Go whose
// result size the program chooses raise MemoryError instead of
// allocating until the process dies.
func TestMemoryLimits(t *testing.T) {
	for _, tc := range []struct{ name, expr string }{
		{"str repeat", "'a' * 10**10"},
		{"str repeat reflected", "10**10 * 'ab'"},
		{"list repeat", "[0] * 10**9"},
		{"list repeat overflow", "[0, 1] * (2**62)"},
		{"bytes repeat", "b'x' * 10**10"},
		{"bytes of size", "bytes(10**10)"},
		{"tuple repeat", "(0,) * 10**9"},
		{"list of range", "list(range(10**10))"},
		{"tuple of range", "tuple(range(10**10))"},
		{"set of range", "set(range(10**10))"},
		{"sorted range", "sorted(range(10**10))"},
		{"list of map", "list(map(abs, range(10**10)))"},
		{"extend", "[].extend(range(10**10))"},
		{"ljust", "'x'.ljust(10**10)"},
		{"rjust", "'x'.rjust(10**10, '*')"},
		{"center", "'x'.center(10**10)"},
		{"zfill", "'-1'.zfill(10**10)"},
		{"join", "('a' * 10**6).join(['x'] * 10**6)"},
		{"replace", "('a' * 10**6).replace('a', 'a' * 10**6)"},
		{"percent width", "'%10000000000d' % 1"},
		{"percent precision", "'%.10000000000f' % 1.5"},
		{"power", "2 ** 10**10"},
		{"power odd base", "3 ** 10**10"},
		{"shift", "1 << 10**10"},
		{"big shift", "(2**100) << 10**10"},
		{"multiply", "(1 << 4000000) * (1 << 4000000)"},
		{"doubling str", "s = ' '\nwhile True:\n    s = s + s"},
		{"doubling list", "s = [0]\nwhile True:\n    s += s"},
		{"doubling tuple", "s = (0,)\nwhile True:\n    s = s + s"},
		{"doubling bytes", "s = b' '\nwhile True:\n    s += s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "try:\n    " + strings.ReplaceAll(tc.expr, "\n", "\n    ") + "\n    print('no error')\nexcept MemoryError as e:\n    print('MemoryError')\n"
			out, err := runSrc(t, py.DefaultContextOpts(), src)
			if err != nil || out != "MemoryError\n" {
				t.Errorf("got %q, %v; want MemoryError", out, err)
			}
		})
	}
}

// TestMemoryLimitsAllowNormalUse checks results just inside the limits
// and that SetMaxSize changes the limit.
func TestMemoryLimitsAllowNormalUse(t *testing.T) {
	out, err := runSrc(t, py.DefaultContextOpts(), `
print(len('ab' * 1000000), len([0] * 1000000), len(b'x' * 1000), len(list(range(100000))))
print('x'.ljust(5, '-'), 'x'.rjust(3), 'ab'.center(5, '*'), '-42'.zfill(6), '+7'.zfill(1), ','.join(('a', 'b')))
print(2 ** 100, 1 << 70, len(str(2 ** 14000)), len(hex(2 ** 100000)), (-1) ** (10**18), 0 << 10**18)
`)
	want := "2000000 1000000 1000 100000\nx---- ..x **ab* -00042 +7 a,b\n1267650600228229401496703205376 1180591620717411303424 4215 25003 1 0\n"
	want = strings.Replace(want, "..x", "  x", 1)
	if err != nil || out != want {
		t.Errorf("got %q, %v\nwant %q", out, err, want)
	}

	py.SetMaxSize(1000)
	defer py.SetMaxSize(0)
	if py.MaxSize() != 1000 {
		t.Fatalf("MaxSize = %d after SetMaxSize(1000)", py.MaxSize())
	}
	out, err = runSrc(t, py.DefaultContextOpts(), `
print(len('a' * 1000))
for f in (lambda: 'a' * 1001, lambda: list(iter(lambda: 0, 1)), lambda: bytes(iter(lambda: 0, 1))):
    try:
        f()
    except MemoryError:
        print('MemoryError')
`)
	if err != nil || out != "1000\nMemoryError\nMemoryError\nMemoryError\n" {
		t.Errorf("with SetMaxSize(1000): got %q, %v", out, err)
	}
}

// TestMaxIntBits checks that SetMaxIntBits changes the int limit.
func TestMaxIntBits(t *testing.T) {
	py.SetMaxIntBits(100)
	defer py.SetMaxIntBits(0)
	if py.MaxIntBits() != 100 {
		t.Fatalf("MaxIntBits = %d after SetMaxIntBits(100)", py.MaxIntBits())
	}
	out, err := runSrc(t, py.DefaultContextOpts(), `
print(2 ** 90, 1 << 99)
for f in (lambda: 2 ** 101, lambda: 1 << 101, lambda: (2 ** 99) * 4):
    try:
        f()
    except MemoryError:
        print('MemoryError')
`)
	want := "1237940039285380274899124224 633825300114114700748351602688\nMemoryError\nMemoryError\nMemoryError\n"
	if err != nil || out != want {
		t.Errorf("got %q, %v, want %q", out, err, want)
	}
}

// TestBudgetGoLoops checks that loops running in Go inside builtins
// count against the step budget and notice Done.
func TestBudgetGoLoops(t *testing.T) {
	for _, src := range []string{
		"sum(range(10**12))",
		"max(range(10**12))",
		"min(range(10**12))",
		"any(x > 10**13 for x in range(10**12))",
		"all(range(1, 10**12))",
		"any(map(bool, [0] * 1000000))",
		"while True:\n    sum([1] * 1000)",
		"while True:\n    list(range(100000))",
		"while True:\n    sorted(range(100000))",
		"while True:\n    set(map(abs, range(100000)))",
		"while True:\n    tuple(range(100000))",
	} {
		t.Run(src, func(t *testing.T) {
			opts := py.DefaultContextOpts()
			opts.MaxSteps = 500000
			start := time.Now()
			_, err := runSrc(t, opts, src)
			if !isBudgetExceeded(err) {
				t.Fatalf("err = %v, want BudgetExceeded", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	t.Run("done", func(t *testing.T) {
		done := make(chan struct{})
		opts := py.DefaultContextOpts()
		opts.Done = done
		time.AfterFunc(20*time.Millisecond, func() { close(done) })
		start := time.Now()
		_, err := runSrc(t, opts, "sum(range(10**15))")
		if !isBudgetExceeded(err) || !strings.Contains(err.Error(), "execution interrupted") {
			t.Fatalf("err = %v, want an interruption", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("interrupt took %v", d)
		}
	})
	t.Run("no budget", func(t *testing.T) {
		out, err := runSrc(t, py.DefaultContextOpts(), "print(sum(range(1000)), max([3, 1]), min(4, 2), any([0, 1]), all([]))\n")
		if err != nil || out != "499500 3 2 True True\n" {
			t.Errorf("got %q, %v", out, err)
		}
	})
}

// TestBudgetChargesContainers checks that the items of a container built
// by Go code are counted exactly, also across the chunks in which Done
// is polled.
func TestBudgetChargesContainers(t *testing.T) {
	steps := func(src string) int64 {
		t.Helper()
		opts := py.DefaultContextOpts()
		opts.MaxSteps = 1 << 40
		opts.Done = make(chan struct{})
		ctx := py.NewContext(opts)
		defer ctx.Close()
		code, err := py.Compile(src, "<test>", py.ExecMode, 0, true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := py.RunCode(ctx, code, "<test>", nil); err != nil {
			t.Fatal(err)
		}
		return py.ContextBudget(ctx).Steps()
	}
	base := steps("list(range(0))")
	for _, n := range []int64{1, 4095, 4096, 4097, 10000} {
		src := "list(range(" + strconv.FormatInt(n, 10) + "))"
		if got := steps(src) - base; got != n {
			t.Errorf("%s: charged %d steps, want %d", src, got, n)
		}
	}
}
