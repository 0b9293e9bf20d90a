package pyhost

import (
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-python/gpython/py"
	"github.com/go-python/gpython/vm"
)

// Enum classes. Python code cannot declare metaclasses here, so what
// CPython's EnumType does is split in two: buildClass turns the
// attributes of a subclass of pystd's enum.Enum into members
// (makeEnumMembers, in definition order) and gives the class a
// constructor that looks members up by value; the class-level operations
// (iter, len, in, Color['RED']) are special methods of enumMetaType
// (enumTypeHooks), which buildClass makes the metatype of every class
// with Enum in its MRO. On Enum itself (no members) they raise what
// CPython raises for any class.

// Keys of an enum class's dict that hold its members.
const (
	memberNamesKey = "_member_names_" // list of canonical member names, in definition order
	memberMapKey   = "_member_map_"   // name -> member, aliases included
	membersKey     = "__members__"    // the same, an ordered mapping
)

// enumMembers returns the canonical members of an enum class in
// definition order; ok is false for any other class.
func enumMembers(t *py.Type) (members py.Tuple, ok bool) {
	names, ok := t.Dict[memberNamesKey].(*py.List)
	if !ok {
		return nil, false
	}
	byName, _ := t.Dict[memberMapKey].(py.StringDict)
	for _, n := range names.Items {
		if s, ok := n.(py.String); ok {
			if m, ok := byName[string(s)]; ok {
				members = append(members, m)
			}
		}
	}
	return members, true
}

// enumTypeHooks are installed on enumMetaType's dict by patchTypes.
var enumTypeHooks = map[string]func(t *py.Type, args py.Tuple) (py.Object, error){
	"__iter__": func(t *py.Type, _ py.Tuple) (py.Object, error) {
		ms, ok := enumMembers(t)
		if !ok {
			return nil, py.ExceptionNewf(py.TypeError, "'type' object is not iterable")
		}
		return py.NewIterator(ms), nil
	},
	"__reversed__": func(t *py.Type, _ py.Tuple) (py.Object, error) {
		ms, ok := enumMembers(t)
		if !ok {
			return nil, py.ExceptionNewf(py.TypeError, "'type' object is not reversible")
		}
		rev := make(py.Tuple, len(ms))
		for i, m := range ms {
			rev[len(ms)-1-i] = m
		}
		return py.NewIterator(rev), nil
	},
	"__len__": func(t *py.Type, _ py.Tuple) (py.Object, error) {
		ms, ok := enumMembers(t)
		if !ok {
			return nil, py.ExceptionNewf(py.TypeError, "object of type 'type' has no len()")
		}
		return py.Int(len(ms)), nil
	},
	"__contains__": func(t *py.Type, args py.Tuple) (py.Object, error) {
		ms, ok := enumMembers(t)
		if !ok {
			return nil, py.ExceptionNewf(py.TypeError, "argument of type 'type' is not iterable")
		}
		// A member of the class, or (as in Python 3.12) a value of one.
		for _, m := range ms {
			if same(m, args[0]) {
				return py.True, nil
			}
		}
		if x, ok := args[0].(*py.Type); ok && x.Type() != nil && x.Type().IsSubtype(t) {
			return py.False, nil
		}
		_, err := enumByValue(t, ms, args[0])
		return py.NewBool(err == nil), nil
	},
	"__getitem__": func(t *py.Type, args py.Tuple) (py.Object, error) {
		if _, ok := enumMembers(t); ok {
			if name, ok := args[0].(py.String); ok {
				if m, ok := t.Dict[memberMapKey].(py.StringDict)[string(name)]; ok {
					return m, nil
				}
			}
			return nil, py.ExceptionNewf(py.KeyError, "%s", reprOr(args[0]))
		}
		return nil, py.ExceptionNewf(py.TypeError, "type '%s' is not subscriptable", t.ShortName())
	},
}

// enumMetaType is the metatype of enum classes (CPython's EnumType):
// the class-level operations are its special methods, which gpython
// finds on a class's metatype, so other classes do not have them.
var enumMetaType = py.TypeType.NewType("enum.EnumType", "Metaclass for Enum", nil, nil)

