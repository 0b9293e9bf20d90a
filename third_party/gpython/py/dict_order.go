// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Insertion-ordered dicts (patch 32).
//
// A Python dict that Python code builds ({...}, dict(...), dict
// comprehensions, **kwargs in the callee, copy()) is a *Dict: a
// StringDict holding the values plus the order in which the keys were
// inserted, which is what iteration, repr and popitem follow, as in
// CPython. Namespaces (module globals, class and instance __dict__,
// keyword arguments on their way through Go code) stay StringDicts,
// Go maps that Go code indexes directly; when Python code iterates one
// (globals(), vars(), __dict__) it sees the keys sorted (patch 8).
// Both have Python type dict; AnyDict is what Go code handling a
// Python dict of either kind uses.

package py

import (
	"sort"
	"sync"
	"unsafe"
)

// Dict is an insertion-ordered dict with str keys.
//
// keys lists the keys in insertion order. Deleting a key only removes
// it from m and counts it in dead, so keys may hold keys that are gone
// and, for a key deleted and inserted again, an earlier stale copy: the
// valid place of a key present in m is its last occurrence. keys is
// compacted when it is read after deletions (iteration is O(n) anyway)
// and when it holds more stale entries than live ones, so deleting
// costs O(1) amortised and never makes iteration O(n^2).
//
// m is made on the first Set (the **kwargs dict of most calls stays
// empty), and keys starts in small, so that a small dict costs as many
// allocations as the Go map it replaces.
type Dict struct {
	m     StringDict
	keys  []string
	dead  int
	small [4]string
}

// NewDict makes an empty ordered dict.
func NewDict() *Dict {
	d := &Dict{}
	d.keys = d.small[:0]
	return d
}

// NewDictSized makes an empty ordered dict with room for n keys.
func NewDictSized(n int) *Dict {
	d := &Dict{}
	if n > 0 {
		d.m = make(StringDict, n)
	}
	if n <= len(d.small) {
		d.keys = d.small[:0]
	} else {
		d.keys = make([]string, 0, n)
	}
	return d
}

// NewDictFromStringDict makes an ordered dict holding the items of m,
// in the order KwargsOrder gives (sorted unless m is the keyword
// arguments of a call in progress).
func NewDictFromStringDict(m StringDict) *Dict {
	d := NewDictSized(len(m))
	for _, k := range KwargsOrder(m) {
		d.Set(k, m[k])
	}
	return d
}

// Type of a Dict: dict.
func (d *Dict) Type() *Type { return StringDictType }

// Len is the number of keys.
func (d *Dict) Len() int { return len(d.m) }

// Get returns the value of key.
func (d *Dict) Get(key string) (Object, bool) {
	v, ok := d.m[key]
	return v, ok
}

// Set sets key to v; a new key goes to the end, an existing one keeps
// its place.
func (d *Dict) Set(key string, v Object) {
	if d.m == nil {
		d.m = make(StringDict)
	}
	n := len(d.m)
	d.m[key] = v
	if len(d.m) != n { // a new key (one map operation instead of two)
		d.keys = append(d.keys, key)
		if d.dead > len(d.m)+8 {
			d.compact()
		}
	}
}

// Delete removes key, reporting whether it was present.
func (d *Dict) Delete(key string) bool {
	if _, ok := d.m[key]; !ok {
		return false
	}
	delete(d.m, key)
	d.dead++
	return true
}

// Clear removes every key.
func (d *Dict) Clear() {
	clear(d.m)
	d.keys = d.keys[:0]
	d.dead = 0
}

// OrderedKeys returns the keys in insertion order. The slice belongs
// to d: callers must not change it, and must copy it if they change d
// while using it.
func (d *Dict) OrderedKeys() []string {
	if d.dead != 0 || len(d.keys) != len(d.m) {
		d.compact()
	}
	return d.keys
}

