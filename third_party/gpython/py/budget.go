// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Execution limits of a Context: a budget of bytecode instructions, a
// way for the host to interrupt it, and a recursion limit, so that
// loaded code can neither run for ever nor overflow the Go stack (which
// kills the whole process and cannot be recovered).

package py

import "fmt"

// BudgetExceeded is raised when a Context has run more instructions
// than ContextOpts.MaxSteps allows or has been interrupted through
// ContextOpts.Done. It derives from BaseException, so "except
// Exception" does not catch it, and once raised it is raised again at
// every further instruction, so "except BaseException" cannot swallow
// it for long either.
var BudgetExceeded = BaseException.NewType("BudgetExceeded", "Execution budget exceeded.", nil, nil)

// AllocBudgetExceeded is the BudgetExceeded raised when a Context has
// built more than ContextOpts.MaxAlloc bytes of objects (patch 39).
var AllocBudgetExceeded = BudgetExceeded.NewType("AllocBudgetExceeded", "Allocation budget exceeded.", nil, nil)

// DefaultMaxDepth is the recursion limit of a Context whose
// ContextOpts.MaxDepth is 0; it is CPython's default.
const DefaultMaxDepth = 1000

// MaxRecursionLimit is the highest recursion limit Python code may set
// with sys.setrecursionlimit. Each Python frame costs several KB of Go
// stack, and overflowing Go's stack (1 GB) kills the process, so
// sandboxed code must not be able to lift the limit arbitrarily.
const MaxRecursionLimit = 20000

// budgetCheckEvery is how many instructions run between two looks at
// ContextOpts.Done by default (ContextOpts.DoneEvery); a channel is too
// costly to poll per instruction.
const budgetCheckEvery = 4096

// Budget holds the execution limits of one Context. The VM calls Enter
// and Leave around every frame it runs and, when Counting, Step before
// every instruction. It is only used from the goroutine running the
// Context.
type Budget struct {
	max      int64           // allowed instructions, 0 for no limit
	done     <-chan struct{} // host cancellation, may be nil
	every    int64           // instructions between two looks at done
	used     int64           // instructions in the chunks already finished
	chunk    int64           // size of the current chunk
	left     int64           // instructions left in the current chunk
	err      error           // set once exceeded; raised by every later Step
	depth    int             // frames currently running
	maxDepth int             // recursion limit
	maxAlloc int64           // bytes of objects the program may build, 0 for no limit
	alloc    int64           // bytes of objects built so far
}

// NewBudget returns the limits for a Context made with opts.
func NewBudget(opts ContextOpts) *Budget {
	b := &Budget{max: opts.MaxSteps, done: opts.Done, every: opts.DoneEvery, maxDepth: opts.MaxDepth, maxAlloc: opts.MaxAlloc}
	if b.max < 0 {
		b.max = 0
	}
	if b.every <= 0 {
		b.every = budgetCheckEvery
	}
	if b.maxDepth <= 0 {
		b.maxDepth = DefaultMaxDepth
	}
	b.chunk = b.nextChunk()
	b.left = b.chunk
	return b
}

// Counting reports whether instructions must be counted: only when
// MaxSteps or Done was set, so unlimited contexts pay nothing per
// instruction.
func (b *Budget) Counting() bool {
	return b.max > 0 || b.done != nil || b.maxAlloc > 0
}

// nextChunk is how many instructions may run before the next check:
// up to the limit, and no more than ContextOpts.DoneEvery when Done must
// be polled.
func (b *Budget) nextChunk() int64 {
	n := int64(1) << 62
	if b.done != nil {
		n = b.every
	}
	if b.max > 0 && b.max-b.used < n {
		n = b.max - b.used
	}
	return n
}

// Step accounts for one instruction and reports whether it may run;
// when it may not, Err returns the BudgetExceeded exception. It is
// small enough to be inlined into the VM loop, which only pays a
// decrement and a compare.
func (b *Budget) Step() bool {
	b.left--
	return b.left >= 0 || b.refill() == nil
}

// StepGo accounts for one iteration of a loop that runs in Go, such as
// sum(range(10**12)), as one instruction, so that the step limit and
// Done also end work that runs no bytecode. b may be nil (no budget).
func (b *Budget) StepGo() error {
	if b == nil || !b.Counting() || b.Step() {
		return nil
	}
	return b.err
}

// StepN accounts for n instructions at once: Go code that has done n
// units of work (the VM charges the items of a list built by list(x)).
// Like Step it may end the chunk, polling Done. b may be nil.
func (b *Budget) StepN(n int64) error {
	if b == nil || !b.Counting() {
		return nil
	}
	for n > 0 {
		if b.err != nil {
			return b.err
		}
		if n <= b.left {
			b.left -= n
			return nil
		}
		n -= b.left + 1 // the rest of this chunk, and the first step of the next
		b.left = 0
		if err := b.refill(); err != nil {
			return err
		}
	}
	return nil
}

