package pyhost

import (
	"github.com/go-python/gpython/py"
)

func init() {
	stdModules["_pyhost"] = buildPyhost
	stdModules["copy"] = buildCopy
}

// buildPyhost is the private Go module the Python stdlib shims build on.
func buildPyhost(c *hostContext, name string) (*py.Module, error) {
	return c.goModule(name, nil, map[string]fn{
		"partial": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			if len(args) < 1 {
				return nil, py.ExceptionNewf(py.TypeError, "partial() needs a function")
			}
			if !isCallable(args[0]) {
				return nil, py.ExceptionNewf(py.TypeError, "the first argument must be callable")
			}
			return &partial{fn: args[0], args: append(py.Tuple(nil), args[1:]...), kw: py.NewDictFromStringDict(kw)}, nil
		},
		"odict": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			d := newObjDict()
			for _, a := range args {
				if err := mergeInto(d, a); err != nil {
					return nil, err
				}
			}
			for _, k := range py.KwargsOrder(kw) {
				if err := d.set(py.String(k), kw[k]); err != nil {
					return nil, err
				}
			}
			return d, nil
		},
		"defaultdict": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			d := newObjDict()
			if len(args) > 0 {
				if args[0] != py.None && !isCallable(args[0]) {
					return nil, py.ExceptionNewf(py.TypeError, "first argument must be callable or None")
				}
				if args[0] != py.None {
					d.factory = args[0]
				}
				for _, a := range args[1:] {
					if err := mergeInto(d, a); err != nil {
						return nil, err
					}
				}
			}
			return d, nil
		},
	})
}

// partial is functools.partial.
type partial struct {
	fn   py.Object
	args py.Tuple
	kw   *py.Dict // in the order they were given
}

var partialType = py.NewType("functools.partial", "partial(func, *args, **keywords) - new function with partial application")

// Type implements py.Object.
func (p *partial) Type() *py.Type { return partialType }

// M__call__ calls the function with the stored arguments first.
func (p *partial) M__call__(args py.Tuple, kwargs py.StringDict) (py.Object, error) {
	all := p.kw.Copy()
	for _, k := range py.KwargsOrder(kwargs) {
		all.Set(k, kwargs[k])
	}
	kw := all.Map()
	if all.Len() > 1 {
		py.RecordKwargsOrder(kw, all.OrderedKeys())
		defer py.ForgetKwargsOrder(kw)
	}
	return py.Call(p.fn, append(append(py.Tuple(nil), p.args...), args...), kw)
}

// M__getattribute__ exposes func, args and keywords.
func (p *partial) M__getattribute__(name string) (py.Object, error) {
	switch name {
	case "func":
		return p.fn, nil
	case "args":
		return p.args, nil
	case "keywords":
		return p.kw, nil
	case "__name__", "__doc__", "__module__", "__qualname__":
		return py.GetAttrString(p.fn, name)
	}
	return nil, py.ExceptionNewf(py.AttributeError, "'functools.partial' object has no attribute '%s'", name)
}

// buildCopy is copy.copy and copy.deepcopy for builtin values and
// instances of user classes.
func buildCopy(c *hostContext, name string) (*py.Module, error) {
	return c.goModule(name, py.StringDict{"Error": py.ExceptionType}, map[string]fn{
		"copy": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			if len(args) != 1 {
				return nil, py.ExceptionNewf(py.TypeError, "copy() takes exactly one argument")
			}
			return copyValue(args[0], false, map[py.Object]py.Object{}, 0)
		},
		"deepcopy": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			if len(args) < 1 || len(args) > 2 {
				return nil, py.ExceptionNewf(py.TypeError, "deepcopy() takes one or two arguments")
			}
			return copyValue(args[0], true, map[py.Object]py.Object{}, 0)
		},
	})
}

// copyValue copies v, recursively when deep; memo keeps shared and
// cyclic references shared.
func copyValue(v py.Object, deep bool, memo map[py.Object]py.Object, depth int) (py.Object, error) {
	if depth > 500 {
		return nil, py.ExceptionNewf(py.RecursionError, "maximum recursion depth exceeded while copying")
	}
	item := func(o py.Object) (py.Object, error) {
		if !deep {
			return o, nil
		}
		return copyValue(o, true, memo, depth+1)
	}
	switch x := v.(type) {
	case *py.List:
		if r, ok := memo[x]; ok {
			return r, nil
		}
		out := py.NewListSized(len(x.Items))
		memo[x] = out
		for i, it := range x.Items {
			o, err := item(it)
			if err != nil {
				return nil, err
			}
			out.Items[i] = o
		}
		return out, nil
	case py.Tuple:
		if !deep {
			return x, nil
		}
		out := make(py.Tuple, len(x))
		for i, it := range x {
			o, err := item(it)
			if err != nil {
				return nil, err
			}
			out[i] = o
		}
		return out, nil
	case py.StringDict:
		out := py.NewStringDictSized(len(x))
		for k, it := range x {
			o, err := item(it)
			if err != nil {
				return nil, err
			}
			out[k] = o
		}
		return out, nil
	case *py.Dict:
		if r, ok := memo[x]; ok {
			return r, nil
		}
		out := py.NewDictSized(x.Len())
		memo[x] = out
		for _, k := range append([]string(nil), x.OrderedKeys()...) {
			v, _ := x.Get(k)
			o, err := item(v)
			if err != nil {
				return nil, err
			}
			out.Set(k, o)
		}
		return out, nil
	case *objDict:
		if r, ok := memo[x]; ok {
			return r, nil
		}
		out := newObjDict()
		out.factory = x.factory
		memo[x] = out
		for i, k := range x.keys {
			o, err := item(x.vals[i])
			if err != nil {
				return nil, err
			}
			if err := out.set(k, o); err != nil {
				return nil, err
			}
		}
		return out, nil
	case *py.Type:
		if _, isCls := asClass(x); isCls {
			return x, nil
		}
		if r, ok := memo[x]; ok {
			return r, nil
		}
		out := x.Type().Alloc()
		memo[x] = out
		for k, it := range x.Dict {
			o, err := item(it)
			if err != nil {
				return nil, err
			}
			out.Dict[k] = o
		}
		return out, nil
	}
	return v, nil
}
