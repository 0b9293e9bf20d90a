// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package py

import "reflect"

// Is implements Python's "is". v0.2.0 compared the two interfaces with
// ==, which panics (killing the process) when both hold the same Go
// type that == cannot compare: a dict (a Go map), a tuple or bytes (Go
// slices). Those are the same object when they share their storage.
func Is(a, b Object) bool {
	switch x := a.(type) {
	case Tuple:
		y, ok := b.(Tuple)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case Bytes:
		y, ok := b.(Bytes)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case StringDict:
		y, ok := b.(StringDict)
		return ok && reflect.ValueOf(x).UnsafePointer() == reflect.ValueOf(y).UnsafePointer()
	}
	if t := reflect.TypeOf(a); t != nil && !t.Comparable() {
		return false // a Go value type of another package: never the same object
	}
	return a == b
}
