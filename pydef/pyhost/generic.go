package pyhost

import (
	"strings"

	"github.com/go-python/gpython/py"
)

// genericAlias is what subscribing a builtin type gives (list[str],
// dict[str, int], type[Operator]; PEP 585), which function annotations of
// Python 3.9+ files evaluate when the function is defined. Like CPython's
// types.GenericAlias it calls its origin and reads __origin__ and
// __args__; isinstance takes it as its origin, as it does typing aliases.
type genericAlias struct {
	origin *py.Type
	args   py.Tuple
}

var genericAliasType = py.NewType("types.GenericAlias", "Represent a PEP 585 generic type")

// Type implements py.Object.
func (g *genericAlias) Type() *py.Type { return genericAliasType }

// M__call__ instantiates the origin: list[int]() is [].
func (g *genericAlias) M__call__(args py.Tuple, kwargs py.StringDict) (py.Object, error) {
	return py.Call(g.origin, args, kwargs)
}

// M__getattribute__ serves __origin__ and __args__; anything else is the
// origin's, as in CPython.
func (g *genericAlias) M__getattribute__(name string) (py.Object, error) {
	switch name {
	case "__origin__":
		return g.origin, nil
	case "__args__":
		return g.args, nil
	case "__class__":
		return genericAliasType, nil
	}
	return py.GetAttrString(g.origin, name)
}

// M__repr__ is CPython's: list[int], dict[str, list[int]].
func (g *genericAlias) M__repr__() (py.Object, error) {
	parts := make([]string, len(g.args))
	for i, a := range g.args {
		parts[i] = aliasArgRepr(a)
	}
	return py.String(shortName(g.origin) + "[" + strings.Join(parts, ", ") + "]"), nil
}

// M__eq__ compares origin and arguments.
func (g *genericAlias) M__eq__(other py.Object) (py.Object, error) {
	o, ok := other.(*genericAlias)
	if !ok {
		return py.NotImplemented, nil
	}
	if o.origin != g.origin || len(o.args) != len(g.args) {
		return py.False, nil
	}
	for i := range g.args {
		eq, err := keysEqual(g.args[i], o.args[i])
		if err != nil || !eq {
			return py.False, err
		}
	}
	return py.True, nil
}

// aliasArgRepr renders one argument: classes by name, ... as is.
func aliasArgRepr(a py.Object) string {
	if a == py.Ellipsis {
		return "..."
	}
	if t, ok := asClass(a); ok {
		if isHeapType(t) {
			if m, ok := t.Dict["__module__"].(py.String); ok && m != "builtins" {
				return string(m) + "." + shortName(t)
			}
		}
		return shortName(t)
	}
	if r, err := py.ReprAsString(a); err == nil {
		return r
	}
	return "?"
}

// newGenericAlias subscribes a builtin type.
func newGenericAlias(t *py.Type, params py.Object) py.Object {
	args, ok := params.(py.Tuple)
	if !ok {
		args = py.Tuple{params}
	}
	return &genericAlias{origin: t, args: args}
}

// patchGenericTypes makes the builtin containers subscriptable as
// classes. gpython looks a class's special methods up in its own dict
// first, and their instances implement indexing in Go, so the entries
// below only ever see the class itself (or an explicit list.__getitem__(l,
// i) call, which they pass on). __iter__ keeps `for x in list:` an error:
// a subscriptable class would otherwise be iterated by index, forever.
func patchGenericTypes() {
	for _, t := range []*py.Type{py.ListType, py.TupleType, py.StringDictType, py.SetType, py.FrozenSetType} {
		t.Dict["__getitem__"] = newMethod("__getitem__", func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			if len(args) != 2 {
				return nil, py.ExceptionNewf(py.TypeError, "__getitem__ expects 1 argument")
			}
			if c, ok := asClass(args[0]); ok && c == t {
				return newGenericAlias(t, args[1]), nil
			}
			if g, ok := args[0].(py.I__getitem__); ok {
				return g.M__getitem__(args[1])
			}
			return nil, py.ExceptionNewf(py.TypeError, "'%s' object is not subscriptable", typeName(args[0]))
		})
		t.Dict["__iter__"] = newMethod("__iter__", func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			if len(args) != 1 {
				return nil, py.ExceptionNewf(py.TypeError, "__iter__ expects no arguments")
			}
			if it, ok := args[0].(py.I__iter__); ok {
				return it.M__iter__()
			}
			if _, ok := asClass(args[0]); ok {
				return nil, py.ExceptionNewf(py.TypeError, "'type' object is not iterable")
			}
			return nil, py.ExceptionNewf(py.TypeError, "'%s' object is not iterable", typeName(args[0]))
		})
	}
}
