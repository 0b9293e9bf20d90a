package pyhost

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-python/gpython/py"
)

func init() { stdModules["json"] = buildJSON }

// buildJSON is json.dumps/loads (and dump/load on file objects) in Go.
// Dicts are written in their iteration order (insertion order, fork patch
// 32) unless sort_keys is given, and loads keeps the document's order.
func buildJSON(c *hostContext, name string) (*py.Module, error) {
	dumps := func(args py.Tuple, kw py.StringDict) (py.Object, error) {
		if len(args) != 1 {
			return nil, py.ExceptionNewf(py.TypeError, "dumps() takes exactly one positional argument")
		}
		s, err := jsonDumps(args[0], kw)
		return py.String(s), err
	}
	loads := func(args py.Tuple, kw py.StringDict) (py.Object, error) {
		if len(args) != 1 {
			return nil, py.ExceptionNewf(py.TypeError, "loads() takes exactly one positional argument")
		}
		var s string
		switch v := args[0].(type) {
		case py.String:
			s = string(v)
		case py.Bytes:
			s = string(v)
		default:
			return nil, py.ExceptionNewf(py.TypeError, "the JSON object must be str, bytes or bytearray, not %s", typeName(v))
		}
		return jsonLoads(s)
	}
	return c.goModule(name, py.StringDict{"JSONDecodeError": py.ValueError}, map[string]fn{
		"dumps": dumps,
		"loads": loads,
		"dump": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			if len(args) != 2 {
				return nil, py.ExceptionNewf(py.TypeError, "dump() takes obj and fp")
			}
			s, err := jsonDumps(args[0], kw)
			if err != nil {
				return nil, err
			}
			w, err := py.GetAttrString(args[1], "write")
			if err != nil {
				return nil, err
			}
			_, err = py.Call(w, py.Tuple{py.String(s)}, nil)
			return py.None, err
		},
		"load": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			if len(args) != 1 {
				return nil, py.ExceptionNewf(py.TypeError, "load() takes fp")
			}
			r, err := py.GetAttrString(args[0], "read")
			if err != nil {
				return nil, err
			}
			data, err := py.Call(r, nil, nil)
			if err != nil {
				return nil, err
			}
			return loads(py.Tuple{data}, nil)
		},
	})
}

// jsonOpts are the dumps keyword arguments that change the output.
type jsonOpts struct {
	indent      string // "" for one line
	hasIndent   bool
	itemSep     string
	keySep      string
	sortKeys    bool
	asciiOnly   bool
	def         py.Object
	depthBudget int
}

func jsonDumps(v py.Object, kw py.StringDict) (string, error) {
	o := jsonOpts{itemSep: ", ", keySep: ": ", asciiOnly: true, depthBudget: 1000}
	if ind, ok := kw["indent"]; ok && ind != py.None {
		o.hasIndent = true
		o.itemSep = ","
		switch x := ind.(type) {
		case py.Int:
			// A negative indent is no indent, as in CPython.
			n := max(int(x), 0)
			if err := py.CheckSize(n); err != nil {
				return "", err
			}
			o.indent = strings.Repeat(" ", n)
		case py.String:
			o.indent = string(x)
		default:
			return "", py.ExceptionNewf(py.TypeError, "indent must be int or str")
		}
	}
	if sep, ok := kw["separators"]; ok && sep != py.None {
		t, err := py.SequenceTuple(sep)
		if err != nil || len(t) != 2 {
			return "", py.ExceptionNewf(py.TypeError, "separators must be a (item_separator, key_separator) tuple")
		}
		a, ok1 := t[0].(py.String)
		b, ok2 := t[1].(py.String)
		if !ok1 || !ok2 {
			return "", py.ExceptionNewf(py.TypeError, "separators must be strings")
		}
		o.itemSep, o.keySep = string(a), string(b)
	}
	o.sortKeys = kw["sort_keys"] == py.True
	if ea, ok := kw["ensure_ascii"]; ok {
		o.asciiOnly = ea == py.True
	}
	if d, ok := kw["default"]; ok && d != py.None {
		o.def = d
	}
	var b strings.Builder
	if err := o.write(&b, v, 0); err != nil {
		return "", err
	}
	if err := py.CheckSize(b.Len()); err != nil {
		return "", err
	}
	return b.String(), nil
}

