// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// types.GenericAlias (PEP 585): what subscribing a builtin container
// class gives, list[int], dict[str, list[int]], tuple[int, ...],
// type[C]. Function annotations of Python 3.9+ programs evaluate these
// when the function is defined.

package py

import "strings"

// GenericAlias is a parameterised class, as CPython's types.GenericAlias:
// calling it calls its origin, its other attributes are the origin's.
type GenericAlias struct {
	Origin *Type
	Args   Tuple
}

// GenericAliasType is types.GenericAlias.
var GenericAliasType = NewType("types.GenericAlias", "Represent a PEP 585 generic type\n\nE.g. for t = list[int], t.__origin__ is list and t.__args__ is (int,).")

// Type of this object.
func (g *GenericAlias) Type() *Type { return GenericAliasType }

// NewGenericAlias is origin[params]: a tuple of parameters is the
// arguments, anything else the only argument.
func NewGenericAlias(origin *Type, params Object) *GenericAlias {
	args, ok := params.(Tuple)
	if !ok {
		args = Tuple{params}
	}
	return &GenericAlias{Origin: origin, Args: args}
}

// M__call__ instantiates the origin: list[int]() is [].
func (g *GenericAlias) M__call__(args Tuple, kwargs StringDict) (Object, error) {
	return Call(g.Origin, args, kwargs)
}

// M__getattribute__ serves __origin__, __args__ and __parameters__;
// anything else is the origin's (list[int].append is list.append).
func (g *GenericAlias) M__getattribute__(name string) (Object, error) {
	switch name {
	case "__origin__":
		return g.Origin, nil
	case "__args__":
		return g.Args, nil
	case "__parameters__":
		return Tuple{}, nil
	case "__class__":
		return GenericAliasType, nil
	}
	return GetAttrString(g.Origin, name)
}

// M__repr__ is CPython's: list[int], dict[str, list[int]], tuple[()].
func (g *GenericAlias) M__repr__() (Object, error) {
	var b strings.Builder
	b.WriteString(g.Origin.ShortName())
	b.WriteByte('[')
	if len(g.Args) == 0 {
		b.WriteString("()")
	}
	for i, a := range g.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		s, err := genericArgRepr(a)
		if err != nil {
			return nil, err
		}
		b.WriteString(s)
	}
	b.WriteByte(']')
	return String(b.String()), nil
}

// genericArgRepr renders one argument: a class as module.name (builtins
// without the module), ... as is, anything else by repr.
func genericArgRepr(a Object) (string, error) {
	if a == Ellipsis {
		return "...", nil
	}
	if t, ok := a.(*Type); ok && !t.isInstance() {
		if t.Flags&TPFLAGS_HEAPTYPE != 0 {
			if m, ok := t.Dict["__module__"].(String); ok && m != "builtins" {
				name := t.ShortName()
				if q, ok := t.Dict["__qualname__"].(String); ok {
					name = string(q)
				}
				return string(m) + "." + name, nil
			}
		}
		return t.ShortName(), nil
	}
	return ReprAsString(a)
}

// M__eq__ compares origin and arguments.
func (g *GenericAlias) M__eq__(other Object) (Object, error) {
	o, ok := other.(*GenericAlias)
	if !ok {
		return NotImplemented, nil
	}
	if o.Origin != g.Origin || len(o.Args) != len(g.Args) {
		return False, nil
	}
	for i := range g.Args {
		if g.Args[i] == o.Args[i] {
			continue
		}
		eq, err := Eq(g.Args[i], o.Args[i])
		if err != nil {
			return nil, err
		}
		if eq != True {
			return False, nil
		}
	}
	return True, nil
}

// M__ne__ is the negation of M__eq__.
func (g *GenericAlias) M__ne__(other Object) (Object, error) {
	eq, err := g.M__eq__(other)
	if err != nil || eq == NotImplemented {
		return eq, err
	}
	return NewBool(eq != True), nil
}

// SnapshotRefs implements Snapshotter.
func (g *GenericAlias) SnapshotRefs() ([]Object, error) {
	return []Object{g.Origin, g.Args}, nil
}

// SnapshotNew implements Snapshotter.
func (g *GenericAlias) SnapshotNew() Object { return &GenericAlias{} }

// SnapshotFill implements Snapshotter.
func (g *GenericAlias) SnapshotFill(_ Object, refs []Object) {
	g.Origin, _ = refs[0].(*Type)
	g.Args, _ = refs[1].(Tuple)
}

// classGetitem is the __class_getitem__ of the builtin containers, a
// classmethod: cls[params] is a GenericAlias.
var classGetitem = &ClassMethod{Callable: MustNewMethod("__class_getitem__", func(self Object, args Tuple) (Object, error) {
	// Bound by the classmethod the receiver is the class; called by
	// GetItem (classSpecial) the class is the first argument.
	cls, ok := self.(*Type)
	if !ok && len(args) > 0 {
		cls, ok = args[0].(*Type)
		args = args[1:]
	}
	if !ok || cls.isInstance() {
		return nil, ExceptionNewf(TypeError, "__class_getitem__ needs a class")
	}
	if len(args) != 1 {
		return nil, ExceptionNewf(TypeError, "__class_getitem__ expected 1 argument, got %d", len(args))
	}
	return NewGenericAlias(cls, args[0]), nil
}, 0, "See PEP 585")}

func init() {
	for _, t := range []*Type{ListType, TupleType, StringDictType, SetType, FrozenSetType} {
		t.Dict["__class_getitem__"] = classGetitem
	}
	// list.__getitem__(l, i) and friends, read from the class.
	for _, t := range []*Type{ListType, TupleType, StringDictType, StringType} {
		t.Dict["__getitem__"] = MustNewMethod("__getitem__", func(self Object, key Object) (Object, error) {
			return GetItem(self, key)
		}, 0, "x.__getitem__(y) <==> x[y]")
	}
}

// classSpecial is the special method name of the class t, as the
// operations on a class (t[x], iter(t), len(t)) find it: on its
// metatype, as CPython does, not in the class's own dict, which holds
// the methods of its instances. t[x] is __class_getitem__ of the class
// (an implicit classmethod, PEP 560) and type[x] a GenericAlias. The
// result takes the class as its first argument, as TypeCall passes it.
func (t *Type) classSpecial(name string) Object {
	if name == "__getitem__" {
		if t == TypeType {
			return typeClassGetitem
		}
		if cg := t.lookupMro("__class_getitem__"); cg != nil {
			switch f := cg.(type) {
			case *ClassMethod:
				return f.Callable
			case *StaticMethod:
				return MustNewMethod(name, func(_ Object, args Tuple) (Object, error) {
					return Call(f.Callable, args[1:], nil)
				}, METH_STATIC, "")
			}
			return cg
		}
	}
	return t.metatype().lookupMro(name)
}

// typeClassGetitem is type[C].
var typeClassGetitem = MustNewMethod("__getitem__", func(_ Object, args Tuple) (Object, error) {
	if len(args) != 2 {
		return nil, ExceptionNewf(TypeError, "__getitem__ expected 1 argument, got %d", len(args)-1)
	}
	return NewGenericAlias(TypeType, args[1]), nil
}, METH_STATIC, "")
