package celcond

import (
	"fmt"
	"reflect"

	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/common/types/traits"
)

// The variables are object types of their own rather than maps so that the
// checker knows each field's type (event.offset is an int, state.sum a
// double) and reports misspelt fields. Their values implement ref.Val and
// are read through FieldType getters, without reflection.

// object is an object type: its fields and how to read them.
type object struct {
	typ    *types.Type
	names  []string
	fields map[string]*types.FieldType
}

func newObject(name string) *object {
	return &object{typ: types.NewObjectType(name), fields: map[string]*types.FieldType{}}
}

func (o *object) field(name string, t *types.Type, isSet ref.FieldTester, get ref.FieldGetter) {
	o.names = append(o.names, name)
	o.fields[name] = &types.FieldType{Type: t, IsSet: isSet, GetFrom: get}
}

// always is the IsSet of fields that every value has.
func always(any) bool { return true }

// eventType is the type of the event variable.
var eventType = func() *object {
	o := newObject("aiflow.Event")
	str := func(name string, get func(*Event) string) {
		o.field(name, types.StringType, always, func(v any) (any, error) { return types.String(get(v.(*eventVal).ev)), nil })
	}
	str("key", func(e *Event) string { return e.Key })
	str("value", func(e *Event) string { return e.Value })
	str("namespace", func(e *Event) string { return e.Namespace })
	str("sender", func(e *Event) string { return e.Sender })
	o.field("context", types.NewMapType(types.StringType, types.DynType), always, func(v any) (any, error) { return v.(*eventVal).context(), nil })
	o.field("offset", types.IntType, always, func(v any) (any, error) { return types.Int(v.(*eventVal).ev.Offset), nil })
	o.field("create_time", types.TimestampType, always, func(v any) (any, error) { return types.Timestamp{Time: v.(*eventVal).ev.Time}, nil })
	return o
}()

// taskType is the type of the values of the tasks map.
var taskType = func() *object {
	o := newObject("aiflow.Task")
	o.field("status", types.StringType, always, func(v any) (any, error) { return types.String(v.(taskVal).status), nil })
	return o
}()

// provider adds the object types of one program to the standard ones.
type provider struct {
	types.Provider
	objects map[string]*object
}

func newProvider(base types.Provider, objs ...*object) *provider {
	p := &provider{Provider: base, objects: map[string]*object{}}
	for _, o := range objs {
		p.objects[o.typ.TypeName()] = o
	}
	return p
}

func (p *provider) FindStructType(name string) (*types.Type, bool) {
	if o, ok := p.objects[name]; ok {
		return types.NewTypeTypeWithParam(o.typ), true
	}
	return p.Provider.FindStructType(name)
}

func (p *provider) FindStructFieldNames(name string) ([]string, bool) {
	if o, ok := p.objects[name]; ok {
		return o.names, true
	}
	return p.Provider.FindStructFieldNames(name)
}

func (p *provider) FindStructFieldType(name, field string) (*types.FieldType, bool) {
	if o, ok := p.objects[name]; ok {
		ft, found := o.fields[field]
		return ft, found
	}
	return p.Provider.FindStructFieldType(name, field)
}

func (p *provider) NewValue(name string, fields map[string]ref.Val) ref.Val {
	if _, ok := p.objects[name]; ok {
		return types.NewErr("%s values cannot be created in an expression", name)
	}
	return p.Provider.NewValue(name, fields)
}

// opaque implements the ref.Val methods that the variables share: they
// convert to nothing but their type.
type opaque struct{ typ *types.Type }

func (o opaque) ConvertToNative(t reflect.Type) (any, error) {
	return nil, fmt.Errorf("%s cannot be converted to %v", o.typ, t)
}

func (o opaque) ConvertToType(t ref.Type) ref.Val {
	if t == types.TypeType {
		return o.typ
	}
	return types.NewErr("type conversion error from %s to %s", o.typ, t.TypeName())
}

func (o opaque) Type() ref.Type { return o.typ }

// eventVal is the value of event; its context is parsed when first read.
type eventVal struct {
	opaque
	ev     *Event
	ctx    ref.Val
	parsed bool
}

func (v *eventVal) Equal(other ref.Val) ref.Val { return types.Bool(other == ref.Val(v)) }
func (v *eventVal) Value() any                  { return v }

