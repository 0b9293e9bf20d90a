package pyhost

import (
	"sort"

	"github.com/go-python/gpython/py"
)

// buildClass replaces gpython's __build_class__. It runs the class body
// and creates the class with type() itself, because gpython takes the
// metaclass from the first base's type, which for builtin types such as
// ValueError or list is that type's base (the class object would be an
// exception or a plain instance). Builtin bases other than object are
// grafted onto the new class's bases and MRO afterwards. It also drops
// builtin mixins next to an Enum base (class TaskAction(str, Enum)),
// fails on stub bases, makes exception subclasses raisable, honours a
// class's own __new__, gives enum classes their metatype and turns enum
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
		cls.ObjectType = enumMetaType
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

// objectMethod provides the methods of object that gpython implements in
// Go rather than in object's dict (__init__, __new__, __setattr__ and
// __getattribute__ are there, fork patch 36), for super().__repr__() and
// friends.
func objectMethod(obj py.Object, name string) py.Object {
	switch name {
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
