// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vm_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/go-python/gpython/py"
)

// stepsOf runs src with a budget that cannot run out and returns the
// steps it was charged.
func stepsOf(t *testing.T, src string) int64 {
	t.Helper()
	opts := py.DefaultContextOpts()
	opts.MaxSteps = 1 << 40
	ctx := py.NewContext(opts)
	defer ctx.Close()
	code, err := py.Compile(src, "<test>", py.ExecMode, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := py.RunCode(ctx, code, "<test>", nil); err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return py.ContextBudget(ctx).Steps()
}

// TestGoWorkCharged checks fork patch 34: one instruction doing work in
// Go in proportion to its operands is charged for it. Each case is
// charged at least want steps more than the same statement on small
// operands (the setup line, whose own cost is subtracted, builds the
// operands).
func TestGoWorkCharged(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		name, big, small, stmt string
		want                   int64
	}{
		{"list repeat", "n = 3 << 20", "n = 1", "[0] * n", 3 << 20},
		{"tuple repeat", "n = 3 << 20", "n = 1", "(0,) * n", 3 << 20},
		{"str repeat", "n = 4 << 20", "n = 1", "'a' * n", 4 * mb / py.BytesPerStep},
		{"bytes repeat", "n = 4 << 20", "n = 1", "b'a' * n", 4 * mb / py.BytesPerStep},
		{"list concat", "l = [0] * (1 << 20)", "l = [0]", "l + l", 2 << 20},
		{"list iadd", "l = [0] * (1 << 20); m = [1] * 1000", "l = [0]; m = [1]", "l += m", 999},
		{"str concat", "s = 'a' * (4 << 20)", "s = 'a'", "s + s", 8 * mb / py.BytesPerStep},
		{"list slice", "l = [0] * (1 << 20)", "l = [0]", "l[:]", 1 << 20},
		{"list of range", "n = 1 << 20", "n = 1", "list(range(n))", 1 << 20},
		{"sorted", "l = [0] * (1 << 20)", "l = [0]", "sorted(l)", 1 << 20},
		{"join", "l = ['a'] * (1 << 20)", "l = ['a']", "''.join(l)", 1 << 20},
		{"str()", "l = 'a' * (4 << 20)", "l = 'a'", "str(l)", 4 * mb / py.BytesPerStep},
		{"count", "s = 'ab' * (2 << 20)", "s = 'ab'", "s.count('b')", 4 * mb / py.BytesPerStep},
		{"find", "s = 'ab' * (2 << 20)", "s = 'ab'", "s.find('c')", 4 * mb / py.BytesPerStep},
		{"replace matches", "s = 'ab' * (2 << 20)", "s = 'ab'", "s.replace('a', 'c')", 2 << 20},
		{"split", "s = 'ab' * (1 << 20)", "s = 'ab'", "s.split('a')", 1 << 20},
		{"in str", "s = 'ab' * (2 << 20)", "s = 'ab'", "'c' in s", 4 * mb / py.BytesPerStep},
		{"in list", "l = [0] * (1 << 20)", "l = [0]", "-1 in l", 1 << 20},
		{"== str", "s = 'ab' * (2 << 20); u = s[:-1] + 'c'", "s = 'ab'; u = 'ac'", "s == u", 4 * mb / py.BytesPerStep},
		{"== list", "l = [0] * (1 << 20); m = l[:]", "l = [0]; m = [0]", "l == m", 1 << 20},
		{"modular pow", "e, m = 10**3000, 10**3000 + 7", "e, m = 10, 17", "pow(3, e, m)", 9966 * (1 + 156*156/64)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := stepsOf(t, tc.big+"\n"+tc.stmt+"\n") - stepsOf(t, tc.small+"\n"+tc.stmt+"\n") -
				(stepsOf(t, tc.big+"\n") - stepsOf(t, tc.small+"\n"))
			if got+2 < tc.want { // the small operands have an item or two
				t.Errorf("%s on large operands charged %d more steps, want at least %d", tc.stmt, got, tc.want)
			}
		})
	}
}

// TestGoWorkEndsWithBudget runs the programs of the hardening issue
// that ran for minutes inside single instructions. With the loader's
// step budget each must now end with BudgetExceeded or the named
// exception: the bound is the budget, not a clock.
func TestGoWorkEndsWithBudget(t *testing.T) {
	for _, tc := range []struct{ name, src, exc string }{
		{"modular pow", "pow(3, 10**100000, 10**100000+7)", ""},
		{"list repeat", "[len([0]*(3<<20)) for i in range(2000)]", ""},
		{"tuple repeat", "for i in range(2000):\n    (0,)*(3<<20)", ""},
		{"bytes repeat", "for i in range(2000):\n    b'ab'*(30<<20)", ""},
		{"list slice", "l = [0]*(3<<20)\nfor i in range(2000):\n    l[:]", ""},
		{"join", "l = ['a']*(1<<20)\nfor i in range(100000):\n    ''.join(l)", ""},
		{"count", "s = 'ab'*(30<<20)\nfor i in range(100000):\n    s.count('b')", ""},
		{"find", "s = 'ab'*(30<<20)\nfor i in range(100000):\n    s.find('c')", ""},
		{"replace", "s = 'ab'*(30<<20)\nfor i in range(100000):\n    s.replace('a', 'c')", ""},
		{"in", "s = 'ab'*(30<<20)\nfor i in range(100000):\n    'c' in s", ""},
		{"in list", "l = [0]*(3<<20)\nfor i in range(100000):\n    -1 in l", ""},
		{"split", "s = 'ab'*(30<<20)\ns.split('a')", "MemoryError"},
		{"int of str", "int('9'*10**7)", "ValueError"},
		{"str of int", "str(10**1000000)", "ValueError"},
		{"deep repr", "d = {}\nx = d\nfor i in range(200000):\n    x['a'] = {}\n    x = x['a']\nstr(d)", "RecursionError"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := py.DefaultContextOpts()
			opts.MaxSteps = 20_000_000 // the loader's default
			_, err := runSrc(t, opts, tc.src)
			if tc.exc == "" {
				if !isBudgetExceeded(err) {
					t.Fatalf("err = %v, want BudgetExceeded", err)
				}
				return
			}
			exc, ok := err.(py.ExceptionInfo)
			if !ok || exc.Type.Name != tc.exc {
				t.Fatalf("err = %v, want %s", err, tc.exc)
			}
		})
	}
}

// TestPowModDone checks that Done interrupts a modular power that the
// step limit would allow.
func TestPowModDone(t *testing.T) {
	done := make(chan struct{})
	close(done)
	opts := py.DefaultContextOpts()
	opts.Done = done
	_, err := runSrc(t, opts, "pow(3, 10**100000, 10**100000+7)")
	if !isBudgetExceeded(err) || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("err = %v, want an interruption", err)
	}
}

// TestIntLiteralDigits checks that a decimal literal over the digit
// limit is a SyntaxError with CPython 3.11's message.
func TestIntLiteralDigits(t *testing.T) {
	_, err := py.Compile("x = "+strings.Repeat("9", 5000)+"\n", "<test>", py.ExecMode, 0, true)
	exc, ok := err.(*py.Exception)
	want := "Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits."
	if !ok || exc.Type() != py.SyntaxError || !strings.Contains(fmt.Sprint(exc.Args), want) {
		t.Errorf("got %v, want SyntaxError: %s", err, want)
	}
	if _, err := py.Compile("x = "+strings.Repeat("9", 4300)+"\ny = 0x"+strings.Repeat("f", 5000)+"\n", "<test>", py.ExecMode, 0, true); err != nil {
		t.Errorf("literals within the limit: %v", err)
	}
}
