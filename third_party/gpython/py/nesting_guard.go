// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// A limit on the Go recursion through nested containers (patch 35).
// repr() and == of a list, tuple, dict or set recurse in Go into their
// items, where the recursion limit of patch 7 (which counts Python
// frames) does not see it: str() of a dict nested 200000 deep ran deep
// into the Go stack (and deeper still would overflow it, which kills
// the process). Patch 12 only stopped containers holding themselves.

package py

import "sync/atomic"

// MaxNesting is how many containers may be inside repr() or a
// comparison at once before RecursionError is raised. CPython raises
// at about its recursion limit (1000); this is deeper so that no
// program CPython runs fails here, and shallow enough for the Go stack
// (a few KB per level).
const MaxNesting = 10000

// nesting counts the containers being printed or compared. Go has no
// goroutine-local storage, so the count is process-wide: contexts
// running at the same moment add up. They would have to be printing or
// comparing MaxNesting levels between them at the same instant to get
// a RecursionError they should not; normal data nests a few levels.
var nesting atomic.Int64

type nestOp int

const (
	nestRepr nestOp = iota
	nestCompare
)

// nestEnter counts o when it is a container and reports whether it did
// (then nestLeave must follow); past MaxNesting it returns CPython's
// RecursionError instead.
func nestEnter(o Object, op nestOp) (bool, error) {
	switch o.(type) {
	case *List, Tuple, StringDict, *Dict, *Set:
		return nestCount(op)
	}
	return false, nil
}

// nestCount is nestEnter for a container, out of line so that
// nestEnter is inlined into every comparison.
func nestCount(op nestOp) (bool, error) {
	if nesting.Add(1) > MaxNesting {
		nesting.Add(-1)
		if op == nestRepr {
			return false, ExceptionNewf(RecursionError, "maximum recursion depth exceeded while getting the repr of an object")
		}
		return false, ExceptionNewf(RecursionError, "maximum recursion depth exceeded in comparison")
	}
	return true, nil
}

// nestLeave ends a counted nestEnter.
func nestLeave() {
	nesting.Add(-1)
}
