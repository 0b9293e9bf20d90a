// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Attribute access on *Type values: classes (CPython's type_getattro)
// and instances of Python classes (object's generic lookup,
// _PyObject_GenericGetAttrWithDict), which gpython represents with the
// same Go type.
//
// v0.2.0 read a class attribute from the class's own dict only, so
// inherited class attributes, classmethods and staticmethods called
// through a class, __name__, __mro__ and __bases__ failed; an instance
// preferred its own dict to a property of its class, and a class's
// __getattr__ (meant for its instances) answered for the class itself.

package py

import (
	"reflect"
	"strings"
)

// metatype is the type of the class t: what its ObjectType says when
// that is a metatype, else type (Go subtypes made with NewTypeFlags store
// their base type in ObjectType).
func (t *Type) metatype() *Type {
	if m := t.ObjectType; m != nil && (m == TypeType || m.inherits(TypeType)) {
		return m
	}
	return TypeType
}

// inherits is IsSubtype that also works on a class that was never
// readied (Go types created after package py's initialisation whose
// host has not called TypeMakeReady): it then follows Bases or Base.
func (t *Type) inherits(b *Type) bool {
	if len(t.Mro) > 0 {
		return t.IsSubtype(b)
	}
	for c, depth := t, 0; c != nil && depth < 64; depth++ {
		if c == b {
			return true
		}
		next := c.Base
		if len(c.Bases) > 0 {
			next, _ = c.Bases[0].(*Type)
		}
		if next == c {
			break
		}
		c = next
	}
	return b == ObjectType
}

// lookupMro is Lookup that also works on a class that was never readied
// (Go types created outside package py): it then follows Bases or Base.
func (t *Type) lookupMro(name string) Object {
	if len(t.Mro) > 0 {
		for _, b := range t.Mro {
			if bt, ok := b.(*Type); ok {
				if v, ok := bt.Dict[name]; ok {
					return v
				}
			}
		}
		return nil
	}
	for c, depth := t, 0; c != nil && depth < 64; depth++ {
		if v, ok := c.Dict[name]; ok {
			return v
		}
		next := c.Base
		if len(c.Bases) > 0 {
			next, _ = c.Bases[0].(*Type)
		}
		if next == c {
			break
		}
		c = next
	}
	return nil
}

// ShortName is the class name without a module prefix (CPython's
// __name__ of a builtin type named "module.name").
func (t *Type) ShortName() string {
	if i := strings.LastIndexByte(t.Name, '.'); i >= 0 {
		return t.Name[i+1:]
	}
	return t.Name
}

// mroTuple is the value of __mro__.
func (t *Type) mroTuple() Tuple {
	if len(t.Mro) > 0 {
		return append(Tuple(nil), t.Mro...)
	}
	out := Tuple{}
	for c, depth := t, 0; c != nil && depth < 64; depth++ {
		out = append(out, c)
		next := c.Base
		if len(c.Bases) > 0 {
			next, _ = c.Bases[0].(*Type)
		}
		if next == c {
			break
		}
		c = next
	}
	if out[len(out)-1] != Object(ObjectType) {
		out = append(out, ObjectType)
	}
	return out
}

// descrGet binds a class attribute v read through instance (None when
// read through the class itself) of class owner, as CPython's tp_descr_get.
func descrGet(v Object, instance Object, owner *Type) (Object, error) {
	switch d := v.(type) {
	case *Property:
		// Read through the class, a getset descriptor is itself.
		if instance == None {
			return d, nil
		}
		return d.M__get__(instance, owner)
	case I__get__:
		return d.M__get__(instance, owner)
	case *Type:
		// An instance of a Python class with __get__ (a descriptor
		// written in Python).
		if d.isInstance() {
			if get := d.ObjectType.Lookup("__get__"); get != nil {
				return d.callSpecial(get, Tuple{instance, owner}, nil)
			}
		}
	}
	return v, nil
}

// isDataDescr reports whether v defines __set__ or __delete__: such a
// class attribute wins over the instance dict.
func isDataDescr(v Object) bool {
	switch d := v.(type) {
	case I__set__, I__delete__:
		return true
	case *Type:
		if d.isInstance() {
			return d.ObjectType.Lookup("__set__") != nil || d.ObjectType.Lookup("__delete__") != nil
		}
	}
	return false
}

