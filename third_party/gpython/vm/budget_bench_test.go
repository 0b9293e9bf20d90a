// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vm_test

import (
	"testing"

	"github.com/go-python/gpython/py"
)

// loopSrc runs 1M iterations of a small loop body (about 10M bytecode
// instructions), the hot path the execution budget check sits on.
const loopSrc = `
n = 0
i = 0
while i < 1000000:
    n = n + i
    i = i + 1
`

func benchLoop(b *testing.B, opts py.ContextOpts) {
	code, err := py.Compile(loopSrc, "<bench>", py.ExecMode, 0, true)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		ctx := py.NewContext(opts)
		if _, err := py.RunCode(ctx, code, "<bench>", nil); err != nil {
			b.Fatal(err)
		}
		ctx.Close()
	}
}

// BenchmarkLoop1M is the loop without any budget.
func BenchmarkLoop1M(b *testing.B) {
	benchLoop(b, py.DefaultContextOpts())
}

// BenchmarkLoop1MBudget is the loop with a step limit that is not hit.
func BenchmarkLoop1MBudget(b *testing.B) {
	opts := py.DefaultContextOpts()
	opts.MaxSteps = 1 << 40
	benchLoop(b, opts)
}

// BenchmarkLoop1MDone is the loop with a step limit and a Done channel
// that is never closed (polled every few thousand instructions).
func BenchmarkLoop1MDone(b *testing.B) {
	opts := py.DefaultContextOpts()
	opts.MaxSteps = 1 << 40
	opts.Done = make(chan struct{})
	benchLoop(b, opts)
}
