// Copyright 2018 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Dict and StringDict type
//
// The idea is that most dicts just have strings for keys so we use
// the simpler StringDict and promote it into a Dict when necessary

package py

import (
	"bytes"
	"sort"
)

const dictDoc = `dict() -> new empty dictionary
dict(mapping) -> new dictionary initialized from a mapping object's
    (key, value) pairs
dict(iterable) -> new dictionary initialized as if via:
    d = {}
    for k, v in iterable:
        d[k] = v
dict(**kwargs) -> new dictionary initialized with the name=value pairs
    in the keyword argument list.  For example:  dict(one=1, two=2)`

var (
	StringDictType = NewTypeX("dict", dictDoc, DictNew, nil)
	DictType       = NewType("dict", dictDoc)
	expectingDict  = ExceptionNewf(TypeError, "a dict is required")
)

func init() {
	dictMethod("items", func(d AnyDict, args Tuple) (Object, error) {
		if err := UnpackTuple(args, nil, "items", 0, 0); err != nil {
			return nil, err
		}
		keys := d.OrderedKeys()
		o := make(Tuple, 0, len(keys))
		for _, k := range keys {
			v, _ := d.Get(k)
			o = append(o, Tuple{String(k), v})
		}
		return NewIterator(o), nil
	}, "items() -> list of D's (key, value) pairs, as 2-tuples")

	dictMethod("keys", func(d AnyDict, args Tuple) (Object, error) {
		if err := UnpackTuple(args, nil, "keys", 0, 0); err != nil {
			return nil, err
		}
		return NewIterator(keysTuple(d)), nil
	}, "keys() -> list of D's keys, as a list")

	dictMethod("values", func(d AnyDict, args Tuple) (Object, error) {
		if err := UnpackTuple(args, nil, "values", 0, 0); err != nil {
			return nil, err
		}
		keys := d.OrderedKeys()
		o := make(Tuple, 0, len(keys))
		for _, k := range keys {
			v, _ := d.Get(k)
			o = append(o, v)
		}
		return NewIterator(o), nil
	}, "values() -> list of D's values, as a list")

	dictMethod("get", func(d AnyDict, args Tuple) (Object, error) {
		var length = len(args)
		switch {
		case length == 0:
			return nil, ExceptionNewf(TypeError, "%s expected at least 1 arguments, got %d", "items()", length)
		case length > 2:
			return nil, ExceptionNewf(TypeError, "%s expected at most 2 arguments, got %d", "items()", length)
		}
		if str, ok := args[0].(String); ok {
			if res, ok := d.Get(string(str)); ok {
				return res, nil
			}

			switch length {
			case 2:
				return args[1], nil
			default:
				return None, nil
			}
		}
		return nil, exceptionNew(KeyError, Tuple{args[0]})
	}, "gets(key, default) -> If there is a val corresponding to key, return val, otherwise default")
}

// dictMethod adds a method of dict, whose receiver is a *Dict or a
// StringDict.
func dictMethod(name string, f func(d AnyDict, args Tuple) (Object, error), doc string) {
	StringDictType.Dict[name] = MustNewMethod(name, func(self Object, args Tuple) (Object, error) {
		d, ok := AsAnyDict(self)
		if !ok {
			return nil, ExceptionNewf(TypeError, "descriptor '%s' requires a 'dict' object but received a '%s'", name, typeNameOf(self))
		}
		return f(d, args)
	}, 0, doc)
}

// keysTuple returns the keys of d in order.
func keysTuple(d AnyDict) Tuple {
	keys := d.OrderedKeys()
	o := make(Tuple, len(keys))
	for i, k := range keys {
		o[i] = String(k)
	}
	return o
}

// String to object dictionary
//
// Used for variables etc where the keys can only be strings
type StringDict map[string]Object

// DictNew is dict(), dict(mapping), dict(iterable of pairs), each
// optionally followed by keyword arguments, which win over the
// positional argument's keys.
func DictNew(metatype *Type, args Tuple, kwargs StringDict) (Object, error) {
	if len(args) > 1 {
		return nil, ExceptionNewf(TypeError, "dict expected at most 1 argument, got %d", len(args))
	}
	out := NewDictSized(len(kwargs))
	if len(args) == 1 {
		if err := updateFrom(out, args[0]); err != nil {
			return nil, err
		}
	}
	for _, k := range KwargsOrder(kwargs) {
		out.Set(k, kwargs[k])
	}
	return out, nil
}

