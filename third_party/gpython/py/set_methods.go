// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The methods of set and frozenset (v0.2.0 only had set.add), the
// frozenset constructor, and the set operators for frozensets.

package py

func init() {
	FrozenSetType.New = FrozenSetNew

	mutating := map[string]func(s *Set, args Tuple) (Object, error){
		"add":                         (*Set).addMethod,
		"discard":                     (*Set).discard,
		"remove":                      (*Set).remove,
		"pop":                         (*Set).pop,
		"clear":                       (*Set).clear,
		"update":                      (*Set).update,
		"intersection_update":         (*Set).intersectionUpdate,
		"difference_update":           (*Set).differenceUpdate,
		"symmetric_difference_update": (*Set).symmetricDifferenceUpdate,
	}
	for name, fn := range mutating {
		name, fn := name, fn
		SetType.Dict[name] = MustNewMethod(name, func(self Object, args Tuple) (Object, error) {
			s, ok := self.(*Set)
			if !ok {
				return nil, ExceptionNewf(TypeError, "descriptor '%s' requires a 'set' object", name)
			}
			return fn(s, args)
		}, 0, name+"(...) -> set method")
	}

	// Methods that build a new object give a frozenset for a frozenset.
	reading := map[string]func(s *Set, frozen bool, args Tuple) (Object, error){
		"copy":                 (*Set).copyMethod,
		"union":                (*Set).union,
		"intersection":         (*Set).intersection,
		"difference":           (*Set).difference,
		"symmetric_difference": (*Set).symmetricDifference,
		"issubset":             (*Set).issubset,
		"issuperset":           (*Set).issuperset,
		"isdisjoint":           (*Set).isdisjoint,
	}
	for name, fn := range reading {
		name, fn := name, fn
		m := func(self Object, args Tuple) (Object, error) {
			s, frozen, ok := asSet(self)
			if !ok {
				return nil, ExceptionNewf(TypeError, "descriptor '%s' requires a 'set' object", name)
			}
			return fn(s, frozen, args)
		}
		SetType.Dict[name] = MustNewMethod(name, m, 0, name+"(...) -> set method")
		FrozenSetType.Dict[name] = MustNewMethod(name, m, 0, name+"(...) -> frozenset method")
	}
}

// FrozenSetNew is frozenset([iterable]).
func FrozenSetNew(metatype *Type, args Tuple, kwargs StringDict) (Object, error) {
	var iterable Object
	if err := UnpackTuple(args, kwargs, "frozenset", 0, 1, &iterable); err != nil {
		return nil, err
	}
	if f, ok := iterable.(*FrozenSet); ok {
		return f, nil
	}
	f := NewFrozenSet()
	if iterable != nil {
		s, err := SequenceSet(iterable)
		if err != nil {
			return nil, err
		}
		f.Set = *s
	}
	return f, nil
}

// Len returns the number of items in the set.
func (s *Set) Len() int {
	return len(s.items)
}

// asSet returns the set behind a set or frozenset and whether it is
// frozen.
func asSet(o Object) (s *Set, frozen, ok bool) {
	switch x := o.(type) {
	case *Set:
		return x, false, true
	case *FrozenSet:
		return &x.Set, true, true
	}
	return nil, false, false
}

// result wraps a newly built set as a frozenset when frozen; s must not
// change afterwards (the frozenset copies its fields).
func (s *Set) result(frozen bool) Object {
	if frozen {
		return &FrozenSet{Set: *s}
	}
	return s
}

// lookup returns the map key under which an item equal to item is
// stored. Items are looked up by their own key, then by the keys of the
// equal numbers of the other numeric types (1.0 finds 1 and True), then,
// when item or a stored item is an instance of a Python class, compared
// with == (so a class's __eq__ is honoured, as the linear "in" of v0.2.0
// did). Other values have one key per equality class, so a miss is
// found without comparing every item.
func (s *Set) lookup(item Object) (any, bool, error) {
	k := setKey(item)
	if _, ok := s.items[k]; ok {
		return k, true, nil
	}
	for _, alt := range numericKeys(item) {
		if _, ok := s.items[alt]; ok {
			return alt, true, nil
		}
	}
	_, inst := item.(*Type)
	if !inst && !s.insts {
		// Only instances of Python classes compare equal without the
		// same key, and the set holds none: no need to look at each item.
		return nil, false, nil
	}
	for _, k := range s.order {
		v, ok := s.items[k]
		if !ok {
			continue
		}
		if _, vInst := v.(*Type); !inst && !vInst {
			continue
		}
		eq, err := Eq(item, v)
		if err != nil {
			return nil, false, err
		}
		if eq == True {
			return k, true, nil
		}
	}
	return nil, false, nil
}

// numericKeys returns the set keys of the values of other numeric types
// equal to item: Float(1) and Bool(true) for Int(1), and so on.
func numericKeys(item Object) []any {
	var f Float
	switch x := item.(type) {
	case Int:
		f = Float(x)
		if Int(f) != x {
			return nil
		}
	case Bool:
		if x {
			f = 1
		}
	case Float:
		f = x
	default:
		return nil
	}
	if f != Float(int64(f)) {
		return nil
	}
	i := Int(int64(f))
	keys := []any{i, f}
	if i == 0 || i == 1 {
		keys = append(keys, Bool(i == 1))
	}
	return keys
}