// installEnumHooks puts enumTypeHooks on enumMetaType.
func installEnumHooks() {
	for name, fn := range enumTypeHooks {
		enumMetaType.Dict[name] = newMethod(name, func(args py.Tuple, kwargs py.StringDict) (py.Object, error) {
			want := 1
			if name == "__contains__" || name == "__getitem__" {
				want = 2
			}
			if len(args) != want || len(kwargs) != 0 {
				return nil, py.ExceptionNewf(py.TypeError, "%s expects %d argument(s)", name, want-1)
			}
			t, ok := asClass(args[0])
			if !ok {
				return nil, py.ExceptionNewf(py.TypeError, "descriptor '%s' requires a 'type' object", name)
			}
			return fn(t, args[1:])
		})
	}
}

// enumByValue finds the member whose value equals v.
func enumByValue(t *py.Type, ms py.Tuple, v py.Object) (py.Object, error) {
	m, err := findByValue(ms, v)
	if m != nil || err != nil {
		return m, err
	}
	r, err := py.ReprAsString(v)
	if err != nil {
		return nil, err
	}
	return nil, py.ExceptionNewf(py.ValueError, "%s is not a valid %s", r, t.ShortName())
}

// findByValue is enumByValue without the error for no match (nil, nil),
// which class creation expects for every new member.
func findByValue(ms py.Tuple, v py.Object) (py.Object, error) {
	for _, m := range ms {
		mt, _ := m.(*py.Type)
		if mt == nil {
			continue
		}
		mv := mt.Dict["_value_"]
		// Strings and ints, the values of nearly every member, compare
		// without a trip through py.Eq.
		switch x := v.(type) {
		case py.String:
			if y, ok := mv.(py.String); ok {
				if x == y {
					return m, nil
				}
				continue
			}
		case py.Int:
			if y, ok := mv.(py.Int); ok {
				if x == y {
					return m, nil
				}
				continue
			}
		}
		eq, err := keysEqual(mv, v)
		if err != nil {
			return nil, err
		}
		if eq {
			return m, nil
		}
	}
	return nil, nil
}

// classBodies caches what buildClass reads from a class body's bytecode,
// by code object: a *py.Code is immutable and shared by every session
// (compileCache), so the bytecode is scanned once per process rather than
// once per class creation. Past classBodiesMax entries it starts over, as
// compileCache does.
var (
	classBodies    sync.Map // *py.Code -> *classBody, read-only once stored
	classBodiesLen atomic.Int64
)

const classBodiesMax = 4096

// classBody is what a class body's code says about the class. Shared by
// every class made from the code: read-only.
type classBody struct {
	// pos maps each name the body stores to its position in
	// storedNames(code): the definition order of enum members.
	pos map[string]int
}

// bodyOf returns the (cached) classBody of a class body's code.
func bodyOf(code *py.Code) *classBody {
	if v, ok := classBodies.Load(code); ok {
		return v.(*classBody)
	}
	names := storedNames(code)
	b := &classBody{pos: make(map[string]int, len(names))}
	for i, n := range names {
		b.pos[n] = i
	}
	if _, loaded := classBodies.LoadOrStore(code, b); !loaded && classBodiesLen.Add(1) > classBodiesMax {
		classBodies.Clear()
		classBodiesLen.Store(0)
	}
	return b
}

// storedNames lists the names a class body assigns, in the order of its
// first STORE_NAME: the definition order that gpython's unordered class
// namespace loses.
func storedNames(code *py.Code) []string {
	var out []string
	seen := map[string]bool{}
	b, ext := code.Code, 0
	for i := 0; i < len(b); {
		op := vm.OpCode(b[i])
		i++
		if op < vm.HAVE_ARGUMENT {
			continue
		}
		if i+1 >= len(b) {
			break
		}
		arg := ext<<16 | int(b[i]) | int(b[i+1])<<8
		i += 2
		ext = 0
		switch op {
		case vm.EXTENDED_ARG:
			ext = arg
		case vm.STORE_NAME:
			if arg < len(code.Names) && !seen[code.Names[arg]] {
				seen[code.Names[arg]] = true
				out = append(out, code.Names[arg])
			}
		}
	}
	return out
}

