// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Work done in Go inside one instruction counts against the step
// budget (patch 34): [0] * (3 << 20) builds 3M items, s.count('b')
// scans 60 MB and 'x' in s too, each in one instruction, so a Python
// loop repeating them ran for minutes within a budget of a few million
// instructions. The VM charges the budget after such an instruction:
// one step per item of a list or tuple it built or scanned, and one per
// py.BytesPerStep bytes of a str or bytes.

package vm

import (
	"math/big"
	"math/bits"
	"unsafe"

	"github.com/go-python/gpython/py"
)

// sizeSteps is what building or scanning o costs in steps: its items
// (list, tuple) or its bytes / py.BytesPerStep (str, bytes); 0 for
// anything else.
func sizeSteps(o py.Object) int64 {
	switch x := o.(type) {
	case *py.List:
		return int64(len(x.Items))
	case py.Tuple:
		return int64(len(x))
	case py.String:
		return int64(len(x)) / py.BytesPerStep
	case py.Bytes:
		return int64(len(x)) / py.BytesPerStep
	case *py.BigInt:
		// A product of n words costs about n log n word operations
		// (patch 39).
		n := (*big.Int)(x).BitLen() / 64
		return int64(n * bits.Len(uint(n)))
	}
	return 0
}

// charge charges n steps to the frame's budget (nil when the context
// does not count).
func (vm *Vm) charge(n int64) error {
	if n <= 0 || vm.budget == nil {
		return nil
	}
	return vm.budget.StepN(n)
}

// built passes on the result of an operation that may have built a new
// container (+, *, a slice), charging its size. It is small enough to
// be inlined: ints and floats cost a type switch.
func (vm *Vm) built(a, b, res py.Object, err error) (py.Object, error) {
	switch res.(type) {
	case *py.List, py.Tuple, py.String, py.Bytes, *py.BigInt:
		return vm.chargeBuilt(a, b, res, err)
	}
	return res, err
}

// chargeBuilt charges the size of res. When the result is the left
// operand itself (list += other extends in place), only the items
// added, the size of other, are charged.
func (vm *Vm) chargeBuilt(a, b, res py.Object, err error) (py.Object, error) {
	if vm.budget == nil || err != nil {
		return res, err
	}
	n := sizeSteps(res)
	if l, ok := res.(*py.List); ok {
		if al, ok := a.(*py.List); ok && al == l {
			n = sizeSteps(b)
		}
	}
	if err := vm.charge(n); err != nil {
		return nil, err
	}
	// What an operation builds is new, except the items already in a list
	// that += extends.
	built := res
	if l, ok := res.(*py.List); ok {
		if al, ok := a.(*py.List); ok && al == l {
			built = b
		}
	}
	if err := vm.budget.Alloc(allocBytes(built)); err != nil {
		return nil, err
	}
	return res, nil
}

// allocBytes is what o counts against the allocation budget (patch 39):
// the bytes of a str or bytes (and of its header) or of an int, and two
// slots per item of a container, since the items of a new container are
// often new too.
func allocBytes(o py.Object) int64 {
	switch x := o.(type) {
	case py.String:
		return int64(len(x)) + 2*py.ItemSize
	case py.Bytes:
		return int64(len(x)) + 2*py.ItemSize
	case *py.List:
		return 2 * py.ItemSize * int64(len(x.Items))
	case py.Tuple:
		return 2 * py.ItemSize * int64(len(x))
	case *py.Dict:
		return 3 * py.ItemSize * int64(x.Len())
	case py.StringDict:
		return 3 * py.ItemSize * int64(len(x))
	case *py.Set:
		return 2 * py.ItemSize * int64(x.Len())
	case *py.BigInt:
		return int64((*big.Int)(x).BitLen() / 8)
	}
	return 0
}

// allocNew charges the allocation budget for res, the result of a call
// to Go code that builds its result, unless res is one of the inputs
// (str(s) is s) or, for a str or bytes, a part of one (s.strip()).
func allocNew(b *py.Budget, res py.Object, err error, in ...py.Object) (py.Object, error) {
	if err != nil || b == nil {
		return res, err
	}
	for _, x := range in {
		if sameOrPart(res, x) {
			return res, nil
		}
	}
	if err := b.Alloc(allocBytes(res)); err != nil {
		return nil, err
	}
	return res, nil
}

