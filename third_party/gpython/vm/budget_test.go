// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vm_test

import (
	"strings"
	"testing"
	"time"

	"github.com/go-python/gpython/py"
)

// isBudgetExceeded reports whether err is a py.BudgetExceeded exception.
func isBudgetExceeded(err error) bool {
	exc, ok := err.(py.ExceptionInfo)
	return ok && exc.Type == py.BudgetExceeded
}

func TestBudgetEndsEndlessLoops(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
	}{
		{"while true", "while True:\n    pass\n"},
		{"swallow exception", `
while True:
    try:
        pass
    except BaseException:
        pass
`},
		{"swallow in handler", `
while True:
    try:
        while True:
            pass
    except BaseException:
        while True:
            try:
                pass
            except BaseException:
                pass
`},
		{"finally", `
def f():
    while True:
        try:
            pass
        finally:
            pass
f()
`},
		{"recursion caught", `
def f(n):
    try:
        return f(n + 1)
    except BaseException:
        return f(n + 1)
while True:
    try:
        f(0)
    except BaseException:
        pass
`},
		{"comprehension", "while True:\n    [x for x in range(10)]\n"},
		{"generator", `
def gen():
    while True:
        yield 1
for _ in gen():
    pass
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := py.DefaultContextOpts()
			opts.MaxSteps = 200000
			_, err := runSrc(t, opts, tc.src)
			if !isBudgetExceeded(err) {
				t.Fatalf("err = %v, want BudgetExceeded", err)
			}
			want := "execution budget of 200000 steps exceeded"
			if !strings.Contains(err.Error(), want) {
				t.Errorf("err = %q, want it to contain %q", err.Error(), want)
			}
		})
	}
}

func TestBudgetNotCaughtByException(t *testing.T) {
	opts := py.DefaultContextOpts()
	opts.MaxSteps = 10000
	out, err := runSrc(t, opts, `
try:
    while True:
        pass
except Exception:
    print("caught by except Exception")
`)
	if !isBudgetExceeded(err) {
		t.Fatalf("err = %v, want BudgetExceeded", err)
	}
	if out != "" {
		t.Errorf("output %q, want none", out)
	}
}

func TestBudgetExactSteps(t *testing.T) {
	code, err := py.Compile("x = 1\ny = 2\n", "<test>", py.ExecMode, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	// x = 1; y = 2; return None is LOAD_CONST STORE_NAME twice, then
	// LOAD_CONST RETURN_VALUE: 6 instructions.
	const steps = 6
	for _, tc := range []struct {
		max  int64
		fail bool
	}{{steps - 1, true}, {steps, false}, {steps + 1, false}} {
		opts := py.DefaultContextOpts()
		opts.MaxSteps = tc.max
		ctx := py.NewContext(opts)
		_, err := py.RunCode(ctx, code, "<test>", nil)
		if got := isBudgetExceeded(err); got != tc.fail {
			t.Errorf("MaxSteps=%d: err = %v, want exceeded %v", tc.max, err, tc.fail)
		}
		if !tc.fail {
			if got := py.ContextBudget(ctx).Steps(); got != steps {
				t.Errorf("MaxSteps=%d: Steps = %d, want %d", tc.max, got, steps)
			}
		}
		ctx.Close()
	}
}

func TestBudgetSticky(t *testing.T) {
	opts := py.DefaultContextOpts()
	opts.MaxSteps = 5000
	ctx := py.NewContext(opts)
	defer ctx.Close()
	code, err := py.Compile("def f():\n    return 1\nwhile True:\n    pass\n", "<test>", py.ExecMode, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	globals := py.NewStringDict()
	_, err = ctx.RunCode(code, globals, globals, nil)
	if !isBudgetExceeded(err) {
		t.Fatalf("err = %v, want BudgetExceeded", err)
	}
	// A later call from the host into the same context fails at once.
	_, err = py.Call(globals["f"], nil, nil)
	if !isBudgetExceeded(err) {
		t.Fatalf("later call: err = %v, want BudgetExceeded", err)
	}
}

func TestBudgetDone(t *testing.T) {
	done := make(chan struct{})
	opts := py.DefaultContextOpts()
	opts.Done = done
	time.AfterFunc(20*time.Millisecond, func() { close(done) })
	start := time.Now()
	_, err := runSrc(t, opts, "while True:\n    try:\n        pass\n    except BaseException:\n        pass\n")
	if !isBudgetExceeded(err) {
		t.Fatalf("err = %v, want BudgetExceeded", err)
	}
	if !strings.Contains(err.Error(), "execution interrupted") {
		t.Errorf("err = %q, want an interruption message", err.Error())
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("interrupt took %v", d)
	}
}

// TestBudgetDoneEvery checks that ContextOpts.DoneEvery sets how many
// instructions run between two looks at Done: with Done closed from the
// start, the program is stopped after exactly that many.
func TestBudgetDoneEvery(t *testing.T) {
	code, err := py.Compile("while True:\n    pass\n", "<test>", py.ExecMode, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	close(done)
	for _, tc := range []struct{ every, want int64 }{{0, 4096}, {64, 64}, {1, 1}} {
		opts := py.DefaultContextOpts()
		opts.Done = done
		opts.DoneEvery = tc.every
		ctx := py.NewContext(opts)
		_, err := py.RunCode(ctx, code, "<test>", nil)
		if !isBudgetExceeded(err) {
			t.Errorf("DoneEvery=%d: err = %v, want BudgetExceeded", tc.every, err)
		}
		if got := py.ContextBudget(ctx).Steps(); got != tc.want {
			t.Errorf("DoneEvery=%d: stopped after %d steps, want %d", tc.every, got, tc.want)
		}
		ctx.Close()
	}
}

func TestNoBudget(t *testing.T) {
	ctx := py.NewContext(py.DefaultContextOpts())
	defer ctx.Close()
	b := py.ContextBudget(ctx)
	if b == nil || b.Counting() || b.Steps() != 0 {
		t.Errorf("budget without limits = %v, want one that does not count", b)
	}
	out, err := runSrc(t, py.DefaultContextOpts(), "print(sum([i for i in range(100)]))\n")
	if err != nil || out != "4950\n" {
		t.Errorf("got %q, %v", out, err)
	}
}

// TestRecursionLimit checks that unbounded recursion raises
// RecursionError instead of overflowing the Go stack, which would kill
// the process.
func TestRecursionLimit(t *testing.T) {
	for _, tc := range []struct {
		name     string
		maxDepth int
		src      string
		want     string
	}{
		{"default", 0, `
import sys
def f(n):
    return f(n + 1)
try:
    f(0)
except RecursionError as e:
    print("RecursionError:", e)
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(sys.getrecursionlimit(), depth(990))
`, "RecursionError: maximum recursion depth exceeded\n1000 990\n"},
		{"option", 50, `
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(depth(40))
try:
    depth(60)
except RuntimeError:
    print("too deep")
`, "40\ntoo deep\n"},
		{"setrecursionlimit", 0, `
import sys
sys.setrecursionlimit(3000)
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(depth(2500))
`, "2500\n"},
		{"setrecursionlimit capped", 0, `
import sys
try:
    sys.setrecursionlimit(10 ** 7)
except ValueError:
    print("capped", sys.getrecursionlimit())
`, "capped 1000\n"},
		{"methods and lambdas", 0, `
class K:
    def __eq__(self, other):
        return self == other
try:
    K() == K()
except RecursionError:
    print("eq recursion")
g = lambda: g()
try:
    g()
except RecursionError:
    print("lambda recursion")
`, "eq recursion\nlambda recursion\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := py.DefaultContextOpts()
			opts.MaxDepth = tc.maxDepth
			out, err := runSrc(t, opts, tc.src)
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if out != tc.want {
				t.Errorf("output %q, want %q", out, tc.want)
			}
		})
	}
}
