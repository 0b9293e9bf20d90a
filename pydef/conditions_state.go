package pydef

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/go-python/gpython/py"

	"github.com/aiflow-go/aiflow/pydef/pyhost"
)

// Limits of a state value: its encoded size, how deep it nests, and the
// digits of an int (CPython's own limit for int to str conversion, and a
// bound on Go's quadratic decimal parsing).
const (
	maxStateSize   = 1 << 20
	maxStateDepth  = 100
	maxStateDigits = 4300
)

// classKey marks an object in a stored value: {"__class__": "module.Class", attributes...}.
const classKey = "__class__"

// stateKinds ends the message of a value that cannot be stored.
const stateKinds = "; a state holds None, bool, int, float, str, list, tuple, dict with str keys, enum members and objects of the workflow's own classes"

// stateCodec converts state values between Python and JSON for one
// snapshot's interpreter.
type stateCodec struct {
	root     string        // the snapshot's folder: classes of modules under it are its own
	modules  py.StringDict // sys.modules
	importer py.Object     // builtins.__import__, for a module not imported yet
	names    map[*py.Type]string
}

// className is "module.Class" of a top-level class of the snapshot's own
// files, or "" for any other class (gpython keeps no qualified names, so
// a nested class could not be found again).
func (c *stateCodec) className(cls *py.Type) string {
	if n, ok := c.names[cls]; ok {
		return n
	}
	mod, _ := cls.Dict["__module__"].(py.String)
	name := ""
	if m, ok := c.modules[string(mod)].(*py.Module); ok && c.own(m) && m.Globals[cls.Name] == py.Object(cls) {
		name = string(mod) + "." + cls.Name
	}
	if c.names == nil {
		c.names = map[*py.Type]string{}
	}
	c.names[cls] = name
	return name
}

// own reports whether m was loaded from the snapshot's folder.
func (c *stateCodec) own(m *py.Module) bool {
	file, _ := m.Globals["__file__"].(py.String)
	return strings.HasPrefix(string(file), c.root+string(filepath.Separator))
}

// class finds the class a stored object names, importing its module if
// this interpreter has not yet.
func (c *stateCodec) class(name string) (*py.Type, error) {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return nil, fmt.Errorf("bad class name %q", name)
	}
	mod := name[:i]
	if _, ok := c.modules[mod]; !ok {
		if _, err := py.Call(c.importer, py.Tuple{py.String(mod)}, nil); err != nil {
			return nil, fmt.Errorf("class %q: %v", name, err)
		}
	}
	m, ok := c.modules[mod].(*py.Module)
	if !ok || !c.own(m) {
		return nil, fmt.Errorf("class %q is not defined in the workflow's files", name)
	}
	cls, ok := m.Globals[name[i+1:]].(*py.Type)
	if !ok || c.className(cls) != name {
		return nil, fmt.Errorf("class %q is not defined in the workflow's files", name)
	}
	return cls, nil
}

// encode writes v as JSON; the error completes "state NAME ...".
func (c *stateCodec) encode(v py.Object) (json.RawMessage, error) {
	e := &encoder{c: c}
	if err := e.value(v); err != nil {
		return nil, err
	}
	if len(e.buf) > maxStateSize {
		return nil, fmt.Errorf("is over %d MiB encoded", maxStateSize>>20)
	}
	return e.buf, nil
}

// encoder writes one value, keeping the path to the value it is at and
// the containers it is inside (for cycles).
type encoder struct {
	c      *stateCodec
	buf    []byte
	path   []any // attribute names (string), dict keys (key) and list indexes (int)
	inside []unsafe.Pointer
}

// key is a dict key in a path.
type key string

func (e *encoder) where() string {
	var b strings.Builder
	b.WriteString("value")
	for _, p := range e.path {
		switch p := p.(type) {
		case string:
			b.WriteString("." + p)
		case key:
			b.WriteString("[" + strconv.Quote(string(p)) + "]")
		case int:
			b.WriteString("[" + strconv.Itoa(p) + "]")
		}
	}
	return b.String()
}

func (e *encoder) refuse(format string, args ...any) error {
	return fmt.Errorf("cannot hold %s (at %s)%s", fmt.Sprintf(format, args...), e.where(), stateKinds)
}

// enter notes a container; a container already being written is a cycle.
func (e *encoder) enter(p unsafe.Pointer) error {
	if slices.Contains(e.inside, p) {
		return fmt.Errorf("holds a reference cycle (at %s)", e.where())
	}
	e.inside = append(e.inside, p)
	return nil
}

func (e *encoder) leave() { e.inside = e.inside[:len(e.inside)-1] }