// IterateBudget is Iterate charging one step of b per item (see
// StepGo); b may be nil.
func IterateBudget(b *Budget, obj Object, fn func(Object) bool) error {
	if b == nil || !b.Counting() {
		return Iterate(obj, fn)
	}
	var stepErr error
	err := Iterate(obj, func(item Object) bool {
		if stepErr = b.StepGo(); stepErr != nil {
			return true
		}
		return fn(item)
	})
	if err != nil {
		return err
	}
	return stepErr
}

// Alloc accounts for n bytes of new objects that Go code built for the
// program (the VM charges the results of operations, patch 39) and
// returns the sticky AllocBudgetExceeded once their total passes
// ContextOpts.MaxAlloc. The total counts what was built, not what is
// still alive: a budget of work in memory, as the step limit is in time.
// b may be nil.
func (b *Budget) Alloc(n int64) error {
	if b == nil || b.maxAlloc <= 0 || n <= 0 {
		return nil
	}
	if b.err != nil {
		return b.err
	}
	if b.alloc += n; b.alloc > b.maxAlloc {
		return b.fail(ExceptionNewf(AllocBudgetExceeded, "allocation budget of %d bytes exceeded", b.maxAlloc))
	}
	return nil
}

// Allocated returns the bytes counted by Alloc so far.
func (b *Budget) Allocated() int64 {
	return b.alloc
}

// Err returns the BudgetExceeded exception once the budget is exceeded
// or interrupted, nil before.
func (b *Budget) Err() error {
	return b.err
}

// refill ends the current chunk: it checks for cancellation and the
// step limit and starts the next chunk, or records and returns the
// (sticky) error.
func (b *Budget) refill() error {
	if b.err != nil {
		b.left = 0
		return b.err
	}
	b.used += b.chunk
	if b.done != nil {
		select {
		case <-b.done:
			return b.fail(ExceptionNewf(BudgetExceeded, "execution interrupted after %d steps", b.used))
		default:
		}
	}
	if b.max > 0 && b.used >= b.max {
		return b.fail(ExceptionNewf(BudgetExceeded, "execution budget of %d steps exceeded", b.max))
	}
	b.chunk = b.nextChunk()
	b.left = b.chunk - 1 // this call's instruction is the first of the chunk
	return nil
}

// fail makes err sticky: every later Step fails again.
func (b *Budget) fail(err error) error {
	b.err = err
	b.chunk = 0
	b.left = 0
	return err
}

// Steps returns how many instructions have been counted so far (0 when
// not Counting).
func (b *Budget) Steps() int64 {
	if !b.Counting() {
		return 0
	}
	if b.err != nil {
		return b.used
	}
	return b.used + b.chunk - b.left
}

// Enter records that a frame starts running and returns RecursionError
// when that would exceed the recursion limit; each successful Enter
// must be matched by a Leave.
func (b *Budget) Enter() error {
	if b.depth >= b.maxDepth {
		return ExceptionNewf(RecursionError, "maximum recursion depth exceeded")
	}
	b.depth++
	return nil
}

// Leave records that a frame stopped running.
func (b *Budget) Leave() {
	b.depth--
}

// RecursionLimit returns the recursion limit.
func (b *Budget) RecursionLimit() int {
	return b.maxDepth
}

// SetRecursionLimit changes the recursion limit (sys.setrecursionlimit);
// it must be between 1 and MaxRecursionLimit.
func (b *Budget) SetRecursionLimit(n int) error {
	if n <= 0 {
		return ExceptionNewf(ValueError, "recursion limit must be greater or equal than 1")
	}
	if n > MaxRecursionLimit {
		return ExceptionNewf(ValueError, "recursion limit %d is above the maximum of %d", n, MaxRecursionLimit)
	}
	b.maxDepth = n
	return nil
}

// String describes the budget for debugging.
func (b *Budget) String() string {
	return fmt.Sprintf("budget(steps=%d, max=%d, depth=%d/%d)", b.Steps(), b.max, b.depth, b.maxDepth)
}

// BudgetHolder is implemented by contexts that enforce execution
// limits (every Context made by NewContext). The VM looks the budget
// up once per frame run.
type BudgetHolder interface {
	// Budget returns the context's limits, nil when it has none.
	Budget() *Budget
}

// ContextBudget returns the limits of ctx, nil if it has none.
func ContextBudget(ctx Context) *Budget {
	if h, ok := ctx.(BudgetHolder); ok {
		return h.Budget()
	}
	return nil
}

// BytesPerStep is how many bytes of a str or bytes built or scanned by
// Go code count as one step of the budget (patch 34): the VM charges
// s * n, s + t, s.count(x), x in s, str(x), "".join(...) by the size
// of the string, so that a loop repeating them on 60 MB strings ends
// with the budget. Copying or scanning 256 bytes costs about as much as
// one instruction.
const BytesPerStep = 256