// other returns the items of a set argument: the set itself for a set
// or frozenset, else a set of the iterable's items.
func setArg(o Object) (*Set, error) {
	if s, _, ok := asSet(o); ok {
		return s, nil
	}
	return SequenceSet(o)
}

// oneArg checks that a method got exactly one argument.
func oneArg(name string, args Tuple) error {
	if len(args) != 1 {
		return ExceptionNewf(TypeError, "%s() takes exactly one argument (%d given)", name, len(args))
	}
	return nil
}

func (s *Set) addMethod(args Tuple) (Object, error) {
	if err := oneArg("add", args); err != nil {
		return nil, err
	}
	if _, ok, err := s.lookup(args[0]); err != nil || ok {
		return None, err
	}
	if err := CheckItems(len(s.items) + 1); err != nil {
		return nil, err
	}
	s.Add(args[0])
	return None, nil
}

func (s *Set) discard(args Tuple) (Object, error) {
	if err := oneArg("discard", args); err != nil {
		return nil, err
	}
	k, ok, err := s.lookup(args[0])
	if ok {
		delete(s.items, k)
	}
	return None, err
}

func (s *Set) remove(args Tuple) (Object, error) {
	if err := oneArg("remove", args); err != nil {
		return nil, err
	}
	k, ok, err := s.lookup(args[0])
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, exceptionNew(KeyError, Tuple{args[0]})
	}
	delete(s.items, k)
	return None, nil
}

func (s *Set) pop(args Tuple) (Object, error) {
	if len(args) != 0 {
		return nil, ExceptionNewf(TypeError, "pop() takes no arguments (%d given)", len(args))
	}
	// The first live key in insertion order; the consumed prefix of
	// s.order is dropped so that popping every item stays linear.
	for len(s.order) > 0 {
		k := s.order[0]
		s.order = s.order[1:]
		if v, ok := s.items[k]; ok {
			delete(s.items, k)
			return v, nil
		}
	}
	return nil, exceptionNew(KeyError, Tuple{String("pop from an empty set")})
}

func (s *Set) clear(args Tuple) (Object, error) {
	if len(args) != 0 {
		return nil, ExceptionNewf(TypeError, "clear() takes no arguments (%d given)", len(args))
	}
	clear(s.items)
	s.order = nil
	return None, nil
}

// addAll adds the items of other that are not in s yet.
func (s *Set) addAll(other *Set) error {
	for _, k := range other.keys() {
		v := other.items[k]
		_, ok, err := s.lookup(v)
		if err != nil {
			return err
		}
		if !ok {
			if err := CheckItems(len(s.items) + 1); err != nil {
				return err
			}
			s.Add(v)
		}
	}
	return nil
}

// filter keeps the items of s whose presence in other is keep.
func (s *Set) filter(other *Set, keep bool) error {
	for k, v := range s.items {
		_, ok, err := other.lookup(v)
		if err != nil {
			return err
		}
		if ok != keep {
			delete(s.items, k)
		}
	}
	return nil
}

