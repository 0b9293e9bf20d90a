package pyhost

import (
	"strings"

	"github.com/go-python/gpython/py"
)

// objDict is an insertion-ordered mapping with arbitrary hashable keys,
// for dict displays such as {task: TaskStatus.SUCCESS}: gpython's dict
// only takes str keys. Keys compare like CPython's: by value for the
// builtin immutable types, through __eq__/__hash__ for user classes that
// define them, by identity otherwise.
type objDict struct {
	keys  []py.Object
	vals  []py.Object
	index map[int64][]int // hash -> positions in keys
	// factory makes missing values (collections.defaultdict); nil for a
	// plain mapping.
	factory py.Object
	// inRepr stops repr of a mapping that contains itself, which would
	// otherwise recurse until the Go stack overflows.
	inRepr bool
}

// objDictType subclasses dict so that isinstance(d, dict) holds.
var objDictType = py.StringDictType.NewType("dict", "dict with non-str keys", nil, nil)

// Type implements py.Object.
func (d *objDict) Type() *py.Type { return objDictType }

func newObjDict() *objDict { return &objDict{index: map[int64][]int{}} }

// find returns the position of key, or -1.
func (d *objDict) find(key py.Object) (int, int64, error) {
	h, err := hashOf(key)
	if err != nil {
		return -1, 0, err
	}
	for _, i := range d.index[h] {
		eq, err := keysEqual(d.keys[i], key)
		if err != nil {
			return -1, h, err
		}
		if eq {
			return i, h, nil
		}
	}
	return -1, h, nil
}

// keysEqual compares two keys: identity first, then ==.
func keysEqual(a, b py.Object) (bool, error) {
	if same(a, b) {
		return true, nil
	}
	if ta, ok := a.(*py.Type); ok {
		if _, isCls := asClass(ta); !isCls {
			fn, _ := lookup(ta.Type(), "__eq__", nil)
			if fn == nil {
				return false, nil
			}
		}
	}
	res, err := py.Eq(a, b)
	if err != nil {
		return false, err
	}
	return res == py.True, nil
}

func (d *objDict) set(key, val py.Object) error {
	i, h, err := d.find(key)
	if err != nil {
		return err
	}
	if i >= 0 {
		d.vals[i] = val
		return nil
	}
	if err := py.CheckItems(len(d.keys) + 1); err != nil {
		return err
	}
	d.index[h] = append(d.index[h], len(d.keys))
	d.keys = append(d.keys, key)
	d.vals = append(d.vals, val)
	return nil
}

func (d *objDict) remove(i int) {
	d.keys = append(d.keys[:i], d.keys[i+1:]...)
	d.vals = append(d.vals[:i], d.vals[i+1:]...)
	d.index = map[int64][]int{}
	for j, k := range d.keys {
		h, _ := hashOf(k)
		d.index[h] = append(d.index[h], j)
	}
}

// plain returns the mapping as a gpython dict, in the same order, when
// every key is a str.
func (d *objDict) plain() (*py.Dict, bool) {
	for _, k := range d.keys {
		if _, ok := k.(py.String); !ok {
			return nil, false
		}
	}
	out := py.NewDictSized(len(d.keys))
	for i, k := range d.keys {
		out.Set(string(k.(py.String)), d.vals[i])
	}
	return out, true
}

// M__getitem__ implements d[key].
func (d *objDict) M__getitem__(key py.Object) (py.Object, error) {
	i, _, err := d.find(key)
	if err != nil {
		return nil, err
	}
	if i < 0 {
		if d.factory != nil {
			v, err := py.Call(d.factory, nil, nil)
			if err != nil {
				return nil, err
			}
			return v, d.set(key, v)
		}
		return nil, py.ExceptionNewf(py.KeyError, "%s", reprOr(key))
	}
	return d.vals[i], nil
}

// M__setitem__ implements d[key] = value.
func (d *objDict) M__setitem__(key, value py.Object) (py.Object, error) {
	return py.None, d.set(key, value)
}

// M__delitem__ implements del d[key].
func (d *objDict) M__delitem__(key py.Object) (py.Object, error) {
	i, _, err := d.find(key)
	if err != nil {
		return nil, err
	}
	if i < 0 {
		return nil, py.ExceptionNewf(py.KeyError, "%s", reprOr(key))
	}
	d.remove(i)
	return py.None, nil
}

// M__len__ implements len(d).
func (d *objDict) M__len__() (py.Object, error) { return py.Int(len(d.keys)), nil }

// M__bool__ implements bool(d).
func (d *objDict) M__bool__() (py.Object, error) { return py.NewBool(len(d.keys) > 0), nil }

// M__iter__ iterates over a snapshot of the keys.
func (d *objDict) M__iter__() (py.Object, error) {
	return py.NewIterator(append(py.Tuple(nil), d.keys...)), nil
}

// M__contains__ implements key in d.
func (d *objDict) M__contains__(key py.Object) (py.Object, error) {
	i, _, err := d.find(key)
	return py.NewBool(i >= 0), err
}

// M__eq__ compares with another mapping by items.
func (d *objDict) M__eq__(other py.Object) (py.Object, error) {
	o, ok := other.(*objDict)
	if !ok || len(o.keys) != len(d.keys) {
		return py.False, nil
	}
	for i, k := range d.keys {
		j, _, err := o.find(k)
		if err != nil || j < 0 {
			return py.False, err
		}
		eq, err := py.Eq(d.vals[i], o.vals[j])
		if err != nil || eq != py.True {
			return py.False, err
		}
	}
	return py.True, nil
}

