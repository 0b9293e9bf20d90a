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
	StringDictType.Dict["items"] = MustNewMethod("items", func(self Object, args Tuple) (Object, error) {
		err := UnpackTuple(args, nil, "items", 0, 0)
		if err != nil {
			return nil, err
		}
		sMap := self.(StringDict)
		o := make(Tuple, 0, len(sMap))
		for _, k := range sMap.SortedKeys() {
			o = append(o, Tuple{String(k), sMap[k]})
		}
		return NewIterator(o), nil
	}, 0, "items() -> list of D's (key, value) pairs, as 2-tuples")

	StringDictType.Dict["keys"] = MustNewMethod("keys", func(self Object, args Tuple) (Object, error) {
		err := UnpackTuple(args, nil, "keys", 0, 0)
		if err != nil {
			return nil, err
		}
		sMap := self.(StringDict)
		o := make(Tuple, 0, len(sMap))
		for _, k := range sMap.SortedKeys() {
			o = append(o, String(k))
		}
		return NewIterator(o), nil
	}, 0, "keys() -> list of D's keys, as a list")

	StringDictType.Dict["values"] = MustNewMethod("values", func(self Object, args Tuple) (Object, error) {
		err := UnpackTuple(args, nil, "values", 0, 0)
		if err != nil {
			return nil, err
		}
		sMap := self.(StringDict)
		o := make(Tuple, 0, len(sMap))
		for _, k := range sMap.SortedKeys() {
			o = append(o, sMap[k])
		}
		return NewIterator(o), nil
	}, 0, "values() -> list of D's values, as a list")

	StringDictType.Dict["get"] = MustNewMethod("get", func(self Object, args Tuple) (Object, error) {
		var length = len(args)
		switch {
		case length == 0:
			return nil, ExceptionNewf(TypeError, "%s expected at least 1 arguments, got %d", "items()", length)
		case length > 2:
			return nil, ExceptionNewf(TypeError, "%s expected at most 2 arguments, got %d", "items()", length)
		}
		sMap := self.(StringDict)
		if str, ok := args[0].(String); ok {
			if res, ok := sMap[string(str)]; ok {
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
	}, 0, "gets(key, default) -> If there is a val corresponding to key, return val, otherwise default")
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
	out := NewStringDict()
	if len(args) == 1 {
		if err := out.updateFrom(args[0]); err != nil {
			return nil, err
		}
	}
	for k, v := range kwargs {
		out[k] = v
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
// keys() and []) or of an iterable of key/value pairs to d.
func (d StringDict) updateFrom(src Object) error {
	if m, ok := src.(StringDict); ok {
		for k, v := range m {
			d[k] = v
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
				itemErr = d.addItem(k, src)
			}
			return len(d)
		}, len(d))
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
			err = d.addPair(n, item)
			n++
		}
		return len(d)
	}, len(d))
	if iterErr != nil {
		return iterErr
	}
	return err
}

// addItem adds key k of mapping src to d.
func (d StringDict) addItem(k, src Object) error {
	key, err := dictKey(k)
	if err != nil {
		return err
	}
	v, err := GetItem(src, k)
	if err != nil {
		return err
	}
	d[key] = v
	return nil
}

// addPair adds the n-th element of a dict update sequence, which must
// be an iterable of two items.
func (d StringDict) addPair(n int, item Object) error {
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
	d[key] = pair[1]
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

// Checks that obj is exactly a dictionary and returns an error if not
func DictCheckExact(obj Object) (StringDict, error) {
	dict, ok := obj.(StringDict)
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
	if !reprEnter(a) {
		return String("{...}"), nil
	}
	defer reprLeave(a)
	var out bytes.Buffer
	out.WriteRune('{')
	spacer := false
	for _, key := range a.SortedKeys() {
		value := a[key]
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
	o := make(Tuple, 0, len(d))
	for _, k := range d.SortedKeys() {
		o = append(o, String(k))
	}
	return NewIterator(o), nil
}

// SortedKeys returns the keys of d in sorted order. Python code sees a
// dict's keys (iteration, keys, values, items, repr) in this order: a
// Go map iterates in a random order that changes from run to run, and
// code such as "for name, cmd in commands.items(): make_task(name)"
// must behave the same on every run. CPython uses insertion order;
// sorted order is the deterministic substitute StringDict can offer.
func (d StringDict) SortedKeys() []string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (d StringDict) M__getitem__(key Object) (Object, error) {
	str, ok := key.(String)
	if ok {
		res, ok := d[string(str)]
		if ok {
			return res, nil
		}
	}
	return nil, exceptionNew(KeyError, Tuple{key})
}

func (d StringDict) M__delitem__(key Object) (Object, error) {
	str, ok := key.(String)
	if !ok {
		return nil, exceptionNew(KeyError, Tuple{key})
	}
	_, ok = d[string(str)]
	if !ok {
		return nil, exceptionNew(KeyError, Tuple{key})
	}
	delete(d, string(str))
	return None, nil
}

func (d StringDict) M__setitem__(key, value Object) (Object, error) {
	str, ok := key.(String)
	if !ok {
		return nil, ExceptionNewf(KeyError, "FIXME can only have string keys!: %v", key)
	}
	d[string(str)] = value
	return None, nil
}

func (a StringDict) M__eq__(other Object) (Object, error) {
	b, ok := other.(StringDict)
	if !ok {
		return NotImplemented, nil
	}
	if len(a) != len(b) {
		return False, nil
	}
	for k, av := range a {
		bv, ok := b[k]
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
	res, err := a.M__eq__(other)
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
	key, ok := other.(String)
	if !ok {
		return nil, ExceptionNewf(KeyError, "FIXME can only have string keys!: %v", key)
	}

	if _, ok := a[string(key)]; ok {
		return True, nil
	}
	return False, nil
}

func (d StringDict) GetDict() StringDict {
	return d
}

var _ IGetDict = (*StringDict)(nil)
