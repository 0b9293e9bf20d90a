package pyhost

import (
	"github.com/go-python/gpython/py"
)

// method is a builtin-type method body: self already checked.
type method[T py.Object] func(self T, args py.Tuple, kw py.StringDict) (py.Object, error)

// addMethod installs a method on a builtin type unless the type already has
// one (the vendored gpython may implement it). Read from the class it is
// an unbound method descriptor (the fork's Method.M__get__), so both
// d.update(e) and dict.update(d, e) reach f with the receiver checked.
func addMethod[T py.Object](t *py.Type, name string, f method[T]) {
	if _, ok := t.Dict[name]; ok {
		return
	}
	t.Dict[name] = py.MustNewMethod(name, func(self py.Object, args py.Tuple, kw py.StringDict) (py.Object, error) {
		s, ok := self.(T)
		if !ok {
			return nil, py.ExceptionNewf(py.TypeError, "descriptor '%s' requires a '%s' object", name, t.Name)
		}
		return f(s, args, kw)
	}, 0, "")
}

// equal is == as a Go bool.
func equal(a, b py.Object) (bool, error) {
	if same(a, b) {
		return true, nil
	}
	r, err := py.Eq(a, b)
	if err != nil {
		return false, err
	}
	return r == py.True, nil
}

// patchDict adds dict.update and dict.fromkeys, which take keys of any
// type through objDict (the other missing dict methods are in the fork).
func patchDict() {
	addMethod(py.StringDictType, "update", func(d py.StringDict, args py.Tuple, kw py.StringDict) (py.Object, error) {
		od := newObjDict()
		for _, a := range args {
			if err := mergeInto(od, a); err != nil {
				return nil, err
			}
		}
		for i, k := range od.keys {
			s, ok := k.(py.String)
			if !ok {
				return nil, py.ExceptionNewf(py.TypeError, "dict keys must be str here, got %s (use a dict display with this key instead)", typeName(k))
			}
			d[string(s)] = od.vals[i]
		}
		for k, v := range kw {
			d[k] = v
		}
		return py.None, nil
	})
	// fromkeys is a class method (dict.fromkeys(keys, v)): self is the
	// class or a dict.
	if _, ok := py.StringDictType.Dict["fromkeys"]; !ok {
		py.StringDictType.Dict["fromkeys"] = py.MustNewMethod("fromkeys", func(self py.Object, args py.Tuple) (py.Object, error) {
			if len(args) < 1 || len(args) > 2 {
				return nil, py.ExceptionNewf(py.TypeError, "fromkeys expected 1 or 2 arguments")
			}
			var v py.Object = py.None
			if len(args) == 2 {
				v = args[1]
			}
			if err := checkRange(args[0], 0); err != nil {
				return nil, err
			}
			d := newObjDict()
			var setErr error
			err := py.Iterate(args[0], func(k py.Object) bool {
				setErr = d.set(k, v)
				return setErr != nil
			})
			if err != nil {
				return nil, err
			}
			if setErr != nil {
				return nil, setErr
			}
			if p, ok := d.plain(); ok {
				return p, nil
			}
			return d, nil
		}, py.METH_CLASS, "")
	}
}

// strArg reads argument i as a str.
func strArg(args py.Tuple, i int, fn string) (string, error) {
	if len(args) <= i {
		return "", py.ExceptionNewf(py.TypeError, "%s() missing argument %d", fn, i+1)
	}
	s, ok := args[i].(py.String)
	if !ok {
		return "", py.ExceptionNewf(py.TypeError, "%s() argument must be str, not %s", fn, typeName(args[i]))
	}
	return string(s), nil
}

// patchStr adds str.format and str.format_map (format.go, strformat.go).
func patchStr() {
	t := py.StringType
	addMethod(t, "format", func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		out, err := strFormat(string(s), args, kw)
		return py.String(out), err
	})
	addMethod(t, "format_map", func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		if len(args) != 1 {
			return nil, py.ExceptionNewf(py.TypeError, "format_map() takes exactly one argument")
		}
		m, ok := args[0].(py.StringDict)
		if !ok {
			return nil, py.ExceptionNewf(py.TypeError, "format_map() argument must be a dict")
		}
		out, err := strFormat(string(s), nil, m)
		return py.String(out), err
	})
}