// M__repr__ prints like a dict.
func (d *objDict) M__repr__() (py.Object, error) {
	if d.inRepr {
		return py.String("{...}"), nil
	}
	d.inRepr = true
	defer func() { d.inRepr = false }()
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range d.keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(reprOr(k))
		b.WriteString(": ")
		b.WriteString(reprOr(d.vals[i]))
	}
	b.WriteByte('}')
	return py.String(b.String()), nil
}

// M__getattribute__ serves the dict methods.
func (d *objDict) M__getattribute__(name string) (py.Object, error) {
	m := func(fn func(args py.Tuple, kw py.StringDict) (py.Object, error)) (py.Object, error) {
		return newMethod(name, fn), nil
	}
	pairs := func() *py.List {
		out := py.NewListSized(len(d.keys))
		for i, k := range d.keys {
			out.Items[i] = py.Tuple{k, d.vals[i]}
		}
		return out
	}
	switch name {
	case "__class__":
		return objDictType, nil
	case "keys":
		return m(func(py.Tuple, py.StringDict) (py.Object, error) {
			return py.NewListFromItems(append([]py.Object(nil), d.keys...)), nil
		})
	case "values":
		return m(func(py.Tuple, py.StringDict) (py.Object, error) {
			return py.NewListFromItems(append([]py.Object(nil), d.vals...)), nil
		})
	case "items":
		return m(func(py.Tuple, py.StringDict) (py.Object, error) { return pairs(), nil })
	case "get":
		return m(func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			var key py.Object
			var def py.Object = py.None
			if err := py.UnpackTuple(args, kw, "get", 1, 2, &key, &def); err != nil {
				return nil, err
			}
			i, _, err := d.find(key)
			if err != nil || i < 0 {
				return def, err
			}
			return d.vals[i], nil
		})
	case "setdefault":
		return m(func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			var key py.Object
			var def py.Object = py.None
			if err := py.UnpackTuple(args, kw, "setdefault", 1, 2, &key, &def); err != nil {
				return nil, err
			}
			i, _, err := d.find(key)
			if err != nil {
				return nil, err
			}
			if i >= 0 {
				return d.vals[i], nil
			}
			return def, d.set(key, def)
		})
	case "pop":
		return m(func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			var key, def py.Object
			if err := py.UnpackTuple(args, kw, "pop", 1, 2, &key, &def); err != nil {
				return nil, err
			}
			i, _, err := d.find(key)
			if err != nil {
				return nil, err
			}
			if i < 0 {
				if def != nil {
					return def, nil
				}
				return nil, py.ExceptionNewf(py.KeyError, "%s", reprOr(key))
			}
			v := d.vals[i]
			d.remove(i)
			return v, nil
		})
	case "update":
		return m(func(args py.Tuple, kw py.StringDict) (py.Object, error) {
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
			return py.None, nil
		})
	case "copy":
		return m(func(py.Tuple, py.StringDict) (py.Object, error) {
			c := newObjDict()
			c.factory = d.factory
			for i, k := range d.keys {
				_ = c.set(k, d.vals[i])
			}
			return c, nil
		})
	case "clear":
		return m(func(py.Tuple, py.StringDict) (py.Object, error) {
			d.keys, d.vals, d.index = nil, nil, map[int64][]int{}
			return py.None, nil
		})
	}
	return nil, py.ExceptionNewf(py.AttributeError, "'dict' object has no attribute '%s'", name)
}

// mergeInto adds the items of a mapping or an iterable of pairs.
func mergeInto(d *objDict, src py.Object) error {
	switch s := src.(type) {
	case *objDict:
		for i, k := range s.keys {
			if err := d.set(k, s.vals[i]); err != nil {
				return err
			}
		}
		return nil
	case py.StringDict, *py.Dict:
		m, _ := py.AsAnyDict(s)
		for _, k := range append([]string(nil), m.OrderedKeys()...) {
			v, _ := m.Get(k)
			if err := d.set(py.String(k), v); err != nil {
				return err
			}
		}
		return nil
	}
	switch src.(type) {
	case *py.List, py.Tuple:
	default:
		// A mapping is anything with keys() and __getitem__.
		if keys, err := py.GetAttrString(src, "keys"); err == nil {
			ks, err := py.Call(keys, nil, nil)
			if err != nil {
				return err
			}
			var ferr error
			err = py.Iterate(ks, func(k py.Object) bool {
				v, err := py.GetItem(src, k)
				if err == nil {
					err = d.set(k, v)
				}
				ferr = err
				return err != nil
			})
			if err != nil {
				return err
			}
			return ferr
		}
	}
	var ferr error
	err := py.Iterate(src, func(item py.Object) bool {
		pair, err := py.SequenceTuple(item)
		if err == nil && len(pair) != 2 {
			err = py.ExceptionNewf(py.ValueError, "dictionary update sequence element has length %d; 2 is required", len(pair))
		}
		if err == nil {
			err = d.set(pair[0], pair[1])
		}
		ferr = err
		return err != nil
	})
	if err != nil {
		return err
	}
	return ferr
}

// reprOr is repr(o), or a placeholder when repr fails.
func reprOr(o py.Object) string {
	s, err := py.ReprAsString(o)
	if err != nil {
		return "<" + typeName(o) + ">"
	}
	return s
}