// dictKey returns key as a dict key: dicts only hold str keys.
func dictKey(key Object) (string, error) {
	if s, ok := key.(String); ok {
		return string(s), nil
	}
	return "", ExceptionNewf(TypeError, "dict keys must be str here, not '%s'", key.Type().Name)
}

// updateFrom adds the items of a mapping (a dict, or any object with
// keys() and []) or of an iterable of key/value pairs to d, in the
// mapping's or the iterable's order.
func updateFrom(d AnyDict, src Object) error {
	if m, ok := AsAnyDict(src); ok {
		if Is(m, d) {
			return nil
		}
		for _, k := range m.OrderedKeys() {
			v, _ := m.Get(k)
			d.Set(k, v)
		}
		return nil
	}
	if keys, err := GetAttrString(src, "keys"); err == nil {
		ks, err := Call(keys, nil, nil)
		if err != nil {
			return err
		}
		var itemErr error
		err = iterateInto(ks, func(k Object) int {
			if itemErr == nil {
				itemErr = addItem(d, k, src)
			}
			return d.Len()
		}, d.Len())
		if err != nil {
			return err
		}
		return itemErr
	} else if !IsException(AttributeError, err) {
		return err
	}
	var err error
	n := 0
	iterErr := iterateInto(src, func(item Object) int {
		if err == nil {
			err = addPair(d, n, item)
			n++
		}
		return d.Len()
	}, d.Len())
	if iterErr != nil {
		return iterErr
	}
	return err
}

// addItem adds key k of mapping src to d.
func addItem(d AnyDict, k, src Object) error {
	key, err := dictKey(k)
	if err != nil {
		return err
	}
	v, err := GetItem(src, k)
	if err != nil {
		return err
	}
	d.Set(key, v)
	return nil
}

// addPair adds the n-th element of a dict update sequence, which must
// be an iterable of two items.
func addPair(d AnyDict, n int, item Object) error {
	var pair Tuple
	switch x := item.(type) {
	case Tuple:
		pair = x
	case *List:
		pair = Tuple(x.Items)
	default:
		if _, err := Iter(item); err != nil {
			return ExceptionNewf(TypeError, "cannot convert dictionary update sequence element #%d to a sequence", n)
		}
		var err error
		if pair, err = SequenceTuple(item); err != nil {
			return err
		}
	}
	if len(pair) != 2 {
		return ExceptionNewf(ValueError, "dictionary update sequence element #%d has length %d; 2 is required", n, len(pair))
	}
	key, err := dictKey(pair[0])
	if err != nil {
		return err
	}
	d.Set(key, pair[1])
	return nil
}

// Type of this StringDict object
func (o StringDict) Type() *Type {
	return StringDictType
}

// Make a new dictionary
func NewStringDict() StringDict {
	return make(StringDict)
}

// Make a new dictionary with reservation for n entries
func NewStringDictSized(n int) StringDict {
	return make(StringDict, n)
}

// DictCheckExact checks that obj is a dictionary (a StringDict or a
// *Dict) and returns its values (see DictMap), or an error if not.
func DictCheckExact(obj Object) (StringDict, error) {
	dict, ok := DictMap(obj)
	if !ok {
		return nil, expectingDict
	}
	return dict, nil
}

// Checks that obj is exactly a dictionary and returns an error if not
func DictCheck(obj Object) (StringDict, error) {
	// FIXME should be checking subclasses
	return DictCheckExact(obj)
}

// Copy a dictionary
func (d StringDict) Copy() StringDict {
	e := make(StringDict, len(d))
	for k, v := range d {
		e[k] = v
	}
	return e
}

func (a StringDict) M__str__() (Object, error) {
	return a.M__repr__()
}

func (a StringDict) M__len__() (Object, error) {
	return Int(len(a)), nil
}

func (a StringDict) M__repr__() (Object, error) {
	return dictRepr(a)
}

// dictRepr is the repr of a dict: its items in order.
func dictRepr(a AnyDict) (Object, error) {
	if !reprEnter(a) {
		return String("{...}"), nil
	}
	defer reprLeave(a)
	var out bytes.Buffer
	out.WriteRune('{')
	spacer := false
	for _, key := range append([]string(nil), a.OrderedKeys()...) {
		value, ok := a.Get(key)
		if !ok {
			continue // removed by a __repr__
		}
		if spacer {
			out.WriteString(", ")
		}
		keyStr, err := ReprAsString(String(key))
		if err != nil {
			return nil, err
		}
		valueStr, err := ReprAsString(value)
		if err != nil {
			return nil, err
		}
		out.WriteString(keyStr)
		out.WriteString(": ")
		out.WriteString(valueStr)
		spacer = true
	}
	out.WriteRune('}')
	return String(out.String()), nil
}