// getAttr is attribute access on t (GetAttrString for a *Type).
func (t *Type) getAttr(name string) (Object, error) {
	if !t.isInstance() {
		return t.classGetAttr(name)
	}
	cls := t.ObjectType
	if ga := cls.Lookup("__getattribute__"); ga != nil && ga != Object(objectGetattribute) {
		res, err := t.callSpecial(ga, Tuple{String(name)}, nil)
		if err != nil && IsException(AttributeError, err) {
			if fn := cls.Lookup("__getattr__"); fn != nil {
				return t.callSpecial(fn, Tuple{String(name)}, nil)
			}
		}
		return res, err
	}
	res, err := t.genericGetAttr(name)
	if err == nil || res != nil {
		return res, err
	}
	// A class's __getattr__ answers for missing attributes only.
	if fn := cls.Lookup("__getattr__"); fn != nil {
		return t.callSpecial(fn, Tuple{String(name)}, nil)
	}
	return nil, err
}

// genericGetAttr is object.__getattribute__ on an instance of a Python
// class: data descriptors of the class, the instance dict, other class
// attributes (bound), object's own attributes. A missing attribute
// returns (nil, AttributeError).
func (t *Type) genericGetAttr(name string) (Object, error) {
	cls := t.ObjectType
	switch name {
	case "__class__":
		return cls, nil
	case "__dict__":
		return t.Dict, nil
	}
	v := cls.Lookup(name)
	if v != nil && isDataDescr(v) {
		return descrGet(v, t, cls)
	}
	if res, ok := t.Dict[name]; ok {
		return res, nil
	}
	if v != nil {
		return descrGet(v, t, cls)
	}
	// object's slots (__eq__, __str__...) are Go methods of *Type.
	if isDunder(name) {
		if m := reflect.ValueOf(t).MethodByName("M" + name); m.IsValid() {
			return newBoundMethod(name, m.Interface())
		}
	}
	return nil, ExceptionNewf(AttributeError, "'%s' object has no attribute '%s'", cls.Name, name)
}

func isDunder(name string) bool {
	return len(name) >= 5 && strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__")
}

// classGetAttr reads attribute name of class t (type_getattro): data
// descriptors of the metatype, then the class's MRO (descriptors bound
// with no instance: a classmethod gets t, a staticmethod is its
// function, a builtin method is an unbound method descriptor), then the
// metatype's other attributes bound to t.
func (t *Type) classGetAttr(name string) (Object, error) {
	switch name {
	case "__name__":
		return String(t.ShortName()), nil
	case "__qualname__":
		if q, ok := t.Dict["__qualname__"]; ok {
			return q, nil
		}
		return String(t.ShortName()), nil
	case "__mro__":
		return t.mroTuple(), nil
	case "__bases__":
		if t.Bases != nil {
			return t.Bases, nil
		}
		if t.Base != nil {
			return Tuple{t.Base}, nil
		}
		return Tuple{}, nil
	case "__base__":
		if t.Base == nil {
			return None, nil
		}
		return t.Base, nil
	case "__class__":
		return t.metatype(), nil
	case "__dict__":
		return t.Dict.Copy(), nil
	case "__doc__":
		if d, ok := t.Dict["__doc__"]; ok {
			return d, nil
		}
		if t.Doc == "" {
			return None, nil
		}
		return String(t.Doc), nil
	case "__module__":
		if m, ok := t.Dict["__module__"]; ok {
			return m, nil
		}
		if i := strings.LastIndexByte(t.Name, '.'); i >= 0 && t.Flags&TPFLAGS_HEAPTYPE == 0 {
			return String(t.Name[:i]), nil
		}
		return String("builtins"), nil
	}
	meta := t.metatype()
	metaAttr := meta.lookupMro(name)
	if metaAttr != nil && isDataDescr(metaAttr) {
		return descrGet(metaAttr, t, meta)
	}
	if v := t.lookupMro(name); v != nil {
		return descrGet(v, None, t)
	}
	if metaAttr != nil {
		return descrGet(metaAttr, t, meta)
	}
	return nil, ExceptionNewf(AttributeError, "type object '%s' has no attribute '%s'", t.ShortName(), name)
}

// setAttr is SetAttrString for a *Type.
func (t *Type) setAttr(name string, value Object) (Object, error) {
	if t.isInstance() {
		if fn := t.ObjectType.Lookup("__setattr__"); fn != nil && fn != Object(objectSetattr) {
			return t.callSpecial(fn, Tuple{String(name), value}, nil)
		}
	}
	return t.genericSetAttr(name, value)
}

// genericSetAttr is object.__setattr__ (and type.__setattr__ for a
// class): a data descriptor of the class, else the dict. Builtin types
// are shared by every context in the process, so they are immutable, as
// in CPython.
func (t *Type) genericSetAttr(name string, value Object) (Object, error) {
	if !t.isInstance() {
		if t.Flags&TPFLAGS_HEAPTYPE == 0 {
			return nil, ExceptionNewf(TypeError, "cannot set '%s' attribute of immutable type '%s'", name, t.Name)
		}
		if v := t.metatype().Lookup(name); v != nil {
			if set, ok := v.(I__set__); ok {
				return set.M__set__(t, value)
			}
		}
		t.Dict[name] = value
		return None, nil
	}
	if v := t.ObjectType.Lookup(name); v != nil {
		switch d := v.(type) {
		case I__set__:
			return d.M__set__(t, value)
		case *Type:
			if d.isInstance() {
				if set := d.ObjectType.Lookup("__set__"); set != nil {
					return d.callSpecial(set, Tuple{t, value}, nil)
				}
			}
		}
	}
	t.Dict[name] = value
	return None, nil
}

