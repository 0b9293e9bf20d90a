// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Dispatch of comparison and call on instances of Python classes to
// the special methods the class defines (__eq__, __lt__, __call__...).
//
// Instances of Python classes are *Type values made by Type.Alloc, so
// the Go methods below are where a class's special methods must be
// looked up; without them == is always identity and < always fails.

package py

// isInstance reports whether ty is an instance of a class (as made by
// Alloc) rather than a class. ObjectType cannot tell them apart (Go
// subtypes store their base there). Python classes go through Ready
// while instances never do, and Go types (which may never be readied
// when created outside package py) always have a name.
func (ty *Type) isInstance() bool {
	return ty.Flags&TPFLAGS_READY == 0 && ty.Name == "" && ty.ObjectType != nil
}

// special looks name up on the class of the instance ty, as CPython
// does for special methods (the instance dict is not consulted). It
// returns nil when ty is a class or the class does not define name.
func (ty *Type) special(name string) Object {
	if !ty.isInstance() {
		return nil
	}
	return ty.ObjectType.Lookup(name)
}

// callSpecial calls the special method fn found by special, bound to ty.
func (ty *Type) callSpecial(fn Object, args Tuple, kwargs StringDict) (Object, error) {
	if get, ok := fn.(I__get__); ok {
		bound, err := get.M__get__(ty, ty.ObjectType)
		if err != nil {
			return nil, err
		}
		return Call(bound, args, kwargs)
	}
	return Call(fn, append(Tuple{ty}, args...), kwargs)
}

// M__eq__ calls the class's __eq__; without one, objects are equal
// only to themselves.
func (ty *Type) M__eq__(other Object) (Object, error) {
	if fn := ty.special("__eq__"); fn != nil {
		return ty.callSpecial(fn, Tuple{other}, nil)
	}
	return NewBool(Object(ty) == other), nil
}

// M__ne__ calls the class's __ne__. Without one it inverts the class's
// __eq__ (as CPython's object.__ne__ does), else compares identity.
func (ty *Type) M__ne__(other Object) (Object, error) {
	if fn := ty.special("__ne__"); fn != nil {
		return ty.callSpecial(fn, Tuple{other}, nil)
	}
	if fn := ty.special("__eq__"); fn != nil {
		res, err := ty.callSpecial(fn, Tuple{other}, nil)
		if err != nil || res == NotImplemented {
			return res, err
		}
		eq, err := MakeBool(res)
		if err != nil {
			return nil, err
		}
		return NewBool(eq != True), nil
	}
	return NewBool(Object(ty) != other), nil
}

// M__lt__ calls the class's __lt__.
func (ty *Type) M__lt__(other Object) (Object, error) { return ty.special1("__lt__", other) }

// M__le__ calls the class's __le__.
func (ty *Type) M__le__(other Object) (Object, error) { return ty.special1("__le__", other) }

// M__gt__ calls the class's __gt__.
func (ty *Type) M__gt__(other Object) (Object, error) { return ty.special1("__gt__", other) }

// M__ge__ calls the class's __ge__.
func (ty *Type) M__ge__(other Object) (Object, error) { return ty.special1("__ge__", other) }

// callInstance runs the class's __call__ for a call of the instance ty.
func (ty *Type) callInstance(args Tuple, kwargs StringDict) (Object, error) {
	fn := ty.special("__call__")
	if fn == nil {
		return nil, ExceptionNewf(TypeError, "'%s' object is not callable", ty.ObjectType.Name)
	}
	return ty.callSpecial(fn, args, kwargs)
}

// M__bool__ gives the truth value of an instance: the class's __bool__,
// else whether its __len__ is not zero, else true. Classes are true.
func (ty *Type) M__bool__() (Object, error) {
	if fn := ty.special("__bool__"); fn != nil {
		return ty.callSpecial(fn, nil, nil)
	}
	if fn := ty.special("__len__"); fn != nil {
		n, err := ty.callSpecial(fn, nil, nil)
		if err != nil {
			return nil, err
		}
		return MakeBool(n)
	}
	return True, nil
}

