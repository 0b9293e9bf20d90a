package pyhost

import (
	"fmt"
	"hash/fnv"
	"math"
	"reflect"
	"strconv"

	"github.com/go-python/gpython/py"
)

// installBuiltins puts the session's builtins into the builtins module.
// They are per session because several close over the session (open,
// __import__, __build_class__).
func (c *hostContext) installBuiltins(g py.StringDict) {
	set := func(name string, fn func(args py.Tuple, kwargs py.StringDict) (py.Object, error)) {
		g[name] = newMethod(name, fn)
	}
	g["__import__"] = py.MustNewMethod("__import__", c.builtinImport, 0, "__import__(name, globals=None, locals=None, fromlist=(), level=0) -> module")
	set("__build_class__", buildClass)
	set("isinstance", builtinIsinstance)
	set("issubclass", builtinIssubclass)
	set("callable", builtinCallable)
	set("id", builtinID)
	set("hash", builtinHash)
	set("super", builtinSuper)
	set("reversed", builtinReversed)
	set("format", builtinFormat)
	set("open", c.builtinOpen)
	set("input", func(py.Tuple, py.StringDict) (py.Object, error) { return nil, c.violation("input()") })
	set("round", builtinRound)
	set("dir", builtinDir)
	set("vars", builtinVars)
	set("exit", func(py.Tuple, py.StringDict) (py.Object, error) { return nil, c.violation("exit()") })
	set("quit", func(py.Tuple, py.StringDict) (py.Object, error) { return nil, c.violation("quit()") })
	g["property"] = propertyType
	for name, fn := range runtimeHelpers {
		set(name, fn)
	}
}

func builtinIsinstance(args py.Tuple, kw py.StringDict) (py.Object, error) {
	var obj, cls py.Object
	if err := py.UnpackTuple(args, kw, "isinstance", 2, 2, &obj, &cls); err != nil {
		return nil, err
	}
	ok, err := isinstance(obj, cls)
	return py.NewBool(ok), err
}

// isinstance is MRO-aware and understands typing aliases (List carries
// __origin__ = list).
func isinstance(obj, cls py.Object) (bool, error) {
	if tup, ok := cls.(py.Tuple); ok {
		for _, c := range tup {
			if ok, err := isinstance(obj, c); ok || err != nil {
				return ok, err
			}
		}
		return false, nil
	}
	t, err := classArg(cls, "isinstance")
	if err != nil {
		return false, err
	}
	if t == nil {
		return true, nil
	}
	return isSubclass(obj.Type(), t), nil
}

// classArg turns the second argument of isinstance/issubclass into a
// class: a class, a typing alias (its __origin__; nil for Any) or a stub
// (never matches).
func classArg(cls py.Object, fn string) (*py.Type, error) {
	if t, ok := asClass(cls); ok {
		return t, nil
	}
	if s, ok := cls.(*stub); ok {
		return nil, s.used()
	}
	if origin, err := py.GetAttrString(cls, "__origin__"); err == nil {
		if origin == py.None {
			return nil, nil
		}
		return classArg(origin, fn)
	}
	return nil, py.ExceptionNewf(py.TypeError, "%s() arg 2 must be a type or tuple of types", fn)
}

// isSubclass walks the MRO; bool counts as an int as in CPython.
func isSubclass(t, of *py.Type) bool {
	if t == of || of == py.ObjectType {
		return true
	}
	if t == py.BoolType && of == py.IntType {
		return true
	}
	for _, b := range mro(t) {
		if b == of {
			return true
		}
	}
	return false
}

func builtinIssubclass(args py.Tuple, kw py.StringDict) (py.Object, error) {
	var sub, cls py.Object
	if err := py.UnpackTuple(args, kw, "issubclass", 2, 2, &sub, &cls); err != nil {
		return nil, err
	}
	st, ok := asClass(sub)
	if !ok {
		return nil, py.ExceptionNewf(py.TypeError, "issubclass() arg 1 must be a class")
	}
	check := func(c py.Object) (bool, error) {
		t, err := classArg(c, "issubclass")
		if err != nil || t == nil {
			return t == nil && err == nil, err
		}
		return isSubclass(st, t), nil
	}
	if tup, ok := cls.(py.Tuple); ok {
		for _, c := range tup {
			if ok, err := check(c); ok || err != nil {
				return py.NewBool(ok), err
			}
		}
		return py.False, nil
	}
	ok, err := check(cls)
	return py.NewBool(ok), err
}

