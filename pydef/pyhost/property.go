package pyhost

import (
	"github.com/go-python/gpython/py"
)

// property is Python's property descriptor with getter, setter and
// deleter; gpython has none that Python code can create.
type property struct {
	fget, fset, fdel, doc py.Object
}

var propertyType = py.NewTypeX("property", "property(fget=None, fset=None, fdel=None, doc=None) -> property attribute", newProperty, nil)

// Type implements py.Object.
func (p *property) Type() *py.Type { return propertyType }

func newProperty(_ *py.Type, args py.Tuple, kwargs py.StringDict) (py.Object, error) {
	p := &property{fget: py.None, fset: py.None, fdel: py.None, doc: py.None}
	kwlist := []string{"fget", "fset", "fdel", "doc"}
	if err := py.ParseTupleAndKeywords(args, kwargs, "|OOOO:property", kwlist, &p.fget, &p.fset, &p.fdel, &p.doc); err != nil {
		return nil, err
	}
	if p.doc == py.None && p.fget != py.None {
		if d, err := py.GetAttrString(p.fget, "__doc__"); err == nil {
			p.doc = d
		}
	}
	return p, nil
}

// M__get__ reads the property; through the class it is the property.
func (p *property) M__get__(instance, owner py.Object) (py.Object, error) {
	if instance == nil || instance == py.None {
		return p, nil
	}
	if p.fget == py.None {
		return nil, py.ExceptionNewf(py.AttributeError, "can't get attribute")
	}
	return py.Call(p.fget, py.Tuple{instance}, nil)
}

// M__set__ writes the property.
func (p *property) M__set__(instance, value py.Object) (py.Object, error) {
	if p.fset == py.None {
		return nil, py.ExceptionNewf(py.AttributeError, "can't set attribute")
	}
	_, err := py.Call(p.fset, py.Tuple{instance, value}, nil)
	return py.None, err
}

// M__delete__ deletes the property.
func (p *property) M__delete__(instance py.Object) (py.Object, error) {
	if p.fdel == py.None {
		return nil, py.ExceptionNewf(py.AttributeError, "can't delete attribute")
	}
	_, err := py.Call(p.fdel, py.Tuple{instance}, nil)
	return py.None, err
}

// M__getattribute__ serves fget/fset/fdel/__doc__ and the decorators
// setter/getter/deleter, which return a copy with one function replaced.
func (p *property) M__getattribute__(name string) (py.Object, error) {
	with := func(set func(q *property, fn py.Object)) py.Object {
		return newMethod(name, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			if len(args) != 1 {
				return nil, py.ExceptionNewf(py.TypeError, "%s() takes exactly one argument", name)
			}
			q := *p
			set(&q, args[0])
			return &q, nil
		})
	}
	switch name {
	case "fget":
		return p.fget, nil
	case "fset":
		return p.fset, nil
	case "fdel":
		return p.fdel, nil
	case "__doc__":
		return p.doc, nil
	case "getter":
		return with(func(q *property, fn py.Object) { q.fget = fn }), nil
	case "setter":
		return with(func(q *property, fn py.Object) { q.fset = fn }), nil
	case "deleter":
		return with(func(q *property, fn py.Object) { q.fdel = fn }), nil
	case "__isabstractmethod__":
		return py.False, nil
	}
	return nil, py.ExceptionNewf(py.AttributeError, "'property' object has no attribute '%s'", name)
}