// each calls fn with the set of every argument.
func each(args Tuple, fn func(*Set) error) error {
	for _, a := range args {
		o, err := setArg(a)
		if err != nil {
			return err
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

func (s *Set) update(args Tuple) (Object, error) {
	return None, each(args, s.addAll)
}

func (s *Set) intersectionUpdate(args Tuple) (Object, error) {
	return None, each(args, func(o *Set) error { return s.filter(o, true) })
}

func (s *Set) differenceUpdate(args Tuple) (Object, error) {
	return None, each(args, func(o *Set) error { return s.filter(o, false) })
}

func (s *Set) symmetricDifferenceUpdate(args Tuple) (Object, error) {
	if err := oneArg("symmetric_difference_update", args); err != nil {
		return nil, err
	}
	o, err := setArg(args[0])
	if err != nil {
		return nil, err
	}
	return None, s.symDiff(o)
}

// symDiff removes from s the items of o that it has, and adds the
// others.
func (s *Set) symDiff(o *Set) error {
	for _, ko := range o.keys() {
		v := o.items[ko]
		k, ok, err := s.lookup(v)
		if err != nil {
			return err
		}
		if ok {
			delete(s.items, k)
		} else {
			s.Add(v)
		}
	}
	return nil
}

// clone returns a new set with the items of s.
func (s *Set) clone() *Set {
	c := NewSetWithCapacity(len(s.items))
	for _, k := range s.keys() {
		c.put(k, s.items[k])
	}
	return c
}

func (s *Set) copyMethod(frozen bool, args Tuple) (Object, error) {
	if len(args) != 0 {
		return nil, ExceptionNewf(TypeError, "copy() takes no arguments (%d given)", len(args))
	}
	return s.clone().result(frozen), nil
}

func (s *Set) union(frozen bool, args Tuple) (Object, error) {
	c := s.clone()
	err := each(args, c.addAll)
	return c.result(frozen), err
}

func (s *Set) intersection(frozen bool, args Tuple) (Object, error) {
	c := s.clone()
	err := each(args, func(o *Set) error { return c.filter(o, true) })
	return c.result(frozen), err
}

func (s *Set) difference(frozen bool, args Tuple) (Object, error) {
	c := s.clone()
	err := each(args, func(o *Set) error { return c.filter(o, false) })
	return c.result(frozen), err
}

func (s *Set) symmetricDifference(frozen bool, args Tuple) (Object, error) {
	if err := oneArg("symmetric_difference", args); err != nil {
		return nil, err
	}
	o, err := setArg(args[0])
	if err != nil {
		return nil, err
	}
	c := s.clone()
	err = c.symDiff(o)
	return c.result(frozen), err
}

// subset reports whether every item of a is in b.
func subset(a, b *Set) (bool, error) {
	if len(a.items) > len(b.items) {
		return false, nil
	}
	for _, v := range a.items {
		_, ok, err := b.lookup(v)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

func (s *Set) issubset(_ bool, args Tuple) (Object, error) {
	if err := oneArg("issubset", args); err != nil {
		return nil, err
	}
	o, err := setArg(args[0])
	if err != nil {
		return nil, err
	}
	ok, err := subset(s, o)
	return NewBool(ok), err
}

func (s *Set) issuperset(_ bool, args Tuple) (Object, error) {
	if err := oneArg("issuperset", args); err != nil {
		return nil, err
	}
	o, err := setArg(args[0])
	if err != nil {
		return nil, err
	}
	ok, err := subset(o, s)
	return NewBool(ok), err
}

func (s *Set) isdisjoint(_ bool, args Tuple) (Object, error) {
	if err := oneArg("isdisjoint", args); err != nil {
		return nil, err
	}
	o, err := setArg(args[0])
	if err != nil {
		return nil, err
	}
	for _, v := range o.items {
		_, ok, err := s.lookup(v)
		if err != nil || ok {
			return NewBool(!ok), err
		}
	}
	return True, nil
}

// M__contains__ reports whether an item equal to item is in the set.
func (s *Set) M__contains__(item Object) (Object, error) {
	_, ok, err := s.lookup(item)
	return NewBool(ok), err
}

// setCompare implements <=, <, >=, > between sets: subset and superset,
// proper when strict.
func setCompare(a, b Object, superset, strict bool) (Object, error) {
	x, _, ok1 := asSet(a)
	y, _, ok2 := asSet(b)
	if !ok1 || !ok2 {
		return NotImplemented, nil
	}
	if superset {
		x, y = y, x
	}
	ok, err := subset(x, y)
	if err != nil {
		return nil, err
	}
	if strict && len(x.items) == len(y.items) {
		ok = false
	}
	return NewBool(ok), nil
}

func (s *Set) M__le__(other Object) (Object, error) { return setCompare(s, other, false, false) }
func (s *Set) M__lt__(other Object) (Object, error) { return setCompare(s, other, false, true) }
func (s *Set) M__ge__(other Object) (Object, error) { return setCompare(s, other, true, false) }
func (s *Set) M__gt__(other Object) (Object, error) { return setCompare(s, other, true, true) }

// The frozenset operators: the embedded Set's would return a set and
// refuse a frozenset operand.

func (f *FrozenSet) M__and__(other Object) (Object, error) {
	return frozenOp(f, other, (*Set).M__and__)
}
func (f *FrozenSet) M__or__(other Object) (Object, error) { return frozenOp(f, other, (*Set).M__or__) }
func (f *FrozenSet) M__sub__(other Object) (Object, error) {
	return frozenOp(f, other, (*Set).M__sub__)
}
func (f *FrozenSet) M__xor__(other Object) (Object, error) {
	return frozenOp(f, other, (*Set).M__xor__)
}
func (f *FrozenSet) M__eq__(other Object) (Object, error) { return f.Set.M__eq__(other) }
func (f *FrozenSet) M__ne__(other Object) (Object, error) { return f.Set.M__ne__(other) }
func (f *FrozenSet) M__le__(other Object) (Object, error) {
	return setCompare(f, other, false, false)
}
func (f *FrozenSet) M__lt__(other Object) (Object, error) { return setCompare(f, other, false, true) }
func (f *FrozenSet) M__ge__(other Object) (Object, error) { return setCompare(f, other, true, false) }
func (f *FrozenSet) M__gt__(other Object) (Object, error) { return setCompare(f, other, true, true) }

// frozenOp applies a set operator to a frozenset and returns a
// frozenset.
func frozenOp(f *FrozenSet, other Object, op func(*Set, Object) (Object, error)) (Object, error) {
	r, err := op(&f.Set, other)
	if err != nil {
		return nil, err
	}
	if s, ok := r.(*Set); ok {
		return s.result(true), nil
	}
	return r, nil
}

func (f *FrozenSet) M__repr__() (Object, error) {
	if len(f.items) == 0 {
		return String("frozenset()"), nil
	}
	r, err := f.Set.M__repr__()
	if err != nil {
		return nil, err
	}
	return String("frozenset(" + string(r.(String)) + ")"), nil
}