func builtinCallable(args py.Tuple, kw py.StringDict) (py.Object, error) {
	var obj py.Object
	if err := py.UnpackTuple(args, kw, "callable", 1, 1, &obj); err != nil {
		return nil, err
	}
	return py.NewBool(isCallable(obj)), nil
}

// isCallable: classes are callable, instances of user classes only with
// __call__, Go values when they implement it.
func isCallable(obj py.Object) bool {
	if t, ok := obj.(*py.Type); ok {
		if _, isCls := asClass(t); isCls {
			return true
		}
		v, _ := lookup(t.Type(), "__call__", nil)
		return v != nil
	}
	if _, ok := obj.(*stub); ok {
		return true
	}
	_, ok := obj.(py.I__call__)
	return ok
}

func builtinID(args py.Tuple, kw py.StringDict) (py.Object, error) {
	var obj py.Object
	if err := py.UnpackTuple(args, kw, "id", 1, 1, &obj); err != nil {
		return nil, err
	}
	return py.Int(identity(obj)), nil
}

// identity is a stable per-object number: the address for reference
// values, a hash of the value for immutable scalars.
func identity(obj py.Object) int64 {
	v := reflect.ValueOf(obj)
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return int64(v.Pointer() & math.MaxInt64)
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%T:%v", obj, obj)
	return int64(h.Sum64() & math.MaxInt64)
}

func builtinHash(args py.Tuple, kw py.StringDict) (py.Object, error) {
	var obj py.Object
	if err := py.UnpackTuple(args, kw, "hash", 1, 1, &obj); err != nil {
		return nil, err
	}
	h, err := hashOf(obj)
	return py.Int(h), err
}

// hashOf implements hash(): equal values of the builtin immutable types
// hash equally, user classes may define __hash__, other objects hash by
// identity, mutable containers raise TypeError.
func hashOf(obj py.Object) (int64, error) {
	switch o := obj.(type) {
	case py.Int:
		return int64(o), nil
	case py.Bool:
		if o {
			return 1, nil
		}
		return 0, nil
	case py.Float:
		if f := float64(o); f == math.Trunc(f) && math.Abs(f) < 1<<62 {
			return int64(f), nil
		}
		return int64(math.Float64bits(float64(o)) & math.MaxInt64), nil
	case py.String:
		h := fnv.New64a()
		h.Write([]byte(o))
		return int64(h.Sum64() & math.MaxInt64), nil
	case py.Tuple:
		var acc int64 = 0x345678
		for _, it := range o {
			h, err := hashOf(it)
			if err != nil {
				return 0, err
			}
			acc = (acc ^ h) * 1000003
		}
		return acc & math.MaxInt64, nil
	case *py.FrozenSet:
		// Order-independent, so equal frozensets hash equally.
		var acc int64
		var herr error
		err := py.Iterate(o, func(it py.Object) bool {
			h, err := hashOf(it)
			acc ^= h * 0x5bd1e995
			herr = err
			return err != nil
		})
		if err == nil {
			err = herr
		}
		return acc & math.MaxInt64, err
	case *py.List, py.StringDict, *py.Dict, *py.Set, *objDict:
		return 0, py.ExceptionNewf(py.TypeError, "unhashable type: '%s'", typeName(obj))
	case *py.Type:
		if _, isCls := asClass(o); !isCls {
			if fn, _ := lookup(o.Type(), "__hash__", nil); fn != nil && fn != py.None {
				res, err := callBound(fn, o)
				if err != nil {
					return 0, err
				}
				return hashOf(res)
			}
		}
	}
	if obj == py.None {
		return 0x5f3759df, nil
	}
	return identity(obj), nil
}

// callBound calls a function found on a class with self prepended.
func callBound(fn py.Object, self py.Object, args ...py.Object) (py.Object, error) {
	return py.Call(fn, append(py.Tuple{self}, args...), nil)
}

func builtinReversed(args py.Tuple, kw py.StringDict) (py.Object, error) {
	var seq py.Object
	if err := py.UnpackTuple(args, kw, "reversed", 1, 1, &seq); err != nil {
		return nil, err
	}
	if t, ok := seq.(*py.Type); ok {
		if fn, _ := lookup(t.Type(), "__reversed__", nil); fn != nil {
			return callBound(fn, t)
		}
	}
	items, err := py.SequenceList(seq)
	if err != nil {
		return nil, err
	}
	out := make(py.Tuple, len(items.Items))
	for i, it := range items.Items {
		out[len(out)-1-i] = it
	}
	return py.NewIterator(out), nil
}