// newline starts a line indented for level. The indent repeated level
// times can be far larger than the indent (at most MaxSize) itself.
func (o *jsonOpts) newline(b *strings.Builder, level int) error {
	if !o.hasIndent {
		return nil
	}
	if err := py.CheckSize(b.Len() + 1 + len(o.indent)*level); err != nil {
		return err
	}
	b.WriteByte('\n')
	for range level {
		b.WriteString(o.indent)
	}
	return nil
}

func (o *jsonOpts) write(b *strings.Builder, v py.Object, level int) error {
	if level > o.depthBudget {
		return py.ExceptionNewf(py.ValueError, "Circular reference detected")
	}
	// Each object is within the size limit, but a list may hold the same
	// large string millions of times: check the output as it grows.
	if err := py.CheckSize(b.Len()); err != nil {
		return err
	}
	switch x := v.(type) {
	case py.NoneType:
		b.WriteString("null")
	case py.Bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case py.Int:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case *py.BigInt:
		s, err := py.StrAsString(x)
		if err != nil {
			return err
		}
		b.WriteString(s)
	case py.Float:
		f := float64(x)
		switch {
		case math.IsNaN(f):
			b.WriteString("NaN")
		case math.IsInf(f, 1):
			b.WriteString("Infinity")
		case math.IsInf(f, -1):
			b.WriteString("-Infinity")
		default:
			b.WriteString(py.FloatRepr(f))
		}
	case py.String:
		return o.writeString(b, string(x))
	case py.Tuple:
		return o.writeList(b, x, level)
	case *py.List:
		return o.writeList(b, x.Items, level)
	case py.StringDict, *py.Dict:
		d, _ := py.AsAnyDict(x)
		order := d.OrderedKeys()
		keys := make([]py.Object, 0, len(order))
		for _, k := range order {
			keys = append(keys, py.String(k))
		}
		return o.writeDict(b, keys, func(i int) py.Object { v, _ := d.Get(string(keys[i].(py.String))); return v }, level)
	case *objDict:
		return o.writeDict(b, x.keys, func(i int) py.Object { return x.vals[i] }, level)
	default:
		if mv, ok := MixinValue(v); ok {
			// A str or int enum member is a str or int in CPython.
			return o.write(b, mv, level+1)
		}
		if o.def != nil {
			r, err := py.Call(o.def, py.Tuple{v}, nil)
			if err != nil {
				return err
			}
			return o.write(b, r, level+1)
		}
		return py.ExceptionNewf(py.TypeError, "Object of type %s is not JSON serializable", typeName(v))
	}
	return nil
}

func (o *jsonOpts) writeList(b *strings.Builder, items []py.Object, level int) error {
	if len(items) == 0 {
		b.WriteString("[]")
		return nil
	}
	b.WriteByte('[')
	for i, it := range items {
		if i > 0 {
			b.WriteString(o.itemSep)
		}
		if err := o.newline(b, level+1); err != nil {
			return err
		}
		if err := o.write(b, it, level+1); err != nil {
			return err
		}
	}
	if err := o.newline(b, level); err != nil {
		return err
	}
	b.WriteByte(']')
	return nil
}

func (o *jsonOpts) writeDict(b *strings.Builder, keys []py.Object, val func(int) py.Object, level int) error {
	if len(keys) == 0 {
		b.WriteString("{}")
		return nil
	}
	type item struct {
		key string
		i   int
	}
	items := make([]item, 0, len(keys))
	for i, k := range keys {
		var ks string
		switch x := k.(type) {
		case py.String:
			ks = string(x)
		case py.Bool:
			ks = "false"
			if x {
				ks = "true"
			}
		case py.Int, py.Float:
			var kb strings.Builder
			if err := o.write(&kb, x, level); err != nil {
				return err
			}
			ks = kb.String()
		case py.NoneType:
			ks = "null"
		default:
			return py.ExceptionNewf(py.TypeError, "keys must be str, int, float, bool or None, not %s", typeName(k))
		}
		items = append(items, item{ks, i})
	}
	if o.sortKeys {
		sort.SliceStable(items, func(a, b int) bool { return items[a].key < items[b].key })
	}
	b.WriteByte('{')
	for n, it := range items {
		if n > 0 {
			b.WriteString(o.itemSep)
		}
		if err := o.newline(b, level+1); err != nil {
			return err
		}
		if err := o.writeString(b, it.key); err != nil {
			return err
		}
		b.WriteString(o.keySep)
		if err := o.write(b, val(it.i), level+1); err != nil {
			return err
		}
	}
	if err := o.newline(b, level); err != nil {
		return err
	}
	b.WriteByte('}')
	return nil
}

