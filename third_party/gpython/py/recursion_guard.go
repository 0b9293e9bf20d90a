// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Guards against Go recursion through containers that contain
// themselves (a = []; a.append(a)). repr(a) and a == a used to recurse
// in Go until the Go stack overflowed, which kills the process; the
// VM's recursion limit cannot see this recursion because no Python
// frame is involved.

package py

import (
	"reflect"
	"sync"
)

// reprActive holds the containers whose repr is being computed, by
// identity. It is shared by all goroutines: a container being printed by
// two contexts at once (only possible for objects shared between
// contexts) would print as "[...]" in one of them, which is harmless.
var reprActive = struct {
	sync.Mutex
	m map[uintptr]int
}{m: map[uintptr]int{}}

// identity returns the address identifying a container (a *List, *Set
// *Dict or StringDict), 0 for anything else.
func identity(o Object) uintptr {
	switch x := o.(type) {
	case *List, *Set, *Dict:
		return reflect.ValueOf(x).Pointer()
	case StringDict:
		return reflect.ValueOf(x).Pointer()
	}
	return 0
}

// reprEnter marks o as being printed and reports false when it already
// is, in which case the caller prints "[...]" (as CPython does) instead
// of recursing. Each true result must be matched by reprLeave.
func reprEnter(o Object) bool {
	id := identity(o)
	if id == 0 {
		return true // a nil map is empty and cannot contain itself
	}
	reprActive.Lock()
	defer reprActive.Unlock()
	if reprActive.m[id] > 0 {
		return false
	}
	reprActive.m[id]++
	return true
}

// reprLeave ends reprEnter.
func reprLeave(o Object) {
	id := identity(o)
	if id == 0 {
		return
	}
	reprActive.Lock()
	defer reprActive.Unlock()
	if reprActive.m[id]--; reprActive.m[id] <= 0 {
		delete(reprActive.m, id)
	}
}

// sameObject reports whether a and b are the same object. Container
// comparisons use it before ==, as CPython does, so an item equal to
// itself is not compared (and a container holding itself compares
// without recursing for ever). It never panics on Go types that cannot
// be compared with == (such as Tuple).
func sameObject(a, b Object) bool {
	switch x := a.(type) {
	case *Type:
		return Object(x) == b
	case *List, *Set, *Dict, StringDict:
		id := identity(x)
		return id != 0 && id == identity(b)
	}
	return false
}
