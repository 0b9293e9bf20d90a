package pyhost

import (
	"sort"
	"strings"

	"github.com/go-python/gpython/py"
)

// typeGetattribute is installed as type.__getattribute__ (and on object,
// which gpython's builtin types use as their metatype): attribute access
// on a class, following CPython's type_getattro. gpython itself only looks
// in the class's own dict, so inherited class attributes, classmethods and
// staticmethods called through the class, __name__, __mro__ and __bases__
// all fail without it. Called bound to an instance (obj.__getattribute__)
// it is object's generic lookup.
func typeGetattribute(self py.Object, args py.Tuple) (py.Object, error) {
	args = withSelf(self, args)
	if len(args) != 2 {
		return nil, py.ExceptionNewf(py.TypeError, "__getattribute__ expects 1 argument")
	}
	name, ok := args[1].(py.String)
	if !ok {
		return nil, py.ExceptionNewf(py.TypeError, "attribute name must be string")
	}
	if t, isCls := asClass(args[0]); isCls {
		return classAttr(t, string(name))
	}
	return instanceAttr(args[0], string(name))
}

// withSelf prepends the receiver of a bound call.
func withSelf(self py.Object, args py.Tuple) py.Tuple {
	// An unbound py.Method passes its (nil) *py.Module as self.
	if m, ok := self.(*py.Module); self == nil || (ok && m == nil) {
		return args
	}
	return append(py.Tuple{self}, args...)
}

// instanceAttr is object.__getattribute__: the instance dict, then the
// class's MRO with descriptors bound.
func instanceAttr(obj py.Object, name string) (py.Object, error) {
	if d, ok := obj.(py.IGetDict); ok {
		if v, ok := d.GetDict()[name]; ok {
			return v, nil
		}
	}
	if v, _ := lookup(obj.Type(), name, nil); v != nil {
		return bindTo(v, obj, obj.Type())
	}
	// A class's __getattr__ answers for missing attributes.
	if fn, owner := lookup(obj.Type(), "__getattr__", nil); fn != nil && isHeapType(owner) {
		return py.Call(fn, py.Tuple{obj, py.String(name)}, nil)
	}
	return nil, py.ExceptionNewf(py.AttributeError, "'%s' object has no attribute '%s'", typeName(obj), name)
}

// classAttr reads attribute name of class t.
func classAttr(t *py.Type, name string) (py.Object, error) {
	switch name {
	case "__name__":
		return py.String(shortName(t)), nil
	case "__qualname__":
		if q, ok := t.Dict["__qualname__"]; ok {
			return q, nil
		}
		return py.String(shortName(t)), nil
	case "__mro__":
		out := py.Tuple{}
		for _, b := range mro(t) {
			out = append(out, b)
		}
		return out, nil
	case "__bases__":
		if t.Bases != nil {
			return t.Bases, nil
		}
		if t.Base != nil {
			return py.Tuple{t.Base}, nil
		}
		return py.Tuple{}, nil
	case "__base__":
		if t.Base == nil {
			return py.None, nil
		}
		return t.Base, nil
	case "__class__":
		return t.Type(), nil
	case "__dict__":
		return t.Dict.Copy(), nil
	case "__doc__":
		if d, ok := t.Dict["__doc__"]; ok {
			return d, nil
		}
		if t.Doc == "" {
			return py.None, nil
		}
		return py.String(t.Doc), nil
	}
	// Data descriptors on the metatype win, then the class's MRO, then
	// anything else on the metatype (type.mro and friends).
	if v, _ := lookup(t, name, nil); v != nil {
		return bindTo(v, nil, t)
	}
	if v, _ := lookup(t.Type(), name, nil); v != nil && name != "__getattribute__" && !hiddenTypeHook(t, name) {
		return bindTo(v, t, t.Type())
	}
	switch name {
	case "__new__":
		// object.__new__(cls), as custom __new__ methods call it.
		return newMethod(name, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			if len(args) < 1 {
				return nil, py.ExceptionNewf(py.TypeError, "object.__new__(): not enough arguments")
			}
			c, ok := asClass(args[0])
			if !ok {
				return nil, py.ExceptionNewf(py.TypeError, "object.__new__(X): X is not a type object")
			}
			return c.Alloc(), nil
		}), nil
	case "__init__":
		// object.__init__(self) in a base class's __init__.
		return newMethod(name, func(py.Tuple, py.StringDict) (py.Object, error) { return py.None, nil }), nil
	}
	return nil, py.ExceptionNewf(py.AttributeError, "type object '%s' has no attribute '%s'", shortName(t), name)
}

