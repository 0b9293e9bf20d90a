// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The dict methods v0.2.0 lacks: pop, popitem, copy, clear, setdefault.
// Keys are str (a dict is a StringDict); popitem takes the last key in
// iteration order (sorted, patch 8), as CPython takes the last inserted.

package py

func init() {
	typedMethod(StringDictType, "pop", func(d StringDict, args Tuple) (Object, error) {
		if len(args) < 1 || len(args) > 2 {
			return nil, ExceptionNewf(TypeError, "pop expected 1 or 2 arguments")
		}
		if k, ok := args[0].(String); ok {
			if v, found := d[string(k)]; found {
				delete(d, string(k))
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
	typedMethod(StringDictType, "popitem", func(d StringDict, args Tuple) (Object, error) {
		if err := noArgs("popitem", args); err != nil {
			return nil, err
		}
		keys := d.SortedKeys()
		if len(keys) == 0 {
			return nil, ExceptionNewf(KeyError, "'popitem(): dictionary is empty'") // str() of CPython's KeyError is the repr of its key
		}
		k := keys[len(keys)-1]
		v := d[k]
		delete(d, k)
		return Tuple{String(k), v}, nil
	}, "popitem() -> remove and return the last (key, value) pair")
	typedMethod(StringDictType, "copy", func(self StringDict, args Tuple) (Object, error) {
		if err := noArgs("copy", args); err != nil {
			return nil, err
		}
		return self.Copy(), nil
	}, "copy() -> a shallow copy of the dict")
	typedMethod(StringDictType, "clear", func(d StringDict, args Tuple) (Object, error) {
		if err := noArgs("clear", args); err != nil {
			return nil, err
		}
		for k := range d {
			delete(d, k)
		}
		return None, nil
	}, "clear() -> remove all items")
	typedMethod(StringDictType, "setdefault", func(d StringDict, args Tuple) (Object, error) {
		if len(args) < 1 || len(args) > 2 {
			return nil, ExceptionNewf(TypeError, "setdefault expected 1 or 2 arguments")
		}
		k, ok := args[0].(String)
		if !ok {
			return nil, ExceptionNewf(TypeError, "dict keys must be str here, got %s", args[0].Type().Name)
		}
		if v, found := d[string(k)]; found {
			return v, nil
		}
		var def Object = None
		if len(args) == 2 {
			def = args[1]
		}
		d[string(k)] = def
		return def, nil
	}, "setdefault(k[,d]) -> d[k] if k in d, else set d[k]=d and return it")
}