// sameOrPart reports whether res is x, or a str or bytes whose bytes lie
// inside x's.
func sameOrPart(res, x py.Object) bool {
	inside := func(p, q unsafe.Pointer, n, m int) bool {
		return n > 0 && m > 0 && uintptr(p) >= uintptr(q) && uintptr(p)+uintptr(n) <= uintptr(q)+uintptr(m)
	}
	switch r := res.(type) {
	case py.String:
		s, ok := x.(py.String)
		return ok && (r == s && len(r) == 0 || inside(unsafe.Pointer(unsafe.StringData(string(r))), unsafe.Pointer(unsafe.StringData(string(s))), len(r), len(s)))
	case py.Bytes:
		s, ok := x.(py.Bytes)
		return ok && inside(unsafe.Pointer(unsafe.SliceData(r)), unsafe.Pointer(unsafe.SliceData(s)), len(r), len(s))
	case *py.List:
		l, ok := x.(*py.List)
		return ok && l == r
	case py.Tuple:
		t, ok := x.(py.Tuple)
		return ok && len(t) == len(r) && (len(r) == 0 || &t[0] == &r[0])
	case *py.Dict:
		d, ok := x.(*py.Dict)
		return ok && d == r
	case *py.Set:
		t, ok := x.(*py.Set)
		return ok && t == r
	}
	return false
}

// scanned charges a comparison or containment test that runs over a
// str, bytes, list or tuple in Go: the container for in, the smaller
// operand when both are sequences (==, <); a comparison with anything
// else is decided at once.
func (vm *Vm) scanned(in bool, a, b py.Object) error {
	nb := sizeSteps(b)
	if nb == 0 {
		return nil
	}
	if !in {
		if na := sizeSteps(a); na < nb {
			nb = na
		}
	}
	return vm.charge(nb)
}

// chargedIter passes on the items of an iterator, charging each to the
// budget: its step and its slot in the container being built, and a
// tuple item's own items (zip, enumerate). The VM gives it to a type
// called on an iterator without a length (list(zip(...)), tuple(gen)),
// which consumes it in Go where no instruction is counted (patch 39).
type chargedIter struct {
	it py.Object
	b  *py.Budget
}

var chargedIterType = py.NewType("iterator", "An iterator charged to the budget of its caller.")

func (c *chargedIter) Type() *py.Type { return chargedIterType }

func (c *chargedIter) M__iter__() (py.Object, error) { return c, nil }

func (c *chargedIter) M__next__() (py.Object, error) {
	item, err := py.Next(c.it)
	if err != nil {
		return nil, err
	}
	n := int64(2 * py.ItemSize)
	if t, ok := item.(py.Tuple); ok {
		n += allocBytes(t)
	}
	if err := c.b.StepGo(); err != nil {
		return nil, err
	}
	if err := c.b.Alloc(n); err != nil {
		return nil, err
	}
	return item, nil
}

// charged wraps the argument of a container type called on an iterator
// (list(gen), dict(zip(...))) in a chargedIter; other types see their
// argument as it is (str(gen) names the generator), and containers,
// strings and ranges have a length, which the type checks against
// py.MaxSize before it builds anything.
func charged(b *py.Budget, fn py.Object, args py.Tuple) py.Tuple {
	if b == nil || len(args) != 1 {
		return args
	}
	if !consumes(fn) {
		return args
	}
	switch args[0].(type) {
	case *py.List, py.Tuple, py.String, py.Bytes, *py.Dict, py.StringDict, *py.Set, *py.FrozenSet, *py.Range, py.Int, *py.BigInt, py.Float, py.Bool, *py.Type:
		return args
	}
	if _, ok := args[0].(py.I__next__); !ok {
		return args
	}
	return py.Tuple{&chargedIter{it: args[0], b: b}}
}

// copies is what a container type called on a range, list or tuple
// (list(range(n)), set(l)) will build, in allocBytes, so that it is
// charged before it is built; 0 for other calls.
func copies(fn py.Object, args py.Tuple) int64 {
	if len(args) != 1 || !consumes(fn) {
		return 0
	}
	var n int
	switch x := args[0].(type) {
	case *py.Range:
		l, err := x.M__len__()
		if err != nil {
			return 0
		}
		i, _ := l.(py.Int)
		n = int(i)
	case *py.List:
		n = len(x.Items)
	case py.Tuple:
		if fn == py.TupleType {
			return 0 // tuple(t) is t
		}
		n = len(x)
	default:
		return 0
	}
	return 2 * py.ItemSize * int64(n)
}

// consumes reports whether fn is a container type, which builds itself
// from the items of its argument.
func consumes(fn py.Object) bool {
	switch fn {
	case py.ListType, py.TupleType, py.SetType, py.FrozenSetType, py.StringDictType:
		return true
	}
	return false
}