// shortName is the class name without a module prefix.
func shortName(t *py.Type) string {
	if i := strings.LastIndexByte(t.Name, '.'); i >= 0 {
		return t.Name[i+1:]
	}
	return t.Name
}

// typeSetattr guards builtin types: their dicts are shared by every
// session in the process, so Python code must not change them. Bound to
// an instance it is object.__setattr__.
func typeSetattr(self py.Object, args py.Tuple) (py.Object, error) {
	args = withSelf(self, args)
	if len(args) != 3 {
		return nil, py.ExceptionNewf(py.TypeError, "__setattr__ expects 2 arguments")
	}
	name, ok := args[1].(py.String)
	if !ok {
		return nil, py.ExceptionNewf(py.TypeError, "attribute name must be string")
	}
	t, isCls := asClass(args[0])
	if !isCls {
		d, ok := args[0].(py.IGetDict)
		if !ok {
			return nil, py.ExceptionNewf(py.AttributeError, "'%s' object attribute '%s' is read-only", typeName(args[0]), string(name))
		}
		d.GetDict()[string(name)] = args[2]
		return py.None, nil
	}
	if !isHeapType(t) {
		return nil, py.ExceptionNewf(py.TypeError, "can't set attributes of built-in/extension type '%s'", t.Name)
	}
	t.Dict[string(name)] = args[2]
	return py.None, nil
}

// typeDelattr is the matching guard for del.
func typeDelattr(self py.Object, args py.Tuple) (py.Object, error) {
	args = withSelf(self, args)
	if len(args) != 2 {
		return nil, py.ExceptionNewf(py.TypeError, "__delattr__ expects 1 argument")
	}
	name, ok := args[1].(py.String)
	if !ok {
		return nil, py.ExceptionNewf(py.TypeError, "attribute name must be string")
	}
	var d py.StringDict
	t, isCls := asClass(args[0])
	switch {
	case isCls && !isHeapType(t):
		return nil, py.ExceptionNewf(py.TypeError, "can't set attributes of built-in/extension type '%s'", t.Name)
	case isCls:
		d = t.Dict
	default:
		g, ok := args[0].(py.IGetDict)
		if !ok {
			return nil, py.ExceptionNewf(py.AttributeError, "'%s' object has no attribute '%s'", typeName(args[0]), string(name))
		}
		d = g.GetDict()
	}
	if _, ok := d[string(name)]; !ok {
		return nil, py.ExceptionNewf(py.AttributeError, "'%s' object has no attribute '%s'", typeName(args[0]), string(name))
	}
	delete(d, string(name))
	return py.None, nil
}

// buildClass replaces gpython's __build_class__. It runs the class body
// and creates the class with type() itself, because gpython takes the
// metaclass from the first base's type, which for builtin types such as
// ValueError or list is that type's base (the class object would be an
// exception or a plain instance). Builtin bases other than object are
// grafted onto the new class's bases and MRO afterwards. It also drops
// builtin mixins next to an Enum base (class TaskAction(str, Enum)),
// fails on stub bases, sets __class__ for instances, makes exception
// subclasses raisable, honours a class's own __new__ and turns enum
// members into instances.
func buildClass(args py.Tuple, kwargs py.StringDict) (py.Object, error) {
	if len(args) < 2 {
		return nil, py.ExceptionNewf(py.TypeError, "__build_class__: not enough arguments")
	}
	fn, ok := args[0].(*py.Function)
	name, ok2 := args[1].(py.String)
	if !ok || !ok2 {
		return nil, py.ExceptionNewf(py.TypeError, "__build_class__: func must be a function and name a string")
	}
	// args may alias the VM stack, which is reused: copy the bases.
	bases := append(py.Tuple(nil), args[2:]...)
	if meta, ok := kwargs["metaclass"]; ok && meta != py.TypeType {
		return nil, py.ExceptionNewf(py.TypeError, "metaclasses are not supported while loading workflow definitions")
	}
	enum, mixin := false, false
	for _, b := range bases {
		if s, ok := b.(*stub); ok {
			return nil, s.used()
		}
		t, ok := asClass(b)
		if !ok {
			return nil, py.ExceptionNewf(py.TypeError, "bases must be classes, not %s", typeName(b))
		}
		if v, _ := lookup(t, "_enum_", nil); v != nil {
			enum = true
		}
	}
	if enum {
		kept := py.Tuple{}
		for _, b := range bases {
			if t, _ := asClass(b); !isHeapType(t) {
				mixin = true
				continue
			}
			kept = append(kept, b)
		}
		bases = kept
	}
	core, grafted := py.Tuple{}, false
	for _, b := range bases {
		if t, _ := asClass(b); isHeapType(t) || t == py.ObjectType {
			core = append(core, b)
		} else {
			grafted = true
		}
	}
	body := bodyOf(fn.Code)
	// Sized for every name the body stores, the namespace never regrows.
	ns := make(py.StringDict, len(body.pos))
	cell, err := fn.Context.RunCode(fn.Code, fn.Globals, ns, fn.Closure)
	if err != nil {
		return nil, err
	}
	res, err := py.TypeNew(py.TypeType, py.Tuple{name, core, ns}, nil)
	if err != nil {
		return nil, err
	}
	cls, ok := asClass(res)
	if !ok {
		return res, nil
	}
	if grafted {
		order, err := c3(cls, bases)
		if err != nil {
			return nil, err
		}
		cls.Bases = bases
		cls.Base, _ = asClass(bases[0])
		cls.Mro = order
		for _, b := range bases {
			t, _ := asClass(b)
			cls.Flags |= t.Flags & subclassFlags
		}
	}
	if c, ok := cell.(*py.Cell); ok {
		c.Set(cls)
	}
	// Instances find __class__ through their class's dict.
	cls.Dict["__class__"] = cls
	if cls.IsSubtype(py.BaseException) {
		makeExceptionClass(cls)
	}
	if fn, owner := lookup(cls, "__new__", nil); fn != nil && isHeapType(owner) {
		// gpython never calls a class's own __new__ (an implicit
		// staticmethod in CPython).
		cls.New = callNew
	}
	if mixin {
		// The dropped str/int mixin made members equal to their values.
		cls.Dict["_value_eq_"] = py.True
	}
	if v, _ := lookup(cls, "_enum_", nil); v != nil {
		if err := makeEnumMembers(cls, body.pos); err != nil {
			return nil, err
		}
	}
	return cls, nil
}

