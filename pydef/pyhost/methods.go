package pyhost

import (
	"github.com/go-python/gpython/py"
)

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

// patchDict adds dict.fromkeys, which takes keys of any type through
// objDict (the other missing dict methods, update included, are in the
// fork).
func patchDict() {
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
