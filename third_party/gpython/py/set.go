// Copyright 2018 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Set and FrozenSet types
//
// FIXME preliminary implementation only - doesn't work properly!

package py

import "bytes"

var SetType = NewTypeX("set", "set() -> new empty set object\nset(iterable) -> new set object\n\nBuild an unordered collection of unique elements.", SetNew, nil)

// SetValue is the value type of the item map of v0.2.0's Set; kept for
// API compatibility.
type SetValue struct{}

// Set is a Python set. Items are stored under setKey(item), because
// some Python values (tuples, bytes) are Go slices that cannot be map
// keys.
type Set struct {
	items map[any]Object
	order []any // keys in insertion order, see set_order.go
	// insts is set once an instance of a Python class was put in: only
	// then must a lookup compare items with __eq__ (set_methods.go).
	insts bool
}

// Type of this Set object
func (o *Set) Type() *Type {
	return SetType
}

// Make a new empty set
func NewSet() *Set {
	return &Set{
		items: make(map[any]Object),
	}
}

// Make a new empty set with capacity for n items
func NewSetWithCapacity(n int) *Set {
	return &Set{
		items: make(map[any]Object, n),
	}
}

// Make a new set with the items passed in
func NewSetFromItems(items []Object) *Set {
	s := NewSetWithCapacity(len(items))
	for _, item := range items {
		s.put(setKey(item), item)
	}
	return s
}

// Add an item to the set
func (s *Set) Add(item Object) {
	s.put(setKey(item), item)
}

// SetNew
func SetNew(metatype *Type, args Tuple, kwargs StringDict) (Object, error) {
	var iterable Object
	err := UnpackTuple(args, kwargs, "set", 0, 1, &iterable)
	if err != nil {
		return nil, err
	}
	if iterable != nil {
		return SequenceSet(iterable)
	}
	return NewSet(), nil
}

var FrozenSetType = NewType("frozenset", "frozenset() -> empty frozenset object\nfrozenset(iterable) -> frozenset object\n\nBuild an immutable unordered collection of unique elements.")

type FrozenSet struct {
	Set
}

// Type of this FrozenSet object
func (o *FrozenSet) Type() *Type {
	return FrozenSetType
}

// Make a new empty frozen set
func NewFrozenSet() *FrozenSet {
	return &FrozenSet{
		Set: *NewSet(),
	}
}

// Make a new set with the items passed in
func NewFrozenSetFromItems(items []Object) *FrozenSet {
	return &FrozenSet{
		Set: *NewSetFromItems(items),
	}
}

// Extend the set with items
func (s *Set) Update(items []Object) {
	for _, item := range items {
		s.put(setKey(item), item)
	}
}

func (s *Set) M__len__() (Object, error) {
	return Int(len(s.items)), nil
}

func (s *Set) M__bool__() (Object, error) {
	return NewBool(len(s.items) > 0), nil
}

func (s *Set) M__repr__() (Object, error) {
	if !reprEnter(s) {
		return String("{...}"), nil
	}
	defer reprLeave(s)
	if len(s.items) == 0 {
		return String("set()"), nil
	}
	var out bytes.Buffer
	out.WriteRune('{')
	spacer := false
	for _, k := range s.keys() {
		item := s.items[k]
		if spacer {
			out.WriteString(", ")
		}
		str, err := ReprAsString(item)
		if err != nil {
			return nil, err
		}
		out.WriteString(str)
		spacer = true
	}
	out.WriteRune('}')
	return String(out.String()), nil
}

func (s *Set) M__iter__() (Object, error) {
	items := make(Tuple, 0, len(s.items))
	for _, k := range s.keys() {
		items = append(items, s.items[k])
	}
	return NewIterator(items), nil
}

func (s *Set) M__and__(other Object) (Object, error) {
	ret := NewSet()
	b, _, ok := asSet(other)
	if !ok {
		return NotImplemented, nil
	}
	for _, k := range b.keys() {
		if _, ok := s.items[k]; ok {
			ret.put(k, b.items[k])
		}
	}
	return ret, nil
}

func (s *Set) M__or__(other Object) (Object, error) {
	ret := NewSet()
	b, _, ok := asSet(other)
	if !ok {
		return NotImplemented, nil
	}
	for _, k := range s.keys() {
		ret.put(k, s.items[k])
	}
	for _, k := range b.keys() {
		if _, ok := s.items[k]; !ok {
			ret.put(k, b.items[k])
		}
	}
	return ret, nil
}

func (s *Set) M__sub__(other Object) (Object, error) {
	ret := NewSet()
	b, _, ok := asSet(other)
	if !ok {
		return NotImplemented, nil
	}
	for _, k := range s.keys() {
		if _, ok := b.items[k]; !ok {
			ret.put(k, s.items[k])
		}
	}
	return ret, nil
}

func (s *Set) M__xor__(other Object) (Object, error) {
	ret := NewSet()
	b, _, ok := asSet(other)
	if !ok {
		return NotImplemented, nil
	}
	for _, k := range s.keys() {
		if _, ok := b.items[k]; !ok {
			ret.put(k, s.items[k])
		}
	}
	for _, k := range b.keys() {
		if _, ok := s.items[k]; !ok {
			ret.put(k, b.items[k])
		}
	}
	return ret, nil
}

// Check interface is satisfied
var _ I__len__ = (*Set)(nil)
var _ I__bool__ = (*Set)(nil)
var _ I__iter__ = (*Set)(nil)

// var _ richComparison = (*Set)(nil)

func (a *Set) M__eq__(other Object) (Object, error) {
	b, _, ok := asSet(other)
	if !ok {
		return NotImplemented, nil
	}
	if len(a.items) != len(b.items) {
		return False, nil
	}
	// FIXME nasty O(n**2) algorithm, waiting for proper hashing!
	for _, i := range a.items {
		for _, j := range b.items {
			eq, err := Eq(i, j)
			if err != nil {
				return nil, err
			}
			if eq == True {
				goto found
			}
		}
		return False, nil
	found:
	}
	return True, nil
}

func (a *Set) M__ne__(other Object) (Object, error) {
	eq, err := a.M__eq__(other)
	if err != nil {
		return nil, err
	}
	if eq == NotImplemented {
		return eq, nil
	}
	if eq == True {
		return False, nil
	}
	return True, nil
}
