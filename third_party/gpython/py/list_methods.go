// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The list and tuple methods v0.2.0 lacks: list.pop, insert, remove,
// index, count, reverse, copy, clear; tuple.index, count.

package py

func init() {
	typedMethod(ListType, "pop", func(l *List, args Tuple) (Object, error) {
		if len(args) > 1 {
			return nil, ExceptionNewf(TypeError, "pop expected at most 1 argument, got %d", len(args))
		}
		if len(l.Items) == 0 {
			return nil, ExceptionNewf(IndexError, "pop from empty list")
		}
		i := len(l.Items) - 1
		if len(args) > 0 {
			var err error
			if i, err = IndexIntCheck(args[0], len(l.Items)); err != nil {
				return nil, ExceptionNewf(IndexError, "pop index out of range")
			}
		}
		v := l.Items[i]
		l.Items = append(l.Items[:i], l.Items[i+1:]...)
		return v, nil
	}, "pop(index=-1) -> remove and return item at index (default last)")
	typedMethod(ListType, "insert", func(l *List, args Tuple) (Object, error) {
		if len(args) != 2 {
			return nil, ExceptionNewf(TypeError, "insert expected 2 arguments, got %d", len(args))
		}
		i, err := IndexInt(args[0])
		if err != nil {
			return nil, err
		}
		if err := CheckItems(len(l.Items) + 1); err != nil {
			return nil, err
		}
		i, _ = clampSlice(i, 0, len(l.Items))
		l.Items = append(l.Items, nil)
		copy(l.Items[i+1:], l.Items[i:])
		l.Items[i] = args[1]
		return None, nil
	}, "insert(index, object) -> insert object before index")
	typedMethod(ListType, "remove", func(l *List, args Tuple) (Object, error) {
		i, err := seqFind(l.Items, args, "remove")
		if err != nil {
			return nil, err
		}
		if i < 0 {
			return nil, ExceptionNewf(ValueError, "list.remove(x): x not in list")
		}
		l.Items = append(l.Items[:i], l.Items[i+1:]...)
		return None, nil
	}, "remove(value) -> remove first occurrence of value")
	typedMethod(ListType, "index", func(self *List, args Tuple) (Object, error) {
		i, err := seqFind(self.Items, args, "index")
		if err != nil {
			return nil, err
		}
		if i < 0 {
			r, err := ReprAsString(args[0])
			if err != nil {
				r = "<" + args[0].Type().Name + ">"
			}
			return nil, ExceptionNewf(ValueError, "%s is not in list", r)
		}
		return Int(i), nil
	}, "index(value, start=0, stop=len) -> first index of value")
	typedMethod(ListType, "count", func(self *List, args Tuple) (Object, error) {
		return seqCount(self.Items, args)
	}, "count(value) -> number of occurrences of value")
	typedMethod(ListType, "reverse", func(self *List, args Tuple) (Object, error) {
		if err := noArgs("reverse", args); err != nil {
			return nil, err
		}
		items := self.Items
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
		}
		return None, nil
	}, "reverse() -> reverse in place")
	typedMethod(ListType, "copy", func(self *List, args Tuple) (Object, error) {
		if err := noArgs("copy", args); err != nil {
			return nil, err
		}
		return self.Copy(), nil
	}, "copy() -> a shallow copy of the list")
	typedMethod(ListType, "clear", func(l *List, args Tuple) (Object, error) {
		if err := noArgs("clear", args); err != nil {
			return nil, err
		}
		l.Items = l.Items[:0]
		return None, nil
	}, "clear() -> remove all items")
	typedMethod(TupleType, "index", func(self Tuple, args Tuple) (Object, error) {
		i, err := seqFind(self, args, "index")
		if err != nil {
			return nil, err
		}
		if i < 0 {
			return nil, ExceptionNewf(ValueError, "tuple.index(x): x not in tuple")
		}
		return Int(i), nil
	}, "index(value, start=0, stop=len) -> first index of value")
	typedMethod(TupleType, "count", func(self Tuple, args Tuple) (Object, error) {
		return seqCount(self, args)
	}, "count(value) -> number of occurrences of value")
}

// seqFind is the index of args[0] in items[start:end] (args[1], args[2]),
// or -1.
func seqFind(items []Object, args Tuple, what string) (int, error) {
	if len(args) < 1 || len(args) > 3 {
		return -1, ExceptionNewf(TypeError, "%s() takes from 1 to 3 arguments (%d given)", what, len(args))
	}
	start, end := 0, len(items)
	var err error
	if len(args) > 1 && args[1] != None {
		if start, err = IndexInt(args[1]); err != nil {
			return -1, err
		}
	}
	if len(args) > 2 && args[2] != None {
		if end, err = IndexInt(args[2]); err != nil {
			return -1, err
		}
	}
	start, end = clampSlice(start, end, len(items))
	for i := start; i < end; i++ {
		eq, err := seqItemEq(items[i], args[0])
		if err != nil {
			return -1, err
		}
		if eq {
			return i, nil
		}
	}
	return -1, nil
}

// seqCount counts the items equal to args[0].
func seqCount(items []Object, args Tuple) (Object, error) {
	if len(args) != 1 {
		return nil, ExceptionNewf(TypeError, "count() takes exactly one argument (%d given)", len(args))
	}
	n := 0
	for _, it := range items {
		eq, err := seqItemEq(it, args[0])
		if err != nil {
			return nil, err
		}
		if eq {
			n++
		}
	}
	return Int(n), nil
}

// seqItemEq is CPython's item comparison: identity, then ==.
func seqItemEq(a, b Object) (bool, error) {
	if Is(a, b) {
		return true, nil
	}
	r, err := Eq(a, b)
	if err != nil {
		return false, err
	}
	return r == True, nil
}

// clampSlice normalises slice bounds start, end for a length n.
func clampSlice(start, end, n int) (int, int) {
	if start < 0 {
		if start += n; start < 0 {
			start = 0
		}
	}
	if end < 0 {
		if end += n; end < 0 {
			end = 0
		}
	}
	if end > n {
		end = n
	}
	if start > n {
		start = n
	}
	return start, end
}

// typedMethod installs f as method name of t: self must be a T (an
// instance of a Python subclass of t is not, gpython representing it as a
// *Type).
func typedMethod[T Object](t *Type, name string, f func(self T, args Tuple) (Object, error), doc string) {
	t.Dict[name] = MustNewMethod(name, func(self Object, args Tuple) (Object, error) {
		s, ok := self.(T)
		if !ok {
			return nil, ExceptionNewf(TypeError, "descriptor '%s' requires a '%s' object but received a '%s'", name, t.Name, typeNameOf(self))
		}
		return f(s, args)
	}, 0, doc)
}

// noArgs is the error of a method taking no arguments called with some.
func noArgs(name string, args Tuple) error {
	if len(args) != 0 {
		return ExceptionNewf(TypeError, "%s() takes no arguments (%d given)", name, len(args))
	}
	return nil
}
