// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package py

import "testing"

// TestNestingGuard checks fork patch 35: repr and == of containers
// nested deeper than MaxNesting raise RecursionError, and the count of
// nested containers returns to zero afterwards (also after the error).
func TestNestingGuard(t *testing.T) {
	deep := func() Object {
		var o Object = NewList()
		for i := 0; i < MaxNesting+10; i++ {
			o = NewListFromItems([]Object{o})
		}
		return o
	}
	a, b := deep(), deep()
	if _, err := Repr(a); !isRecursionError(err) {
		t.Errorf("repr: got %v, want RecursionError", err)
	}
	if _, err := Eq(a, b); !isRecursionError(err) {
		t.Errorf("==: got %v, want RecursionError", err)
	}
	if n := nesting.Load(); n != 0 {
		t.Errorf("nesting = %d after the errors, want 0", n)
	}
	shallow := NewListFromItems([]Object{Tuple{Int(1), NewListFromItems([]Object{Int(2)})}})
	if r, err := ReprAsString(shallow); err != nil || r != "[(1, [2])]" {
		t.Errorf("repr = %q, %v", r, err)
	}
	if n := nesting.Load(); n != 0 {
		t.Errorf("nesting = %d after a repr, want 0", n)
	}
}

func isRecursionError(err error) bool {
	exc, ok := err.(*Exception)
	return ok && exc.Type() == RecursionError
}
