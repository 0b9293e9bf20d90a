package pydef

import (
	"math/big"
	"slices"

	"github.com/go-python/gpython/py"

	"github.com/aiflow-go/aiflow/pydef/pyhost"
)

// object is a Python value that has no JSON form (an instance, a function,
// a class, a mapping with non-string keys). The export inspects some of
// them (callables, condition and operator classes); elsewhere they become
// their repr.
type object struct{ py.Object }

// goValue converts a Python value into nil, bool, int64, float64, string,
// []any, map[string]any or object.
func goValue(o py.Object) any {
	switch v := o.(type) {
	case nil, py.NoneType:
		return nil
	case py.Bool:
		return bool(v)
	case py.Int:
		return int64(v)
	case *py.BigInt:
		b := (*big.Int)(v)
		if b.IsInt64() {
			return b.Int64()
		}
		f, _ := new(big.Float).SetInt(b).Float64()
		return f
	case py.Float:
		return float64(v)
	case py.String:
		return string(v)
	case py.Tuple:
		return goList(v)
	case *py.List:
		return goList(v.Items)
	case py.StringDict:
		return goMap(v)
	case *py.Dict:
		if v.Len() == 0 {
			return map[string]any{}
		}
		return goMap(v.Map())
	}
	if v, ok := pyhost.MixinValue(o); ok {
		return goValue(v)
	}
	return object{o}
}

func goMap(d py.StringDict) map[string]any {
	m := make(map[string]any, len(d))
	for k, x := range d {
		m[k] = goValue(x)
	}
	return m
}

func goList(items []py.Object) []any {
	out := make([]any, len(items))
	for i, x := range items {
		out[i] = goValue(x)
	}
	return out
}

// isJSON reports whether v (from goValue) holds no object.
func isJSON(v any) bool {
	switch v := v.(type) {
	case object:
		return false
	case []any:
		return !slices.ContainsFunc(v, func(x any) bool { return !isJSON(x) })
	case map[string]any:
		for _, x := range v {
			if !isJSON(x) {
				return false
			}
		}
	}
	return true
}

// TypeName is the Python type name of a value converted from Python (the
// loader's values, decoded ops arguments), for messages.
func TypeName(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		return "bool"
	case int64:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case []any:
		return "list"
	case map[string]any:
		return "dict"
	case object:
		return typeOf(v.Object).Name
	}
	return "object"
}

// typeOf is the class of a Python value. Instances of user classes are
// *py.Type values in gpython whose Type() is their class.
func typeOf(o py.Object) *py.Type {
	t := o.Type()
	if t == nil {
		return py.ObjectType
	}
	return t
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func list(m map[string]any, key string) []any {
	l, _ := m[key].([]any)
	return l
}

func record(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func intOf(m map[string]any, key string) int {
	n, _ := m[key].(int64)
	return int(n)
}