// Arithmetic special methods of instances: each calls the class's method
// of the same name, or returns NotImplemented so that the reflected
// method of the other operand (or the plain one, for in-place
// operators) is tried.

// special1 calls the special method name with one argument, returning
// NotImplemented when the class does not define it.
func (ty *Type) special1(name string, other Object) (Object, error) {
	fn := ty.special(name)
	if fn == nil {
		return NotImplemented, nil
	}
	return ty.callSpecial(fn, Tuple{other}, nil)
}

// special0 calls the special method name without arguments; op names
// the operator for the error when the class does not define it.
func (ty *Type) special0(name, op string) (Object, error) {
	fn := ty.special(name)
	if fn == nil {
		return nil, ExceptionNewf(TypeError, "bad operand type for %s: '%s'", op, ty.Type().Name)
	}
	return ty.callSpecial(fn, nil, nil)
}

// M__add__ calls the class's __add__ (+).
func (ty *Type) M__add__(other Object) (Object, error) { return ty.special1("__add__", other) }

// M__radd__ calls the class's __radd__ (reflected +).
func (ty *Type) M__radd__(other Object) (Object, error) { return ty.special1("__radd__", other) }

// M__iadd__ calls the class's __iadd__ (in-place +).
func (ty *Type) M__iadd__(other Object) (Object, error) { return ty.special1("__iadd__", other) }

// M__sub__ calls the class's __sub__ (-).
func (ty *Type) M__sub__(other Object) (Object, error) { return ty.special1("__sub__", other) }

// M__rsub__ calls the class's __rsub__ (reflected -).
func (ty *Type) M__rsub__(other Object) (Object, error) { return ty.special1("__rsub__", other) }

// M__isub__ calls the class's __isub__ (in-place -).
func (ty *Type) M__isub__(other Object) (Object, error) { return ty.special1("__isub__", other) }

// M__mul__ calls the class's __mul__ (*).
func (ty *Type) M__mul__(other Object) (Object, error) { return ty.special1("__mul__", other) }

// M__rmul__ calls the class's __rmul__ (reflected *).
func (ty *Type) M__rmul__(other Object) (Object, error) { return ty.special1("__rmul__", other) }

// M__imul__ calls the class's __imul__ (in-place *).
func (ty *Type) M__imul__(other Object) (Object, error) { return ty.special1("__imul__", other) }

// M__truediv__ calls the class's __truediv__ (/).
func (ty *Type) M__truediv__(other Object) (Object, error) { return ty.special1("__truediv__", other) }

// M__rtruediv__ calls the class's __rtruediv__ (reflected /).
func (ty *Type) M__rtruediv__(other Object) (Object, error) {
	return ty.special1("__rtruediv__", other)
}

// M__itruediv__ calls the class's __itruediv__ (in-place /).
func (ty *Type) M__itruediv__(other Object) (Object, error) {
	return ty.special1("__itruediv__", other)
}

// M__floordiv__ calls the class's __floordiv__ (//).
func (ty *Type) M__floordiv__(other Object) (Object, error) {
	return ty.special1("__floordiv__", other)
}

// M__rfloordiv__ calls the class's __rfloordiv__ (reflected //).
func (ty *Type) M__rfloordiv__(other Object) (Object, error) {
	return ty.special1("__rfloordiv__", other)
}

// M__ifloordiv__ calls the class's __ifloordiv__ (in-place //).
func (ty *Type) M__ifloordiv__(other Object) (Object, error) {
	return ty.special1("__ifloordiv__", other)
}

// M__mod__ calls the class's __mod__ (%).
func (ty *Type) M__mod__(other Object) (Object, error) { return ty.special1("__mod__", other) }

// M__rmod__ calls the class's __rmod__ (reflected %).
func (ty *Type) M__rmod__(other Object) (Object, error) { return ty.special1("__rmod__", other) }

// M__imod__ calls the class's __imod__ (in-place %).
func (ty *Type) M__imod__(other Object) (Object, error) { return ty.special1("__imod__", other) }