// context is the event's JSON context as a map: an empty one when there is
// none or it is not a JSON object.
func (v *eventVal) context() ref.Val {
	if !v.parsed {
		v.parsed = true
		m, err := decodeJSON([]byte(v.ev.Context), false)
		if err != nil {
			m = map[string]any{}
		}
		v.ctx = types.NewStringInterfaceMap(types.DefaultTypeAdapter, m)
	}
	return v.ctx
}

// taskVal is a value of the tasks map.
type taskVal struct {
	opaque
	status string
}

func (v taskVal) Equal(other ref.Val) ref.Val {
	o, ok := other.(taskVal)
	return types.Bool(ok && o.status == v.status)
}

func (v taskVal) Value() any { return v }

// taskMap is the value of tasks: it asks for the status of a task only when
// the expression reads it.
type taskMap struct {
	opaque
	names  []string
	known  map[string]bool
	status func(string) (string, bool)
}

func (m *taskMap) Equal(other ref.Val) ref.Val { return types.Bool(other == ref.Val(m)) }
func (m *taskMap) Value() any                  { return m }

func (m *taskMap) Contains(key ref.Val) ref.Val {
	_, found := m.Find(key)
	return types.Bool(found)
}

func (m *taskMap) Find(key ref.Val) (ref.Val, bool) {
	k, ok := key.(types.String)
	if !ok || !m.known[string(k)] {
		return nil, false
	}
	v := taskVal{opaque: opaque{taskType.typ}}
	if m.status != nil {
		v.status, _ = m.status(string(k))
	}
	return v, true
}

func (m *taskMap) Get(key ref.Val) ref.Val {
	if v, found := m.Find(key); found {
		return v
	}
	return types.NewErr("no such task: %v", key)
}

func (m *taskMap) Iterator() traits.Iterator {
	return types.NewStringList(types.DefaultTypeAdapter, m.names).Iterator()
}

func (m *taskMap) Size() ref.Val { return types.Int(len(m.names)) }

// stateVal is the value of state: the stored map read through the field
// types of the program, with zero values for missing keys.
type stateVal struct {
	opaque
	m map[string]any
}

func (v *stateVal) Equal(other ref.Val) ref.Val { return types.Bool(other == ref.Val(v)) }
func (v *stateVal) Value() any                  { return v }

// stateField reads key of a state whose update expression has type t.
func stateField(key string, t *types.Type, zero ref.Val) *types.FieldType {
	kind := t.Kind()
	read := func(target any) (any, bool) {
		x, ok := target.(*stateVal).m[key]
		return x, ok && fits(x, kind)
	}
	return &types.FieldType{
		Type:  t,
		IsSet: func(target any) bool { _, ok := read(target); return ok },
		GetFrom: func(target any) (any, error) {
			if x, ok := read(target); ok {
				return types.DefaultTypeAdapter.NativeToValue(x), nil
			}
			return zero, nil
		},
	}
}

// fits reports whether a stored value has the kind of its key's type. A
// value of another kind (written by an earlier version of the condition)
// reads as the zero value.
func fits(x any, k types.Kind) bool {
	switch x.(type) {
	case int64:
		return k == types.IntKind
	case uint64:
		return k == types.UintKind
	case float64:
		return k == types.DoubleKind
	case string:
		return k == types.StringKind
	case bool:
		return k == types.BoolKind
	case []any:
		return k == types.ListKind
	case map[string]any:
		return k == types.MapKind
	}
	return false
}

// zeroValue is what state.<key> reads before it is written, or nil when t
// cannot be stored.
func zeroValue(t *types.Type) ref.Val {
	switch t.Kind() {
	case types.IntKind:
		return types.IntZero
	case types.UintKind:
		return types.Uint(0)
	case types.DoubleKind:
		return types.Double(0)
	case types.StringKind:
		return types.String("")
	case types.BoolKind:
		return types.False
	case types.ListKind:
		return types.NewDynamicList(types.DefaultTypeAdapter, []any{})
	case types.MapKind:
		if k := t.Parameters()[0].Kind(); k == types.StringKind || k == types.DynKind {
			return types.NewStringInterfaceMap(types.DefaultTypeAdapter, map[string]any{})
		}
	}
	return nil
}
