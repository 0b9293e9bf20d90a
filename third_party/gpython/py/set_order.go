// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package py

// A Set remembers the order in which its keys were first added, so
// iteration, repr and pop follow insertion order instead of Go's
// randomised map order: a loaded program iterating a set behaves the
// same on every run. (CPython's order depends on hashes and is not
// specified; insertion order is one valid order.)

// put stores item v under key k, appending k to the order when new.
func (s *Set) put(k any, v Object) {
	if _, ok := s.items[k]; !ok {
		s.order = append(s.order, k)
	}
	if _, ok := v.(*Type); ok {
		s.insts = true
	}
	s.items[k] = v
}

// keys returns the keys in insertion order; callers must not modify
// the slice. Removed keys stay in s.order until this drops them; it
// compacts s.order when it holds many stale keys.
func (s *Set) keys() []any {
	if len(s.order) == len(s.items) {
		return s.order // no removed keys, so no stale or repeated ones
	}
	out := make([]any, 0, len(s.items))
	seen := make(map[any]struct{}, len(s.items))
	for _, k := range s.order {
		if _, ok := s.items[k]; !ok {
			continue
		}
		if _, dup := seen[k]; dup {
			continue // removed and added again: keep the first place
		}
		seen[k] = struct{}{}
		out = append(out, k)
	}
	if len(s.order) > 2*len(out)+8 {
		s.order = append([]any(nil), out...)
	}
	return out
}
