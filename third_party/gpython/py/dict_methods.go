// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The dict methods v0.2.0 lacks: pop, popitem, copy, clear, setdefault
// (patch 31), update (patch 33). Keys are str; popitem takes the last
// inserted key of a *Dict (patch 32), as CPython does, and the last in
// sorted order of a StringDict.

package py

func init() {
	StringDictType.Dict["update"] = MustNewMethod("update", func(self Object, args Tuple, kwargs StringDict) (Object, error) {
		d, ok := AsAnyDict(self)
		if !ok {
			return nil, ExceptionNewf(TypeError, "descriptor 'update' requires a 'dict' object but received a '%s'", typeNameOf(self))
		}
		if len(args) > 1 {
			return nil, ExceptionNewf(TypeError, "update expected at most 1 argument, got %d", len(args))
		}
		if len(args) == 1 {
			if err := updateFrom(d, args[0]); err != nil {
				return nil, err
			}
		}
		for _, k := range KwargsOrder(kwargs) {
			d.Set(k, kwargs[k])
		}
		return None, nil
	}, 0, "update([E, ]**F) -> update D from dict/iterable E and F")
	dictMethod("pop", func(d AnyDict, args Tuple) (Object, error) {
		if len(args) < 1 || len(args) > 2 {
			return nil, ExceptionNewf(TypeError, "pop expected 1 or 2 arguments")
		}
		if k, ok := args[0].(String); ok {
			if v, found := d.Get(string(k)); found {
				d.Delete(string(k))
				return v, nil
			}
		}
		if len(args) == 2 {
			return args[1], nil
		}
		r, err := ReprAsString(args[0])
		if err != nil {
			r = "<" + args[0].Type().Name + ">"
		}
		return nil, ExceptionNewf(KeyError, "%s", r)
	}, "pop(k[,d]) -> remove key k and return its value, or d if k is missing")
	dictMethod("popitem", func(d AnyDict, args Tuple) (Object, error) {
		if err := noArgs("popitem", args); err != nil {
			return nil, err
		}
		const empty = "'popitem(): dictionary is empty'" // str() of CPython's KeyError is the repr of its key
		if od, ok := d.(*Dict); ok {
			k, v, ok := od.popLast()
			if !ok {
				return nil, ExceptionNewf(KeyError, empty)
			}
			return Tuple{String(k), v}, nil
		}
		keys := d.OrderedKeys()
		if len(keys) == 0 {
			return nil, ExceptionNewf(KeyError, empty)
		}
		k := keys[len(keys)-1]
		v, _ := d.Get(k)
		d.Delete(k)
		return Tuple{String(k), v}, nil
	}, "popitem() -> remove and return the last (key, value) pair")
	dictMethod("copy", func(d AnyDict, args Tuple) (Object, error) {
		if err := noArgs("copy", args); err != nil {
			return nil, err
		}
		if od, ok := d.(*Dict); ok {
			return od.Copy(), nil
		}
		return NewDictFromStringDict(d.(StringDict)), nil
	}, "copy() -> a shallow copy of the dict")
	dictMethod("clear", func(d AnyDict, args Tuple) (Object, error) {
		if err := noArgs("clear", args); err != nil {
			return nil, err
		}
		switch x := d.(type) {
		case *Dict:
			x.Clear()
		case StringDict:
			clear(x)
		}
		return None, nil
	}, "clear() -> remove all items")
	dictMethod("setdefault", func(d AnyDict, args Tuple) (Object, error) {
		if len(args) < 1 || len(args) > 2 {
			return nil, ExceptionNewf(TypeError, "setdefault expected 1 or 2 arguments")
		}
		k, ok := args[0].(String)
		if !ok {
			return nil, ExceptionNewf(TypeError, "dict keys must be str here, got %s", args[0].Type().Name)
		}
		if v, found := d.Get(string(k)); found {
			return v, nil
		}
		var def Object = None
		if len(args) == 2 {
			def = args[1]
		}
		d.Set(string(k), def)
		return def, nil
	}, "setdefault(k[,d]) -> d[k] if k in d, else set d[k]=d and return it")
}
