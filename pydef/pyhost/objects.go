package pyhost

import (
	"reflect"

	"github.com/go-python/gpython/py"
)

// asClass returns o as a class. In gpython classes and instances of user
// classes are both *py.Type; instances (made by Type.Alloc) have no name
// and no MRO. The metatype cannot tell: builtin types made with
// Type.NewType have their base type as their type.
func asClass(o py.Object) (*py.Type, bool) {
	t, ok := o.(*py.Type)
	if !ok {
		return nil, false
	}
	return t, t.Name != "" || len(t.Mro) > 0
}

// mro is the method resolution order of a class. Go types made with
// Type.NewType from a ready type inherit its "ready" flag and never get
// an MRO or a base; their Bases still name the parent.
func mro(t *py.Type) []*py.Type {
	if len(t.Mro) > 0 {
		out := make([]*py.Type, 0, len(t.Mro))
		for _, b := range t.Mro {
			if bt, ok := b.(*py.Type); ok {
				out = append(out, bt)
			}
		}
		return out
	}
	out := []*py.Type{t}
	switch {
	case len(t.Bases) > 0:
		if parent, ok := t.Bases[0].(*py.Type); ok && parent != t {
			out = append(out, mro(parent)...)
		}
	case t.Base != nil && t.Base != t:
		out = append(out, mro(t.Base)...)
	}
	return out
}

// lookup finds name in the dicts along t's MRO, starting after skip
// (nil: from t itself).
func lookup(t *py.Type, name string, skip *py.Type) (py.Object, *py.Type) {
	if len(t.Mro) > 0 {
		// The hot path (every attribute access): walk the MRO in place
		// rather than through mro's copy.
		start := 0
		if skip != nil {
			for i, b := range t.Mro {
				if b == py.Object(skip) {
					start = i + 1
					break
				}
			}
		}
		for _, b := range t.Mro[start:] {
			if bt, ok := b.(*py.Type); ok {
				if v, ok := bt.Dict[name]; ok {
					return v, bt
				}
			}
		}
		return nil, nil
	}
	order := mro(t)
	if skip != nil {
		for i, b := range order {
			if b == skip {
				order = order[i+1:]
				break
			}
		}
	}
	for _, b := range order {
		if v, ok := b.Dict[name]; ok {
			return v, b
		}
	}
	return nil, nil
}

// isHeapType reports whether t is a class defined by Python code.
func isHeapType(t *py.Type) bool { return t.Flags&py.TPFLAGS_HEAPTYPE != 0 }

// bindTo binds a class attribute found by lookup the way attribute access
// on instance obj (or on class cls when obj is nil) does.
func bindTo(v py.Object, obj py.Object, cls *py.Type) (py.Object, error) {
	switch d := v.(type) {
	case *py.ClassMethod:
		return py.NewBoundMethod(cls, d.Callable), nil
	case *py.StaticMethod:
		return d.Callable, nil
	case *py.Function:
		if obj == nil {
			return d, nil
		}
		return py.NewBoundMethod(obj, d), nil
	case *property:
		if obj == nil {
			return d, nil
		}
		return d.M__get__(obj, cls)
	case *py.Method:
		if obj == nil {
			return d.M__get__(py.None, cls)
		}
		return py.NewBoundMethod(obj, d), nil
	}
	return v, nil
}

// typeName is the name CPython's type(x).__name__ gives.
func typeName(o py.Object) string {
	return o.Type().Name
}

// newMethod wraps a Go function taking the positional and keyword
// arguments as a builtin.
func newMethod(name string, fn func(args py.Tuple, kwargs py.StringDict) (py.Object, error)) *py.Method {
	return py.MustNewMethod(name, func(self py.Object, args py.Tuple, kwargs py.StringDict) (py.Object, error) {
		return fn(args, kwargs)
	}, py.METH_STATIC, "")
}

// same is Python's "is": identity for reference values, equality for the
// immutable scalars gpython stores by value. Comparing two py.Tuple (a
// slice) with == would panic.
func same(a, b py.Object) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if !va.IsValid() || !vb.IsValid() || va.Type() != vb.Type() {
		return !va.IsValid() && !vb.IsValid()
	}
	switch va.Kind() {
	case reflect.Slice:
		return va.Len() == vb.Len() && (va.Len() == 0 || va.Pointer() == vb.Pointer())
	case reflect.Map, reflect.Func:
		return va.Pointer() == vb.Pointer()
	}
	if !va.Comparable() {
		return false
	}
	return a == b
}

// AsClass returns o as a class, and false for anything else, instances
// of classes included.
func AsClass(o py.Object) (*py.Type, bool) { return asClass(o) }

// InstanceClass returns the class of o when o is an instance of a class
// defined by Python code (gpython represents both as *py.Type).
func InstanceClass(o py.Object) (*py.Type, bool) {
	t, ok := o.(*py.Type)
	if !ok {
		return nil, false
	}
	if _, isCls := asClass(t); isCls {
		return nil, false
	}
	cls := t.Type()
	if cls == nil || !isHeapType(cls) {
		return nil, false
	}
	return cls, true
}
