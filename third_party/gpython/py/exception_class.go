// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Python subclasses of the builtin exceptions. In v0.2.0 the class
// statement chose the type of the first base as the metaclass, which
// for ExceptionType is BaseException (Go types keep their base type
// there), so "class E(Exception): pass" made an exception instance, not
// a class, and "except E" failed.

package py

func init() {
	BaseException.Dict["__init__"] = MustNewMethod("__init__", func(self Object, args Tuple, kwargs StringDict) (Object, error) {
		e, ok := self.(*Exception)
		if !ok && len(args) > 0 {
			// Exception.__init__(self, ...): reading a method from a
			// builtin class binds it to the class (see ClassMeta).
			if e, ok = args[0].(*Exception); ok {
				args = args[1:]
			}
		}
		if !ok {
			return nil, ExceptionNewf(TypeError, "descriptor '__init__' requires a 'BaseException' object but received a '%s'", self.Type().Name)
		}
		if len(kwargs) != 0 {
			return nil, ExceptionNewf(TypeError, "%s does not take keyword arguments", e.Base.Name)
		}
		e.Args = args.Copy()
		return None, nil
	}, 0, "__init__(self, *args) sets the exception's args")
}

// ClassMeta returns the metaclass of class c for the class statement:
// c's type, except for builtin types made in Go, whose type field holds
// their base type (BaseException for ValueError) rather than a
// metaclass; theirs is type.
func ClassMeta(c Object) *Type {
	t := c.Type()
	if _, ok := c.(*Type); ok && !t.IsSubtype(TypeType) {
		return TypeType
	}
	return t
}

// makeExceptionSubclass makes instances of t, a Python class deriving
// from an exception, *Exception values (which the VM can raise and
// match) and runs the class's own __init__ on them.
func makeExceptionSubclass(t *Type) {
	t.New = ExceptionNew
	t.Init = exceptionInit
}

// exceptionInit runs the __init__ defined in Python by the exception's
// class or one of its Python bases; ExceptionNew has already stored
// the arguments in args.
func exceptionInit(self Object, args Tuple, kwargs StringDict) error {
	e, ok := self.(*Exception)
	if !ok {
		return nil
	}
	fn := e.userMethod("__init__")
	if fn == nil {
		if len(kwargs) != 0 {
			return ExceptionNewf(TypeError, "%s does not take keyword arguments", e.Base.Name)
		}
		return nil
	}
	_, err := Call(fn, append(Tuple{e}, args...), kwargs)
	return err
}