// M__iter__ returns an iterator over the keys of the dict, in sorted
// order (see SortedKeys).
func (d StringDict) M__iter__() (Object, error) {
	return NewIterator(keysTuple(d)), nil
}

// SortedKeys returns the keys of d in sorted order: Python code sees
// the keys of a StringDict (a namespace: globals(), vars(), __dict__)
// in this order (patch 8), since a Go map iterates in a random order
// that changes from run to run. Dicts built by Python code are *Dict,
// which keep insertion order (patch 32).
func (d StringDict) SortedKeys() []string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (d StringDict) M__getitem__(key Object) (Object, error) {
	return dictGetItem(d, key)
}

func dictGetItem(d AnyDict, key Object) (Object, error) {
	if str, ok := key.(String); ok {
		if res, ok := d.Get(string(str)); ok {
			return res, nil
		}
	}
	return nil, exceptionNew(KeyError, Tuple{key})
}

func (d StringDict) M__delitem__(key Object) (Object, error) {
	return dictDelItem(d, key)
}

func dictDelItem(d AnyDict, key Object) (Object, error) {
	str, ok := key.(String)
	if !ok || !d.Delete(string(str)) {
		return nil, exceptionNew(KeyError, Tuple{key})
	}
	return None, nil
}

func (d StringDict) M__setitem__(key, value Object) (Object, error) {
	return dictSetItem(d, key, value)
}

func dictSetItem(d AnyDict, key, value Object) (Object, error) {
	str, ok := key.(String)
	if !ok {
		return nil, ExceptionNewf(KeyError, "FIXME can only have string keys!: %v", key)
	}
	d.Set(string(str), value)
	return None, nil
}

func (a StringDict) M__eq__(other Object) (Object, error) {
	return dictEq(a, other)
}

// dictEq compares two dicts by their items, whatever their order.
func dictEq(a AnyDict, other Object) (Object, error) {
	b, ok := AsAnyDict(other)
	if !ok {
		return NotImplemented, nil
	}
	if a.Len() != b.Len() {
		return False, nil
	}
	for _, k := range append([]string(nil), a.OrderedKeys()...) {
		av, _ := a.Get(k)
		bv, ok := b.Get(k)
		if !ok {
			return False, nil
		}
		if sameObject(av, bv) {
			continue
		}
		res, err := Eq(av, bv)
		if err != nil {
			return nil, err
		}
		if res == False {
			return False, nil
		}
	}
	return True, nil
}

func (a StringDict) M__ne__(other Object) (Object, error) {
	return dictNe(a, other)
}

func dictNe(a AnyDict, other Object) (Object, error) {
	res, err := dictEq(a, other)
	if err != nil {
		return nil, err
	}
	if res == NotImplemented {
		return res, nil
	}
	if res == True {
		return False, nil
	}
	return True, nil
}

func (a StringDict) M__contains__(other Object) (Object, error) {
	return dictContains(a, other)
}

func dictContains(a AnyDict, other Object) (Object, error) {
	key, ok := other.(String)
	if !ok {
		return nil, ExceptionNewf(KeyError, "FIXME can only have string keys!: %v", key)
	}
	if _, ok := a.Get(string(key)); ok {
		return True, nil
	}
	return False, nil
}

func (d StringDict) GetDict() StringDict {
	return d
}

var _ IGetDict = (*StringDict)(nil)

// The special methods of *Dict are those of StringDict, in insertion
// order.

func (d *Dict) M__str__() (Object, error)                { return dictRepr(d) }
func (d *Dict) M__repr__() (Object, error)               { return dictRepr(d) }
func (d *Dict) M__len__() (Object, error)                { return Int(len(d.m)), nil }
func (d *Dict) M__iter__() (Object, error)               { return NewIterator(keysTuple(d)), nil }
func (d *Dict) M__getitem__(key Object) (Object, error)  { return dictGetItem(d, key) }
func (d *Dict) M__delitem__(key Object) (Object, error)  { return dictDelItem(d, key) }
func (d *Dict) M__eq__(other Object) (Object, error)     { return dictEq(d, other) }
func (d *Dict) M__ne__(other Object) (Object, error)     { return dictNe(d, other) }
func (d *Dict) M__contains__(key Object) (Object, error) { return dictContains(d, key) }
func (d *Dict) M__setitem__(key, value Object) (Object, error) {
	return dictSetItem(d, key, value)
}