// makeEnumMembers turns the plain attributes of an Enum subclass into
// instances with name and value, in definition order (pos numbers the
// names the class body assigned, from bodyOf). auto() values come from
// the class's _generate_next_value_, a value equal to an earlier
// member's makes an alias, a user __init__ runs with the value (unpacked
// when a tuple), and calling the class looks a member up by value.
func makeEnumMembers(cls *py.Type, pos map[string]int) error {
	var names []string
	for k, v := range cls.Dict {
		if strings.HasPrefix(k, "_") {
			continue
		}
		switch v.(type) {
		case *py.Function, *py.ClassMethod, *py.StaticMethod, *property, *py.Method:
			continue
		}
		if _, isCls := asClass(v); isCls {
			continue
		}
		names = append(names, k)
	}
	// Names the body did not store itself (none in practice) go last.
	sort.Slice(names, func(i, j int) bool {
		pi, oki := pos[names[i]]
		pj, okj := pos[names[j]]
		if oki != okj {
			return oki
		}
		if oki && pi != pj {
			return pi < pj
		}
		return names[i] < names[j]
	})
	init, owner := lookup(cls, "__init__", nil)
	if owner != nil && !isHeapType(owner) {
		init = nil
	}
	var (
		members  py.Tuple
		values   = py.NewList()
		canon    = py.NewList()
		byName   = py.StringDict{}
		ordered  = newObjDict()
		nextFunc py.Object
	)
	for _, name := range names {
		v := cls.Dict[name]
		if isAuto(v) {
			if nextFunc == nil {
				nextFunc, _ = lookup(cls, "_generate_next_value_", nil)
				if sm, ok := nextFunc.(*py.StaticMethod); ok {
					nextFunc = sm.Callable
				}
			}
			if nextFunc == nil {
				return py.ExceptionNewf(py.TypeError, "auto() needs _generate_next_value_")
			}
			var err error
			v, err = py.Call(nextFunc, py.Tuple{py.String(name), py.Int(1), py.Int(len(members)), py.NewListFromItems(values.Items)}, nil)
			if err != nil {
				return err
			}
		}
		m, err := findByValue(members, v)
		if err != nil && !py.IsException(py.ValueError, err) {
			return err
		}
		if m == nil {
			inst := cls.Alloc()
			inst.Dict["name"] = py.String(name)
			inst.Dict["value"] = v
			inst.Dict["_name_"] = py.String(name)
			inst.Dict["_value_"] = v
			if init != nil {
				args := py.Tuple{v}
				if t, ok := v.(py.Tuple); ok {
					args = t
				}
				if _, err := py.Call(init, append(py.Tuple{inst}, args...), nil); err != nil {
					return err
				}
			}
			m = inst
			members = append(members, m)
			values.Append(v)
			canon.Append(py.String(name))
		}
		cls.Dict[name] = m
		byName[name] = m
		if err := ordered.set(py.String(name), m); err != nil {
			return err
		}
	}
	cls.Dict[memberNamesKey] = canon
	cls.Dict[memberMapKey] = byName
	cls.Dict[membersKey] = ordered
	cls.New = func(t *py.Type, args py.Tuple, kwargs py.StringDict) (py.Object, error) {
		if len(args) != 1 || len(kwargs) != 0 {
			return nil, py.ExceptionNewf(py.TypeError, "%s() takes exactly one argument, the value of a member", t.ShortName())
		}
		ms, _ := enumMembers(t)
		for _, m := range ms {
			if same(m, args[0]) {
				return m, nil
			}
		}
		return enumByValue(t, ms, args[0])
	}
	// A lookup returns an existing member: no __init__ again.
	cls.Init = nil
	return nil
}

// isAuto reports whether v is an enum.auto() placeholder.
func isAuto(v py.Object) bool {
	t, ok := v.(*py.Type)
	if !ok || t.Type() == nil {
		return false
	}
	marker, _ := lookup(t.Type(), "_is_auto_", nil)
	return marker != nil
}

// MixinValue returns the value of a member of an enum with a builtin
// mixin (class TaskAction(str, Enum), IntEnum, StrEnum). In CPython such
// a member is an instance of str or int, so AIFlow takes it wherever a
// string or number goes; the host drops the mixin, so callers that
// convert Python values use the member's value instead.
func MixinValue(o py.Object) (py.Object, bool) {
	m, ok := o.(*py.Type)
	if !ok || m.Type() == nil {
		return nil, false
	}
	if _, isCls := asClass(m); isCls {
		return nil, false
	}
	if eq, _ := lookup(m.Type(), "_value_eq_", nil); eq != py.True {
		return nil, false
	}
	v, ok := m.Dict["_value_"]
	return v, ok
}

// EnumValue returns the value of a member of any enum class, with or
// without a mixin.
func EnumValue(o py.Object) (py.Object, bool) {
	cls, ok := InstanceClass(o)
	if !ok {
		return nil, false
	}
	if _, isEnum := enumMembers(cls); !isEnum {
		return nil, false
	}
	v, ok := o.(*py.Type).Dict["_value_"]
	return v, ok
}