// writeString quotes like CPython's json encoder.
func (o *jsonOpts) writeString(b *strings.Builder, s string) error {
	if err := py.CheckSize(b.Len() + len(s) + 2); err != nil {
		return err
	}
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			switch {
			case r < 0x20 || (o.asciiOnly && r > 0x7e):
				if r > 0xffff {
					r -= 0x10000
					b.WriteString(`\u` + hex4(0xd800+(r>>10)) + `\u` + hex4(0xdc00+(r&0x3ff)))
				} else {
					b.WriteString(`\u` + hex4(r))
				}
			default:
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return nil
}

func hex4(r rune) string {
	s := strconv.FormatInt(int64(r), 16)
	return strings.Repeat("0", 4-len(s)) + s
}

// jsonLoads decodes with encoding/json, keeping integers exact.
func jsonLoads(s string) (py.Object, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	v, err := decodeJSON(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, py.ExceptionNewf(py.ValueError, "Extra data")
	}
	return v, nil
}

// maxJSONDepth is the deepest nesting json.loads accepts (as
// encoding/json's own limit).
const maxJSONDepth = 10000

// decodeJSON reads one value from dec. Objects become dicts with their
// keys in the order of the document, as CPython's json.loads gives (a
// key given twice keeps its first place and its last value).
func decodeJSON(dec *json.Decoder, depth int) (py.Object, error) {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, py.ExceptionNewf(py.ValueError, "Expecting value: %s", err.Error())
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return fromGo(tok)
	}
	if depth >= maxJSONDepth {
		return nil, py.ExceptionNewf(py.ValueError, "Expecting value: exceeded max depth")
	}
	switch d {
	case '[':
		l := py.NewList()
		for dec.More() {
			v, err := decodeJSON(dec, depth+1)
			if err != nil {
				return nil, err
			}
			if err := py.CheckItems(len(l.Items) + 1); err != nil {
				return nil, err
			}
			l.Items = append(l.Items, v)
		}
		_, err = dec.Token() // ]
		return l, jsonSyntax(err)
	case '{':
		out := py.NewDict()
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, jsonSyntax(err)
			}
			k, _ := kt.(string)
			if !utf8.ValidString(k) {
				return nil, py.ExceptionNewf(py.ValueError, "invalid utf-8 in JSON string")
			}
			v, err := decodeJSON(dec, depth+1)
			if err != nil {
				return nil, err
			}
			out.Set(k, v)
		}
		_, err = dec.Token() // }
		return out, jsonSyntax(err)
	}
	return nil, py.ExceptionNewf(py.ValueError, "Expecting value: unexpected %q", rune(d))
}

// jsonSyntax turns a decoding error into Python's ValueError.
func jsonSyntax(err error) error {
	if err == nil {
		return nil
	}
	return py.ExceptionNewf(py.ValueError, "Expecting value: %s", err.Error())
}

// fromGo converts a decoded JSON scalar.
func fromGo(v any) (py.Object, error) {
	switch x := v.(type) {
	case nil:
		return py.None, nil
	case bool:
		return py.NewBool(x), nil
	case string:
		if !utf8.ValidString(x) {
			return nil, py.ExceptionNewf(py.ValueError, "invalid utf-8 in JSON string")
		}
		return py.String(x), nil
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return py.Int(i), nil
		}
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return nil, py.ExceptionNewf(py.ValueError, "bad number %s", string(x))
		}
		return py.Float(f), nil
	}
	return nil, py.ExceptionNewf(py.ValueError, "unexpected JSON value")
}