func (e *encoder) value(v py.Object) error {
	if len(e.buf) > maxStateSize {
		return fmt.Errorf("is over %d MiB encoded", maxStateSize>>20)
	}
	if len(e.path) > maxStateDepth {
		return fmt.Errorf("nests deeper than %d levels", maxStateDepth)
	}
	switch x := v.(type) {
	case py.NoneType:
		e.buf = append(e.buf, "null"...)
	case py.Bool:
		e.buf = strconv.AppendBool(e.buf, bool(x))
	case py.Int:
		e.buf = strconv.AppendInt(e.buf, int64(x), 10)
	case *py.BigInt:
		b := (*big.Int)(x)
		s := ""
		// About 3.32 bits a digit: no costly conversion of a huge int.
		if b.BitLen() <= maxStateDigits*332/100+8 {
			s = b.String()
		}
		if s == "" || len(strings.TrimPrefix(s, "-")) > maxStateDigits {
			return e.refuse("an int of more than %d digits", maxStateDigits)
		}
		e.buf = append(e.buf, s...)
	case py.Float:
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return e.refuse("the float %s, which JSON cannot represent", py.FloatRepr(f))
		}
		n := len(e.buf)
		e.buf = strconv.AppendFloat(e.buf, f, 'g', -1, 64)
		if !bytes.ContainsAny(e.buf[n:], ".e") {
			e.buf = append(e.buf, ".0"...) // stays a float when read back
		}
	case py.String:
		s, _ := json.Marshal(string(x))
		e.buf = append(e.buf, s...)
	case py.Tuple:
		return e.list(x)
	case *py.List:
		if err := e.enter(unsafe.Pointer(x)); err != nil {
			return err
		}
		defer e.leave()
		return e.list(x.Items)
	case py.StringDict, *py.Dict:
		d, _ := py.DictMap(x)
		if _, ok := d[classKey]; ok {
			return e.refuse("a dict with a %q key, which marks stored objects", classKey)
		}
		if err := e.enter(reflect.ValueOf(d).UnsafePointer()); err != nil {
			return err
		}
		defer e.leave()
		return e.dict(d, "", func(k string) any { return key(k) })
	default:
		if ev, ok := pyhost.EnumValue(v); ok {
			return e.value(ev)
		}
		if cls, ok := pyhost.InstanceClass(v); ok {
			name := e.c.className(cls)
			if name == "" {
				return e.refuse("an object of class %s, which is not a top-level class of the workflow's files", cls.Name)
			}
			obj := v.(*py.Type)
			if _, ok := obj.Dict[classKey]; ok {
				return e.refuse("an object with a %q attribute", classKey)
			}
			if err := e.enter(unsafe.Pointer(obj)); err != nil {
				return err
			}
			defer e.leave()
			return e.dict(obj.Dict, name, func(k string) any { return k })
		}
		if typeOf(v).Name == "dict" {
			// pyhost's dict with keys of other types
			return e.refuse("a dict with keys that are not str")
		}
		return e.refuse("a value of type %s", typeOf(v).Name)
	}
	return nil
}

func (e *encoder) list(items []py.Object) error {
	e.buf = append(e.buf, '[')
	for i, it := range items {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.path = append(e.path, i)
		if err := e.value(it); err != nil {
			return err
		}
		e.path = e.path[:len(e.path)-1]
	}
	e.buf = append(e.buf, ']')
	return nil
}

// dict writes a dict, or an object's attributes after its class name.
func (e *encoder) dict(d py.StringDict, class string, step func(string) any) error {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.buf = append(e.buf, '{')
	if class != "" {
		e.buf = append(e.buf, `"`+classKey+`":`...)
		s, _ := json.Marshal(class)
		e.buf = append(e.buf, s...)
	}
	for i, k := range keys {
		if i > 0 || class != "" {
			e.buf = append(e.buf, ',')
		}
		s, _ := json.Marshal(k)
		e.buf = append(append(e.buf, s...), ':')
		e.path = append(e.path, step(k))
		if err := e.value(d[k]); err != nil {
			return err
		}
		e.path = e.path[:len(e.path)-1]
	}
	e.buf = append(e.buf, '}')
	return nil
}

// decode reads a stored value afresh: objects become instances of their
// class without calling __init__.
func (c *stateCodec) decode(data json.RawMessage) (py.Object, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("extra data after the value")
	}
	return c.fromJSON(v, 0)
}

func (c *stateCodec) fromJSON(v any, depth int) (py.Object, error) {
	if depth > maxStateDepth {
		return nil, fmt.Errorf("nests deeper than %d levels", maxStateDepth)
	}
	switch x := v.(type) {
	case nil:
		return py.None, nil
	case bool:
		return py.NewBool(x), nil
	case string:
		return py.String(x), nil
	case json.Number:
		s := string(x)
		if strings.ContainsAny(s, ".eE") {
			f, err := strconv.ParseFloat(s, 64)
			return py.Float(f), err
		}
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return py.Int(i), nil
		}
		if len(s) > maxStateDigits+1 {
			return nil, fmt.Errorf("an int has more than %d digits", maxStateDigits)
		}
		b, ok := new(big.Int).SetString(s, 10)
		if !ok {
			return nil, fmt.Errorf("bad number %s", s)
		}
		return (*py.BigInt)(b), nil
	case []any:
		items := make([]py.Object, len(x))
		for i, it := range x {
			o, err := c.fromJSON(it, depth+1)
			if err != nil {
				return nil, err
			}
			items[i] = o
		}
		return py.NewListFromItems(items), nil
	case map[string]any:
		d := py.NewStringDictSized(len(x))
		for k, it := range x {
			if k == classKey {
				continue
			}
			o, err := c.fromJSON(it, depth+1)
			if err != nil {
				return nil, err
			}
			d[k] = o
		}
		name, isObj := x[classKey]
		if !isObj {
			return py.NewDictFromStringDict(d), nil // stored with sorted keys
		}
		s, _ := name.(string)
		cls, err := c.class(s)
		if err != nil {
			return nil, err
		}
		obj := cls.Alloc()
		obj.Dict = d
		return obj, nil
	}
	return nil, fmt.Errorf("unexpected JSON value %T", v)
}