// callNew allocates an instance of a class whose MRO defines __new__ in
// Python by calling that __new__. It looks the method up on each call
// rather than holding it, so that a class copied from a template
// (Template) calls its own copy.
func callNew(t *py.Type, args py.Tuple, kwargs py.StringDict) (py.Object, error) {
	fn, owner := lookup(t, "__new__", nil)
	if fn == nil || !isHeapType(owner) {
		return t.Alloc(), nil
	}
	if sm, ok := fn.(*py.StaticMethod); ok {
		fn = sm.Callable
	}
	return py.Call(fn, append(py.Tuple{t}, args...), kwargs)
}

// subclassFlags mark subclasses of the builtin types; gpython tests them
// (TPFLAGS_BASE_EXC_SUBCLASS decides what can be raised and caught).
const subclassFlags = py.TPFLAGS_INT_SUBCLASS | py.TPFLAGS_LONG_SUBCLASS | py.TPFLAGS_LIST_SUBCLASS |
	py.TPFLAGS_TUPLE_SUBCLASS | py.TPFLAGS_BYTES_SUBCLASS | py.TPFLAGS_UNICODE_SUBCLASS |
	py.TPFLAGS_DICT_SUBCLASS | py.TPFLAGS_BASE_EXC_SUBCLASS | py.TPFLAGS_TYPE_SUBCLASS

// c3 is the C3 linearisation of a class with the given bases.
func c3(cls *py.Type, bases py.Tuple) (py.Tuple, error) {
	var seqs [][]*py.Type
	var direct []*py.Type
	for _, b := range bases {
		t, _ := asClass(b)
		seqs = append(seqs, mro(t))
		direct = append(direct, t)
	}
	seqs = append(seqs, direct)
	out := py.Tuple{cls}
	for {
		empty := true
		var next *py.Type
		for _, s := range seqs {
			if len(s) == 0 {
				continue
			}
			empty = false
			cand := s[0]
			inTail := false
			for _, o := range seqs {
				for _, x := range o[min(1, len(o)):] {
					if x == cand {
						inTail = true
					}
				}
			}
			if !inTail {
				next = cand
				break
			}
		}
		if empty {
			return out, nil
		}
		if next == nil {
			return nil, py.ExceptionNewf(py.TypeError, "Cannot create a consistent method resolution order (MRO) for bases")
		}
		out = append(out, next)
		for i, s := range seqs {
			if len(s) > 0 && s[0] == next {
				seqs[i] = s[1:]
			}
		}
	}
}

