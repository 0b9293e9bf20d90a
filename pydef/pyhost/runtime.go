package pyhost

import (
	"strings"

	"github.com/go-python/gpython/py"
)

// runtimeHelpers are the builtins that the pydef/rewrite pre-pass emits
// calls to; their calling conventions are defined in that package's doc.
var runtimeHelpers = map[string]func(args py.Tuple, kwargs py.StringDict) (py.Object, error){
	"__fstr__":         fstr,
	"__objdict__":      objdictHelper,
	"__merge_dicts__":  dictMerge,
	"__merge_kwargs__": mergeKwargs,
	"__unpack_list__": func(args py.Tuple, _ py.StringDict) (py.Object, error) {
		items, err := concat(args)
		return py.NewListFromItems(items), err
	},
	"__unpack_tuple__": func(args py.Tuple, _ py.StringDict) (py.Object, error) {
		items, err := concat(args)
		return py.Tuple(items), err
	},
	"__unpack_set__": func(args py.Tuple, _ py.StringDict) (py.Object, error) {
		items, err := concat(args)
		return py.NewSetFromItems(items), err
	},
}

// concat joins iterables into one slice, refusing to grow it past the
// container limit ([*range(10**10)] would otherwise fill the memory).
func concat(args py.Tuple) ([]py.Object, error) {
	var out []py.Object
	var sizeErr error
	for _, a := range args {
		if err := checkRange(a, len(out)); err != nil {
			return nil, err
		}
		err := py.Iterate(a, func(o py.Object) bool {
			if sizeErr = py.CheckItems(len(out) + 1); sizeErr != nil {
				return true
			}
			out = append(out, o)
			return false
		})
		if err != nil {
			return nil, err
		}
		if sizeErr != nil {
			return nil, sizeErr
		}
	}
	return out, nil
}

// checkRange refuses at once a range too long to add to a container of
// have items, instead of iterating it until the container is too large.
func checkRange(o py.Object, have int) error {
	if r, ok := o.(*py.Range); ok {
		return py.CheckItems(have + int(r.Length))
	}
	return nil
}

// mergeKwargs implements f(**a, k=1, **b): one dict of keyword arguments,
// with CPython's errors for non-str and repeated keys.
func mergeKwargs(args py.Tuple, _ py.StringDict) (py.Object, error) {
	out := py.NewDict() // in the order of the call, which vm.Call keeps
	for _, a := range args {
		d := newObjDict()
		if err := mergeInto(d, a); err != nil {
			return nil, err
		}
		for i, k := range d.keys {
			s, ok := k.(py.String)
			if !ok {
				return nil, py.ExceptionNewf(py.TypeError, "keywords must be strings")
			}
			if _, dup := out.Get(string(s)); dup {
				return nil, py.ExceptionNewf(py.TypeError, "got multiple values for keyword argument '%s'", string(s))
			}
			out.Set(string(s), d.vals[i])
		}
	}
	return out, nil
}

// fstr renders an f-string: args are lit0, then (value, conv, spec, lit)
// repeated, where conv is "", "r", "s" or "a" and spec is the already
// rendered format spec.
func fstr(args py.Tuple, _ py.StringDict) (py.Object, error) {
	if len(args)%4 != 1 {
		return nil, py.ExceptionNewf(py.TypeError, "__fstr__: bad argument count %d", len(args))
	}
	var b strings.Builder
	lit, _ := args[0].(py.String)
	b.WriteString(string(lit))
	for i := 1; i < len(args); i += 4 {
		conv, _ := args[i+1].(py.String)
		spec, _ := args[i+2].(py.String)
		s, err := py.FormatField(args[i], string(conv), string(spec))
		if err != nil {
			return nil, err
		}
		lit, _ := args[i+3].(py.String)
		if err := py.CheckSize(b.Len() + len(s) + len(lit)); err != nil {
			return nil, err
		}
		b.WriteString(s)
		b.WriteString(string(lit))
	}
	return py.String(b.String()), nil
}

// objdictHelper builds a dict display from a list of (key, value) pairs:
// a plain dict when every key is a str (so **kw and json work), otherwise
// an objDict.
func objdictHelper(args py.Tuple, _ py.StringDict) (py.Object, error) {
	d := newObjDict()
	for _, a := range args {
		if err := mergeInto(d, a); err != nil {
			return nil, err
		}
	}
	if p, ok := d.plain(); ok {
		return p, nil
	}
	return d, nil
}

// dictMerge implements {**a, 'k': 1, **b} as __merge_dicts__(a, {'k': 1},
// b): the mappings merged left to right, later keys winning.
func dictMerge(args py.Tuple, _ py.StringDict) (py.Object, error) {
	d := newObjDict()
	for _, a := range args {
		if err := mergeInto(d, a); err != nil {
			return nil, err
		}
	}
	if p, ok := d.plain(); ok {
		return p, nil
	}
	return d, nil
}