// M__lshift__ calls the class's __lshift__ (<<).
func (ty *Type) M__lshift__(other Object) (Object, error) { return ty.special1("__lshift__", other) }

// M__rlshift__ calls the class's __rlshift__ (reflected <<).
func (ty *Type) M__rlshift__(other Object) (Object, error) { return ty.special1("__rlshift__", other) }

// M__ilshift__ calls the class's __ilshift__ (in-place <<).
func (ty *Type) M__ilshift__(other Object) (Object, error) { return ty.special1("__ilshift__", other) }

// M__rshift__ calls the class's __rshift__ (>>).
func (ty *Type) M__rshift__(other Object) (Object, error) { return ty.special1("__rshift__", other) }

// M__rrshift__ calls the class's __rrshift__ (reflected >>).
func (ty *Type) M__rrshift__(other Object) (Object, error) { return ty.special1("__rrshift__", other) }

// M__irshift__ calls the class's __irshift__ (in-place >>).
func (ty *Type) M__irshift__(other Object) (Object, error) { return ty.special1("__irshift__", other) }

// M__and__ calls the class's __and__ (&).
func (ty *Type) M__and__(other Object) (Object, error) { return ty.special1("__and__", other) }

// M__rand__ calls the class's __rand__ (reflected &).
func (ty *Type) M__rand__(other Object) (Object, error) { return ty.special1("__rand__", other) }

// M__iand__ calls the class's __iand__ (in-place &).
func (ty *Type) M__iand__(other Object) (Object, error) { return ty.special1("__iand__", other) }

// M__xor__ calls the class's __xor__ (^).
func (ty *Type) M__xor__(other Object) (Object, error) { return ty.special1("__xor__", other) }

// M__rxor__ calls the class's __rxor__ (reflected ^).
func (ty *Type) M__rxor__(other Object) (Object, error) { return ty.special1("__rxor__", other) }

// M__ixor__ calls the class's __ixor__ (in-place ^).
func (ty *Type) M__ixor__(other Object) (Object, error) { return ty.special1("__ixor__", other) }

// M__or__ calls the class's __or__ (|).
func (ty *Type) M__or__(other Object) (Object, error) { return ty.special1("__or__", other) }

// M__ror__ calls the class's __ror__ (reflected |).
func (ty *Type) M__ror__(other Object) (Object, error) { return ty.special1("__ror__", other) }

// M__ior__ calls the class's __ior__ (in-place |).
func (ty *Type) M__ior__(other Object) (Object, error) { return ty.special1("__ior__", other) }

// M__pow__ calls the class's __pow__ (** and pow()).
func (ty *Type) M__pow__(other, modulo Object) (Object, error) {
	if modulo == None {
		return ty.special1("__pow__", other)
	}
	fn := ty.special("__pow__")
	if fn == nil {
		return NotImplemented, nil
	}
	return ty.callSpecial(fn, Tuple{other, modulo}, nil)
}

// M__rpow__ calls the class's __rpow__ (reflected **).
func (ty *Type) M__rpow__(other Object) (Object, error) { return ty.special1("__rpow__", other) }

// M__ipow__ calls the class's __ipow__ (in-place **).
func (ty *Type) M__ipow__(other, modulo Object) (Object, error) {
	return ty.special1("__ipow__", other)
}

// M__neg__ calls the class's __neg__ (unary -).
func (ty *Type) M__neg__() (Object, error) { return ty.special0("__neg__", "unary -") }

// M__pos__ calls the class's __pos__ (unary +).
func (ty *Type) M__pos__() (Object, error) { return ty.special0("__pos__", "unary +") }

// M__abs__ calls the class's __abs__ (abs()).
func (ty *Type) M__abs__() (Object, error) { return ty.special0("__abs__", "abs()") }

// M__invert__ calls the class's __invert__ (unary ~).
func (ty *Type) M__invert__() (Object, error) { return ty.special0("__invert__", "unary ~") }