// compact drops stale entries from d.keys, keeping each present key at
// its last occurrence. Keys written into Map() by Go code (which should
// not happen) are appended in sorted order.
func (d *Dict) compact() {
	seen := make(map[string]struct{}, len(d.m))
	out := make([]string, len(d.m))
	j := len(out)
	for i := len(d.keys) - 1; i >= 0 && j > 0; i-- {
		k := d.keys[i]
		if _, ok := d.m[k]; !ok {
			continue
		}
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		j--
		out[j] = k
	}
	out = out[j:]
	if len(out) != len(d.m) {
		var extra []string
		for k := range d.m {
			if _, ok := seen[k]; !ok {
				extra = append(extra, k)
			}
		}
		sort.Strings(extra)
		out = append(out, extra...)
	}
	d.keys = out
	d.dead = 0
}

// popLast removes and returns the last inserted key and its value.
func (d *Dict) popLast() (string, Object, bool) {
	for len(d.keys) > 0 {
		k := d.keys[len(d.keys)-1]
		d.keys = d.keys[:len(d.keys)-1]
		if v, ok := d.m[k]; ok {
			// the last occurrence of a present key is its valid place
			delete(d.m, k)
			return k, v, true
		}
		d.dead--
	}
	if len(d.m) > 0 { // keys written into Map() by Go code
		d.compact()
		return d.popLast()
	}
	d.dead = 0
	return "", nil, false
}

// Map returns the values as a StringDict, for Go code that reads a
// dict without caring for its order, or that uses it as a namespace
// (exec's globals). Keys it adds go after the ordered ones, sorted;
// it must not delete keys.
func (d *Dict) Map() StringDict {
	if d.m == nil {
		d.m = make(StringDict)
	}
	return d.m
}

// Copy returns a shallow copy, in the same order.
func (d *Dict) Copy() *Dict {
	keys := d.OrderedKeys()
	e := NewDictSized(len(keys))
	e.keys = append(e.keys, keys...)
	for k, v := range d.m {
		e.m[k] = v
	}
	return e
}

// AnyDict is a Python dict as Go code sees it: a *Dict, or a StringDict
// (a namespace exposed to Python code), whose keys Python code sees in
// sorted order.
type AnyDict interface {
	Object
	Len() int
	Get(key string) (Object, bool)
	Set(key string, v Object)
	Delete(key string) bool
	// OrderedKeys returns the keys in the order Python code sees them;
	// the caller must not change the slice.
	OrderedKeys() []string
}

// AsAnyDict returns o as an AnyDict if it is a dict.
func AsAnyDict(o Object) (AnyDict, bool) {
	switch x := o.(type) {
	case *Dict:
		return x, true
	case StringDict:
		return x, true
	}
	return nil, false
}

// DictMap returns the values of a dict (*Dict or StringDict) as a
// StringDict, for reading or for use as a namespace (see Dict.Map).
func DictMap(o Object) (StringDict, bool) {
	switch x := o.(type) {
	case *Dict:
		return x.Map(), true
	case StringDict:
		return x, true
	}
	return nil, false
}

// Len is the number of keys.
func (d StringDict) Len() int { return len(d) }

// Get returns the value of key.
func (d StringDict) Get(key string) (Object, bool) {
	v, ok := d[key]
	return v, ok
}

// Set sets key to v.
func (d StringDict) Set(key string, v Object) { d[key] = v }

// Delete removes key, reporting whether it was present.
func (d StringDict) Delete(key string) bool {
	if _, ok := d[key]; !ok {
		return false
	}
	delete(d, key)
	return true
}

// OrderedKeys returns the keys sorted: a StringDict has no order.
func (d StringDict) OrderedKeys() []string { return d.SortedKeys() }