// delAttr is DeleteAttrString for a *Type.
func (t *Type) delAttr(name string) error {
	if t.isInstance() {
		if fn := t.ObjectType.Lookup("__delattr__"); fn != nil && fn != Object(objectDelattr) {
			_, err := t.callSpecial(fn, Tuple{String(name)}, nil)
			return err
		}
	}
	return t.genericDelAttr(name)
}

// genericDelAttr is object.__delattr__ (type.__delattr__ for a class).
func (t *Type) genericDelAttr(name string) error {
	if !t.isInstance() {
		if t.Flags&TPFLAGS_HEAPTYPE == 0 {
			return ExceptionNewf(TypeError, "cannot delete '%s' attribute of immutable type '%s'", name, t.Name)
		}
		if _, ok := t.Dict[name]; !ok {
			return ExceptionNewf(AttributeError, "type object '%s' has no attribute '%s'", t.ShortName(), name)
		}
		delete(t.Dict, name)
		return nil
	}
	if v := t.ObjectType.Lookup(name); v != nil {
		switch d := v.(type) {
		case I__delete__:
			_, err := d.M__delete__(t)
			return err
		case *Type:
			if d.isInstance() {
				if del := d.ObjectType.Lookup("__delete__"); del != nil {
					_, err := d.callSpecial(del, Tuple{t}, nil)
					return err
				}
			}
		}
	}
	if _, ok := t.Dict[name]; !ok {
		return ExceptionNewf(AttributeError, "'%s' object has no attribute '%s'", t.ObjectType.Name, name)
	}
	delete(t.Dict, name)
	return nil
}

// object.__getattribute__, __setattr__, __delattr__, __init__ and
// __new__, so that a class's own versions can call them
// (object.__setattr__(self, k, v), object.__new__(cls)).
var objectGetattribute, objectSetattr, objectDelattr, objectInit, objectNew *Method

func init() {
	// Ordinary methods of object: read through an instance they are
	// bound to it, through a class (object.__setattr__) they are unbound
	// method descriptors taking the receiver first (patch 28).
	objectGetattribute = MustNewMethod("__getattribute__", func(self Object, name Object) (Object, error) {
		key, err := AttributeName(name)
		if err != nil {
			return nil, err
		}
		if t, ok := self.(*Type); ok && t.isInstance() {
			return t.genericGetAttr(key)
		}
		return GetAttrString(self, key)
	}, 0, "Return getattr(self, name).")
	objectSetattr = MustNewMethod("__setattr__", func(self Object, args Tuple) (Object, error) {
		var name, value Object
		if err := UnpackTuple(args, nil, "__setattr__", 2, 2, &name, &value); err != nil {
			return nil, err
		}
		key, err := AttributeName(name)
		if err != nil {
			return nil, err
		}
		if t, ok := self.(*Type); ok {
			return t.genericSetAttr(key, value)
		}
		return SetAttrString(self, key, value)
	}, 0, "Implement setattr(self, name, value).")
	objectDelattr = MustNewMethod("__delattr__", func(self Object, name Object) (Object, error) {
		key, err := AttributeName(name)
		if err != nil {
			return nil, err
		}
		if t, ok := self.(*Type); ok {
			return None, t.genericDelAttr(key)
		}
		return None, DeleteAttrString(self, key)
	}, 0, "Implement delattr(self, name).")
	objectInit = MustNewMethod("__init__", func(self Object, args Tuple, kwargs StringDict) (Object, error) {
		return None, nil
	}, 0, "Initialize self.")
	// object.__new__(cls): through the class the receiver is cls.
	objectNew = MustNewMethod("__new__", func(self Object, args Tuple, kwargs StringDict) (Object, error) {
		t, ok := self.(*Type)
		if !ok || t.isInstance() {
			return nil, ExceptionNewf(TypeError, "object.__new__(X): X is not a type object (%s)", self.Type().Name)
		}
		return t.Alloc(), nil
	}, 0, "Create and return a new object.")
	ObjectType.Dict["__init__"] = objectInit
	ObjectType.Dict["__new__"] = objectNew
	ObjectType.Dict["__getattribute__"] = objectGetattribute
	ObjectType.Dict["__setattr__"] = objectSetattr
	ObjectType.Dict["__delattr__"] = objectDelattr
}
