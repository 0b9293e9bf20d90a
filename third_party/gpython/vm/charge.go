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

import "github.com/go-python/gpython/py"

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
	case *py.List, py.Tuple, py.String, py.Bytes:
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
	return res, nil
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
