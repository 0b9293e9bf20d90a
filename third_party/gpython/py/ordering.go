// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Ordering (< <= > >=) of tuples, lists and bools, so that
// sorted(d.items()), (1, 'a') < (1, 'b') and sorted([True, False])
// work as in CPython.

package py

// seqOrder compares the sequences a and b lexicographically with the
// ordering function cmp (one of Lt, Le, Gt, Ge): the first pair of
// items that are not equal decides; when one sequence is a prefix of
// the other, lens (the same ordering on ints) decides on the lengths.
func seqOrder(a, b []Object, cmp func(a, b Object) (Object, error), lens func(x, y int) bool) (Object, error) {
	n := len(a)
	if len(b) < n {
		n = len(b)
	}
	for i := 0; i < n; i++ {
		if sameObject(a[i], b[i]) {
			continue
		}
		eq, err := Eq(a[i], b[i])
		if err != nil {
			return nil, err
		}
		same, err := MakeBool(eq)
		if err != nil {
			return nil, err
		}
		if same == True {
			continue
		}
		return cmp(a[i], b[i])
	}
	return NewBool(lens(len(a), len(b))), nil
}

func lenLt(x, y int) bool { return x < y }
func lenLe(x, y int) bool { return x <= y }
func lenGt(x, y int) bool { return x > y }
func lenGe(x, y int) bool { return x >= y }

// M__lt__ orders tuples lexicographically.
func (a Tuple) M__lt__(other Object) (Object, error) {
	if b, ok := other.(Tuple); ok {
		return seqOrder(a, b, Lt, lenLt)
	}
	return NotImplemented, nil
}

// M__le__ orders tuples lexicographically.
func (a Tuple) M__le__(other Object) (Object, error) {
	if b, ok := other.(Tuple); ok {
		return seqOrder(a, b, Le, lenLe)
	}
	return NotImplemented, nil
}

// M__gt__ orders tuples lexicographically.
func (a Tuple) M__gt__(other Object) (Object, error) {
	if b, ok := other.(Tuple); ok {
		return seqOrder(a, b, Gt, lenGt)
	}
	return NotImplemented, nil
}

// M__ge__ orders tuples lexicographically.
func (a Tuple) M__ge__(other Object) (Object, error) {
	if b, ok := other.(Tuple); ok {
		return seqOrder(a, b, Ge, lenGe)
	}
	return NotImplemented, nil
}

// M__lt__ orders lists lexicographically.
func (a *List) M__lt__(other Object) (Object, error) {
	if b, ok := other.(*List); ok {
		return seqOrder(a.Items, b.Items, Lt, lenLt)
	}
	return NotImplemented, nil
}

// M__le__ orders lists lexicographically.
func (a *List) M__le__(other Object) (Object, error) {
	if b, ok := other.(*List); ok {
		return seqOrder(a.Items, b.Items, Le, lenLe)
	}
	return NotImplemented, nil
}

// M__gt__ orders lists lexicographically.
func (a *List) M__gt__(other Object) (Object, error) {
	if b, ok := other.(*List); ok {
		return seqOrder(a.Items, b.Items, Gt, lenGt)
	}
	return NotImplemented, nil
}

// M__ge__ orders lists lexicographically.
func (a *List) M__ge__(other Object) (Object, error) {
	if b, ok := other.(*List); ok {
		return seqOrder(a.Items, b.Items, Ge, lenGe)
	}
	return NotImplemented, nil
}

// boolInt is the integer value of a bool (False is 0, True is 1).
func boolInt(a Bool) Int {
	if a {
		return 1
	}
	return 0
}

// M__lt__ orders a bool as the integer 0 or 1.
func (a Bool) M__lt__(other Object) (Object, error) { return boolInt(a).M__lt__(other) }

// M__le__ orders a bool as the integer 0 or 1.
func (a Bool) M__le__(other Object) (Object, error) { return boolInt(a).M__le__(other) }

// M__gt__ orders a bool as the integer 0 or 1.
func (a Bool) M__gt__(other Object) (Object, error) { return boolInt(a).M__gt__(other) }

// M__ge__ orders a bool as the integer 0 or 1.
func (a Bool) M__ge__(other Object) (Object, error) { return boolInt(a).M__ge__(other) }