// The order of keyword arguments. A call passes them to Go code as a
// StringDict, which has no order; the VM records, for the duration of
// a call with several keyword arguments, the order they were written
// in, keyed by the identity of the StringDict it passes, and
// KwargsOrder finds it again where they become a dict (**kwargs of a
// Python function, dict(a=1, b=2)). Go code that passes the same
// StringDict on (a class's __init__ called by its type) keeps the
// order; a StringDict made by Go code is sorted.
//
// The records are a stack (calls nest; contexts on other goroutines
// interleave theirs), searched from the top: no hashing, and the call
// being entered is almost always the last record.
var kwOrders struct {
	sync.Mutex
	stack []kwOrder
}

// kwOrder is the order of the keyword arguments kw: order, or the
// names at the even indexes of pairs (name, value, name, value...),
// which the VM records without allocating.
type kwOrder struct {
	kw    unsafe.Pointer
	order []string
	pairs []Object
}

// findKwOrder returns the index of the record of kw, or -1. The caller
// holds the lock.
func findKwOrder(kw unsafe.Pointer) int {
	for i := len(kwOrders.stack) - 1; i >= 0; i-- {
		if kwOrders.stack[i].kw == kw {
			return i
		}
	}
	return -1
}

func mapIdentity(m StringDict) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&m))
}

// RecordKwargsOrder records the order of the keyword arguments kw
// until ForgetKwargsOrder(kw). The VM calls it around a call.
func RecordKwargsOrder(kw StringDict, order []string) {
	recordKwargs(kwOrder{kw: mapIdentity(kw), order: order})
}

// RecordKwargsPairs is RecordKwargsOrder with the names at the even
// indexes of pairs (as the VM finds them on its stack), which must
// not change until ForgetKwargsOrder(kw).
func RecordKwargsPairs(kw StringDict, pairs []Object) {
	recordKwargs(kwOrder{kw: mapIdentity(kw), pairs: pairs})
}

func recordKwargs(o kwOrder) {
	kwOrders.Lock()
	kwOrders.stack = append(kwOrders.stack, o)
	kwOrders.Unlock()
}

// ForgetKwargsOrder ends RecordKwargsOrder(kw, ...).
func ForgetKwargsOrder(kw StringDict) {
	kwOrders.Lock()
	if i := findKwOrder(mapIdentity(kw)); i >= 0 {
		s := kwOrders.stack
		copy(s[i:], s[i+1:])
		s[len(s)-1] = kwOrder{} // keep nothing alive
		kwOrders.stack = s[:len(s)-1]
	}
	kwOrders.Unlock()
}

// KwargsOrder returns the keys of kw in the order they were written in
// the call passing them, or sorted when no order was recorded (kw was
// made by Go code). The caller must not change the slice.
func KwargsOrder(kw StringDict) []string {
	if len(kw) == 0 {
		return nil
	}
	if len(kw) > 1 {
		kwOrders.Lock()
		var o kwOrder
		i := findKwOrder(mapIdentity(kw))
		if i >= 0 {
			o = kwOrders.stack[i]
		}
		kwOrders.Unlock()
		if i >= 0 {
			order := o.order
			if o.pairs != nil {
				order = make([]string, 0, len(o.pairs)/2)
				for i := 0; i < len(o.pairs); i += 2 {
					if s, ok := o.pairs[i].(String); ok {
						order = append(order, string(s))
					}
				}
			}
			return presentKeys(kw, order)
		}
	}
	return kw.SortedKeys()
}

// presentKeys returns order without the keys kw no longer has, followed
// by the keys of kw missing from order, sorted (Go code may have changed
// the keyword arguments it passes on).
func presentKeys(kw StringDict, order []string) []string {
	n := 0
	for _, k := range order {
		if _, ok := kw[k]; ok {
			n++
		}
	}
	if n == len(order) && n == len(kw) {
		return order
	}
	out := make([]string, 0, len(kw))
	seen := make(map[string]struct{}, n)
	for _, k := range order {
		if _, ok := kw[k]; ok {
			out = append(out, k)
			seen[k] = struct{}{}
		}
	}
	start := len(out)
	for k := range kw {
		if _, ok := seen[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out[start:])
	return out
}