// makeExceptionClass lets a Python subclass of an exception be raised:
// gpython gives every Python class object's allocator, whose instances the
// VM refuses to raise. Instances become *py.Exception values instead, and
// a user __init__ runs with the exception as self.
func makeExceptionClass(cls *py.Type) {
	cls.New = py.ExceptionNew
	cls.Init = func(self py.Object, args py.Tuple, kwargs py.StringDict) error {
		init, owner := lookup(self.Type(), "__init__", nil)
		if init == nil || !isHeapType(owner) {
			return nil
		}
		_, err := py.Call(init, append(py.Tuple{self}, args...), kwargs)
		return err
	}
}

// superObj is what super(cls, obj) returns: attribute lookup along obj's
// MRO after cls.
type superObj struct {
	cls *py.Type
	obj py.Object
}

var superType = py.NewType("super", "super(type, obj) -> bound super object")

// Type implements py.Object.
func (s *superObj) Type() *py.Type { return superType }

func builtinSuper(args py.Tuple, kw py.StringDict) (py.Object, error) {
	if len(args) != 2 {
		return nil, py.ExceptionNewf(py.RuntimeError, "super(): only the two-argument form super(cls, self) is supported")
	}
	cls, ok := asClass(args[0])
	if !ok {
		return nil, py.ExceptionNewf(py.TypeError, "super() argument 1 must be type, not %s", typeName(args[0]))
	}
	return &superObj{cls: cls, obj: args[1]}, nil
}

// M__getattribute__ implements super().name.
func (s *superObj) M__getattribute__(name string) (py.Object, error) {
	start, isCls := asClass(s.obj)
	if !isCls {
		start = s.obj.Type()
	}
	if v, _ := lookup(start, name, s.cls); v != nil {
		if isCls {
			return bindTo(v, nil, start)
		}
		return bindTo(v, s.obj, start)
	}
	if fn := objectMethod(s.obj, name); fn != nil {
		return fn, nil
	}
	return nil, py.ExceptionNewf(py.AttributeError, "'super' object has no attribute '%s'", name)
}

// objectMethod provides object's own methods, which gpython does not keep
// in object's dict, for super().__init__() and friends.
func objectMethod(obj py.Object, name string) py.Object {
	switch name {
	case "__init__":
		return newMethod(name, func(py.Tuple, py.StringDict) (py.Object, error) {
			return py.None, nil
		})
	case "__setattr__":
		return newMethod(name, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			if len(args) != 2 {
				return nil, py.ExceptionNewf(py.TypeError, "__setattr__ expects 2 arguments")
			}
			d, ok := obj.(py.IGetDict)
			key, ok2 := args[0].(py.String)
			if !ok || !ok2 {
				return nil, py.ExceptionNewf(py.TypeError, "cannot set attribute")
			}
			d.GetDict()[string(key)] = args[1]
			return py.None, nil
		})
	case "__getattribute__":
		return newMethod(name, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			if len(args) != 1 {
				return nil, py.ExceptionNewf(py.TypeError, "__getattribute__ expects 1 argument")
			}
			key, ok := args[0].(py.String)
			if !ok {
				return nil, py.ExceptionNewf(py.TypeError, "attribute name must be string")
			}
			if d, ok := obj.(py.IGetDict); ok {
				if v, ok := d.GetDict()[string(key)]; ok {
					return v, nil
				}
			}
			if v, _ := lookup(obj.Type(), string(key), nil); v != nil {
				return bindTo(v, obj, obj.Type())
			}
			return nil, py.ExceptionNewf(py.AttributeError, "'%s' object has no attribute '%s'", typeName(obj), string(key))
		})
	case "__new__":
		return newMethod(name, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			if len(args) < 1 {
				return nil, py.ExceptionNewf(py.TypeError, "object.__new__(): not enough arguments")
			}
			t, ok := asClass(args[0])
			if !ok {
				return nil, py.ExceptionNewf(py.TypeError, "object.__new__(X): X is not a type object")
			}
			return t.Alloc(), nil
		})
	case "__repr__", "__str__":
		return newMethod(name, func(py.Tuple, py.StringDict) (py.Object, error) {
			return py.String("<" + typeName(obj) + " object>"), nil
		})
	case "__eq__":
		return newMethod(name, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			if len(args) != 1 {
				return nil, py.ExceptionNewf(py.TypeError, "__eq__ expects 1 argument")
			}
			if same(args[0], obj) {
				return py.True, nil
			}
			return py.NotImplemented, nil
		})
	case "__hash__":
		return newMethod(name, func(py.Tuple, py.StringDict) (py.Object, error) { return py.Int(identity(obj)), nil })
	}
	return nil
}

// sortedNames returns the names as a sorted list.
func sortedNames(set map[string]bool) *py.List {
	names := make([]string, 0, len(set))
	for k := range set {
		names = append(names, k)
	}
	sort.Strings(names)
	return py.NewListFromStrings(names)
}