func builtinFormat(args py.Tuple, kw py.StringDict) (py.Object, error) {
	var v py.Object
	var spec py.Object = py.String("")
	if err := py.UnpackTuple(args, kw, "format", 1, 2, &v, &spec); err != nil {
		return nil, err
	}
	s, ok := spec.(py.String)
	if !ok {
		return nil, py.ExceptionNewf(py.TypeError, "format() argument 2 must be str, not %s", typeName(spec))
	}
	out, err := py.FormatValue(v, string(s))
	return py.String(out), err
}

// builtinRound is round() with CPython's results: round(x) is an int with
// halves to even, round(x, n) the float nearest to x rounded to n decimal
// digits (gpython's own gives 0.0 for round(math.pi, 4)).
func builtinRound(args py.Tuple, kw py.StringDict) (py.Object, error) {
	var num, nd py.Object = nil, py.None
	if err := py.ParseTupleAndKeywords(args, kw, "O|O:round", []string{"number", "ndigits"}, &num, &nd); err != nil {
		return nil, err
	}
	switch x := num.(type) {
	case py.Int, py.Bool, *py.BigInt:
		if nd == py.None {
			return py.MakeInt(x)
		}
		n, err := py.MakeGoInt(nd)
		if err != nil {
			return nil, err
		}
		if n >= 0 {
			return py.MakeInt(x)
		}
		v, err := py.MakeGoInt64(x)
		if err != nil {
			return nil, err
		}
		p := int64(math.Pow10(-n))
		q, r := v/p, v%p
		if r < 0 {
			q, r = q-1, r+p
		}
		if 2*r > p || (2*r == p && q%2 != 0) {
			q++
		}
		return py.Int(q * p), nil
	case py.Float:
		f := float64(x)
		if nd == py.None {
			r := math.RoundToEven(f)
			if math.IsInf(r, 0) || math.IsNaN(r) {
				return nil, py.ExceptionNewf(py.OverflowError, "cannot convert float infinity or NaN to integer")
			}
			if math.Abs(r) < 1<<62 {
				return py.Int(int64(r)), nil
			}
			return py.MakeInt(py.Float(r))
		}
		n, err := py.MakeGoInt(nd)
		if err != nil {
			return nil, err
		}
		if n > 300 || math.IsInf(f, 0) || math.IsNaN(f) {
			return x, nil
		}
		if n >= 0 {
			r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', n, 64), 64)
			return py.Float(r), nil
		}
		p := math.Pow10(-n)
		return py.Float(math.RoundToEven(f/p) * p), nil
	}
	if t, ok := num.(*py.Type); ok {
		if fn, _ := lookup(t.Type(), "__round__", nil); fn != nil {
			if nd == py.None {
				return callBound(fn, t)
			}
			return callBound(fn, t, nd)
		}
	}
	return nil, py.ExceptionNewf(py.TypeError, "type %s doesn't define __round__ method", typeName(num))
}

func builtinDir(args py.Tuple, kw py.StringDict) (py.Object, error) {
	var obj py.Object
	if err := py.UnpackTuple(args, kw, "dir", 1, 1, &obj); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	if d, ok := obj.(py.IGetDict); ok {
		for k := range d.GetDict() {
			seen[k] = true
		}
	}
	t := obj.Type()
	if c, ok := asClass(obj); ok {
		t = c
	}
	for _, b := range mro(t) {
		for k := range b.Dict {
			seen[k] = true
		}
	}
	return sortedNames(seen), nil
}

func builtinVars(args py.Tuple, kw py.StringDict) (py.Object, error) {
	var obj py.Object
	if err := py.UnpackTuple(args, kw, "vars", 1, 1, &obj); err != nil {
		return nil, err
	}
	if t, ok := asClass(obj); ok && !isHeapType(t) {
		return t.Dict.Copy(), nil
	}
	if d, ok := obj.(py.IGetDict); ok {
		return d.GetDict(), nil
	}
	return nil, py.ExceptionNewf(py.TypeError, "vars() argument must have __dict__ attribute")
}
