package pyhost

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-python/gpython/py"
)

// method is a builtin-type method body: self already checked.
type method[T py.Object] func(self T, args py.Tuple, kw py.StringDict) (py.Object, error)

// addMethod installs a method on a builtin type unless the type already has
// one (the vendored gpython may implement it). It accepts both the bound
// call "x".upper() and the unbound str.upper("x").
func addMethod[T py.Object](t *py.Type, name string, f method[T]) {
	if _, ok := t.Dict[name]; ok {
		return
	}
	t.Dict[name] = py.MustNewMethod(name, func(self py.Object, args py.Tuple, kw py.StringDict) (py.Object, error) {
		s, ok := self.(T)
		if !ok && len(args) > 0 {
			if s, ok = args[0].(T); ok {
				args = args[1:]
			}
		}
		if !ok {
			return nil, py.ExceptionNewf(py.TypeError, "descriptor '%s' requires a '%s' object", name, t.Name)
		}
		return f(s, args, kw)
	}, 0, "")
}

// fixUnbound makes gpython's own methods of t callable through the class
// with the instance first, as CPython's method descriptors are
// (str.join(sep, items), set.union(a, b), map(str.ljust, names, widths)):
// gpython calls a method read from its class with a nil receiver, so
// they raised TypeError or failed inside gpython. It runs before the
// patches, whose methods (addMethod) handle both calls already; special
// methods are left alone.
func fixUnbound(t *py.Type) {
	for name, v := range t.Dict {
		m, ok := v.(*py.Method)
		if !ok || strings.HasPrefix(name, "__") {
			continue
		}
		t.Dict[name] = py.MustNewMethod(name, func(self py.Object, args py.Tuple, kw py.StringDict) (py.Object, error) {
			if !isInstanceOf(self, t) && len(args) > 0 && isInstanceOf(args[0], t) {
				self, args = args[0], args[1:]
			}
			return m.CallWithKeywords(self, args, kw)
		}, 0, m.Doc)
	}
}

// isInstanceOf reports whether o is a t. The receiver of an unbound call
// is a nil *py.Module, whose Type does not dereference it.
func isInstanceOf(o py.Object, t *py.Type) bool {
	return o != nil && isSubclass(o.Type(), t)
}

// optIndex reads an optional start/end index argument.
func optIndex(args py.Tuple, i int, def int) (int, error) {
	if len(args) <= i || args[i] == py.None {
		return def, nil
	}
	return py.IndexInt(args[i])
}

// clampRange normalises Python slice bounds for a length n.
func clampRange(start, end, n int) (int, int) {
	if start < 0 {
		start += n
		if start < 0 {
			start = 0
		}
	}
	if end < 0 {
		end += n
		if end < 0 {
			end = 0
		}
	}
	if end > n {
		end = n
	}
	if start > n {
		start = n
	}
	return start, end
}

// equal is == as a Go bool.
func equal(a, b py.Object) (bool, error) {
	if same(a, b) {
		return true, nil
	}
	r, err := py.Eq(a, b)
	if err != nil {
		return false, err
	}
	return r == py.True, nil
}

// patchListTuple adds the missing list and tuple methods.
func patchListTuple() {
	addMethod(py.ListType, "pop", func(l *py.List, args py.Tuple, kw py.StringDict) (py.Object, error) {
		if len(l.Items) == 0 {
			return nil, py.ExceptionNewf(py.IndexError, "pop from empty list")
		}
		i := len(l.Items) - 1
		if len(args) > 0 {
			var err error
			if i, err = py.IndexIntCheck(args[0], len(l.Items)); err != nil {
				return nil, py.ExceptionNewf(py.IndexError, "pop index out of range")
			}
		}
		v := l.Items[i]
		l.Items = append(l.Items[:i], l.Items[i+1:]...)
		return v, nil
	})
	addMethod(py.ListType, "insert", func(l *py.List, args py.Tuple, kw py.StringDict) (py.Object, error) {
		if len(args) != 2 {
			return nil, py.ExceptionNewf(py.TypeError, "insert expected 2 arguments, got %d", len(args))
		}
		i, err := py.IndexInt(args[0])
		if err != nil {
			return nil, err
		}
		i, _ = clampRange(i, 0, len(l.Items))
		l.Items = append(l.Items, nil)
		copy(l.Items[i+1:], l.Items[i:])
		l.Items[i] = args[1]
		return py.None, nil
	})
	find := func(items []py.Object, args py.Tuple, what string) (int, error) {
		if len(args) < 1 {
			return -1, py.ExceptionNewf(py.TypeError, "%s() takes at least 1 argument", what)
		}
		start, err := optIndex(args, 1, 0)
		if err != nil {
			return -1, err
		}
		end, err := optIndex(args, 2, len(items))
		if err != nil {
			return -1, err
		}
		start, end = clampRange(start, end, len(items))
		for i := start; i < end; i++ {
			eq, err := equal(items[i], args[0])
			if err != nil {
				return -1, err
			}
			if eq {
				return i, nil
			}
		}
		return -1, nil
	}
	count := func(items []py.Object, args py.Tuple) (py.Object, error) {
		if len(args) != 1 {
			return nil, py.ExceptionNewf(py.TypeError, "count() takes exactly one argument")
		}
		n := 0
		for _, it := range items {
			eq, err := equal(it, args[0])
			if err != nil {
				return nil, err
			}
			if eq {
				n++
			}
		}
		return py.Int(n), nil
	}
	addMethod(py.ListType, "remove", func(l *py.List, args py.Tuple, kw py.StringDict) (py.Object, error) {
		i, err := find(l.Items, args, "remove")
		if err != nil {
			return nil, err
		}
		if i < 0 {
			return nil, py.ExceptionNewf(py.ValueError, "list.remove(x): x not in list")
		}
		l.Items = append(l.Items[:i], l.Items[i+1:]...)
		return py.None, nil
	})
	addMethod(py.ListType, "index", func(l *py.List, args py.Tuple, kw py.StringDict) (py.Object, error) {
		i, err := find(l.Items, args, "index")
		if err != nil {
			return nil, err
		}
		if i < 0 {
			return nil, py.ExceptionNewf(py.ValueError, "%s is not in list", reprOr(args[0]))
		}
		return py.Int(i), nil
	})
	addMethod(py.ListType, "count", func(l *py.List, args py.Tuple, kw py.StringDict) (py.Object, error) {
		return count(l.Items, args)
	})
	addMethod(py.ListType, "reverse", func(l *py.List, args py.Tuple, kw py.StringDict) (py.Object, error) {
		for i, j := 0, len(l.Items)-1; i < j; i, j = i+1, j-1 {
			l.Items[i], l.Items[j] = l.Items[j], l.Items[i]
		}
		return py.None, nil
	})
	addMethod(py.ListType, "copy", func(l *py.List, args py.Tuple, kw py.StringDict) (py.Object, error) {
		return l.Copy(), nil
	})
	addMethod(py.ListType, "clear", func(l *py.List, args py.Tuple, kw py.StringDict) (py.Object, error) {
		l.Items = l.Items[:0]
		return py.None, nil
	})
	addMethod(py.TupleType, "index", func(t py.Tuple, args py.Tuple, kw py.StringDict) (py.Object, error) {
		i, err := find(t, args, "index")
		if err != nil {
			return nil, err
		}
		if i < 0 {
			return nil, py.ExceptionNewf(py.ValueError, "tuple.index(x): x not in tuple")
		}
		return py.Int(i), nil
	})
	addMethod(py.TupleType, "count", func(t py.Tuple, args py.Tuple, kw py.StringDict) (py.Object, error) {
		return count(t, args)
	})
}

// patchDict adds the missing dict methods.
func patchDict() {
	addMethod(py.StringDictType, "pop", func(d py.StringDict, args py.Tuple, kw py.StringDict) (py.Object, error) {
		if len(args) < 1 || len(args) > 2 {
			return nil, py.ExceptionNewf(py.TypeError, "pop expected 1 or 2 arguments")
		}
		k, ok := args[0].(py.String)
		if ok {
			if v, found := d[string(k)]; found {
				delete(d, string(k))
				return v, nil
			}
		}
		if len(args) == 2 {
			return args[1], nil
		}
		return nil, py.ExceptionNewf(py.KeyError, "%s", reprOr(args[0]))
	})
	addMethod(py.StringDictType, "popitem", func(d py.StringDict, args py.Tuple, kw py.StringDict) (py.Object, error) {
		keys := sortedKeys(d)
		if len(keys) == 0 {
			return nil, py.ExceptionNewf(py.KeyError, "popitem(): dictionary is empty")
		}
		k := keys[len(keys)-1]
		v := d[k]
		delete(d, k)
		return py.Tuple{py.String(k), v}, nil
	})
	addMethod(py.StringDictType, "update", func(d py.StringDict, args py.Tuple, kw py.StringDict) (py.Object, error) {
		od := newObjDict()
		for _, a := range args {
			if err := mergeInto(od, a); err != nil {
				return nil, err
			}
		}
		for i, k := range od.keys {
			s, ok := k.(py.String)
			if !ok {
				return nil, py.ExceptionNewf(py.TypeError, "dict keys must be str here, got %s (use a dict display with this key instead)", typeName(k))
			}
			d[string(s)] = od.vals[i]
		}
		for k, v := range kw {
			d[k] = v
		}
		return py.None, nil
	})
	addMethod(py.StringDictType, "copy", func(d py.StringDict, args py.Tuple, kw py.StringDict) (py.Object, error) {
		return d.Copy(), nil
	})
	addMethod(py.StringDictType, "clear", func(d py.StringDict, args py.Tuple, kw py.StringDict) (py.Object, error) {
		for k := range d {
			delete(d, k)
		}
		return py.None, nil
	})
	addMethod(py.StringDictType, "setdefault", func(d py.StringDict, args py.Tuple, kw py.StringDict) (py.Object, error) {
		if len(args) < 1 || len(args) > 2 {
			return nil, py.ExceptionNewf(py.TypeError, "setdefault expected 1 or 2 arguments")
		}
		k, ok := args[0].(py.String)
		if !ok {
			return nil, py.ExceptionNewf(py.TypeError, "dict keys must be str here, got %s", typeName(args[0]))
		}
		if v, found := d[string(k)]; found {
			return v, nil
		}
		var def py.Object = py.None
		if len(args) == 2 {
			def = args[1]
		}
		d[string(k)] = def
		return def, nil
	})
	// fromkeys is called on the class (dict.fromkeys(keys, v)), so it
	// cannot use addMethod's self handling.
	if _, ok := py.StringDictType.Dict["fromkeys"]; !ok {
		py.StringDictType.Dict["fromkeys"] = py.MustNewMethod("fromkeys", func(self py.Object, args py.Tuple) (py.Object, error) {
			if _, isDict := self.(py.StringDict); !isDict && len(args) > 0 {
				if _, isCls := asClass(args[0]); isCls {
					args = args[1:]
				}
			}
			if len(args) < 1 || len(args) > 2 {
				return nil, py.ExceptionNewf(py.TypeError, "fromkeys expected 1 or 2 arguments")
			}
			var v py.Object = py.None
			if len(args) == 2 {
				v = args[1]
			}
			if err := checkRange(args[0], 0); err != nil {
				return nil, err
			}
			d := newObjDict()
			var setErr error
			err := py.Iterate(args[0], func(k py.Object) bool {
				setErr = d.set(k, v)
				return setErr != nil
			})
			if err != nil {
				return nil, err
			}
			if setErr != nil {
				return nil, setErr
			}
			if p, ok := d.plain(); ok {
				return p, nil
			}
			return d, nil
		}, 0, "")
	}
}

// strArg reads argument i as a str.
func strArg(args py.Tuple, i int, fn string) (string, error) {
	if len(args) <= i {
		return "", py.ExceptionNewf(py.TypeError, "%s() missing argument %d", fn, i+1)
	}
	s, ok := args[i].(py.String)
	if !ok {
		return "", py.ExceptionNewf(py.TypeError, "%s() argument must be str, not %s", fn, typeName(args[i]))
	}
	return string(s), nil
}

// strPred builds an is*() method: true when s is non-empty and every rune
// satisfies ok.
func strPred(ok func(rune) bool) method[py.String] {
	return func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		if len(s) == 0 {
			return py.False, nil
		}
		for _, r := range string(s) {
			if !ok(r) {
				return py.False, nil
			}
		}
		return py.True, nil
	}
}

// strMap builds a method that maps the whole string.
func strMap(f func(string) string) method[py.String] {
	return func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		return py.String(f(string(s))), nil
	}
}

// strSearch builds count/index/rindex/rfind/find over substrings.
func strSearch(name string) method[py.String] {
	return func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		sub, err := strArg(args, 0, name)
		if err != nil {
			return nil, err
		}
		rs := []rune(string(s))
		start, err := optIndex(args, 1, 0)
		if err != nil {
			return nil, err
		}
		end, err := optIndex(args, 2, len(rs))
		if err != nil {
			return nil, err
		}
		start, end = clampRange(start, end, len(rs))
		if start > end {
			start = end
		}
		hay := string(rs[start:end])
		byteToRune := func(b int) int { return start + utf8.RuneCountInString(hay[:b]) }
		switch name {
		case "count":
			if sub == "" {
				return py.Int(utf8.RuneCountInString(hay) + 1), nil
			}
			return py.Int(strings.Count(hay, sub)), nil
		case "find", "index":
			i := strings.Index(hay, sub)
			if i < 0 {
				if name == "index" {
					return nil, py.ExceptionNewf(py.ValueError, "substring not found")
				}
				return py.Int(-1), nil
			}
			return py.Int(byteToRune(i)), nil
		default: // rfind, rindex
			i := strings.LastIndex(hay, sub)
			if i < 0 {
				if name == "rindex" {
					return nil, py.ExceptionNewf(py.ValueError, "substring not found")
				}
				return py.Int(-1), nil
			}
			return py.Int(byteToRune(i)), nil
		}
	}
}

// patchStr adds the missing str methods.
func patchStr() {
	t := py.StringType
	addMethod(t, "isalnum", strPred(func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }))
	addMethod(t, "isalpha", strPred(unicode.IsLetter))
	addMethod(t, "isdigit", strPred(unicode.IsDigit))
	addMethod(t, "isdecimal", strPred(unicode.IsDigit))
	addMethod(t, "isnumeric", strPred(unicode.IsNumber))
	addMethod(t, "isspace", strPred(unicode.IsSpace))
	addMethod(t, "isupper", func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		cased := false
		for _, r := range string(s) {
			if unicode.IsLower(r) {
				return py.False, nil
			}
			cased = cased || unicode.IsUpper(r)
		}
		return py.NewBool(cased), nil
	})
	addMethod(t, "islower", func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		cased := false
		for _, r := range string(s) {
			if unicode.IsUpper(r) {
				return py.False, nil
			}
			cased = cased || unicode.IsLower(r)
		}
		return py.NewBool(cased), nil
	})
	addMethod(t, "isidentifier", func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		for i, r := range string(s) {
			if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
				return py.False, nil
			}
		}
		return py.NewBool(len(s) > 0), nil
	})
	addMethod(t, "lower", strMap(strings.ToLower))
	addMethod(t, "upper", strMap(strings.ToUpper))
	addMethod(t, "casefold", strMap(strings.ToLower))
	addMethod(t, "swapcase", strMap(func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsUpper(r) {
				return unicode.ToLower(r)
			}
			return unicode.ToUpper(r)
		}, s)
	}))
	addMethod(t, "capitalize", strMap(func(s string) string {
		if s == "" {
			return s
		}
		r, n := utf8.DecodeRuneInString(s)
		return string(unicode.ToUpper(r)) + strings.ToLower(s[n:])
	}))
	addMethod(t, "title", strMap(func(s string) string {
		prevCased := false
		return strings.Map(func(r rune) rune {
			out := r
			if prevCased {
				out = unicode.ToLower(r)
			} else {
				out = unicode.ToTitle(r)
			}
			prevCased = unicode.IsLetter(r)
			return out
		}, s)
	}))
	for _, n := range []string{"count", "index", "rindex", "rfind"} {
		addMethod(t, n, strSearch(n))
	}
	part := func(name string, last bool) method[py.String] {
		return func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
			sep, err := strArg(args, 0, name)
			if err != nil {
				return nil, err
			}
			if sep == "" {
				return nil, py.ExceptionNewf(py.ValueError, "empty separator")
			}
			str := string(s)
			i := strings.Index(str, sep)
			if last {
				i = strings.LastIndex(str, sep)
			}
			if i < 0 {
				if last {
					return py.Tuple{py.String(""), py.String(""), s}, nil
				}
				return py.Tuple{s, py.String(""), py.String("")}, nil
			}
			return py.Tuple{py.String(str[:i]), py.String(sep), py.String(str[i+len(sep):])}, nil
		}
	}
	addMethod(t, "partition", part("partition", false))
	addMethod(t, "rpartition", part("rpartition", true))
	addMethod(t, "splitlines", func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		keep := false
		if len(args) > 0 {
			keep = args[0] == py.True
		}
		if v, ok := kw["keepends"]; ok {
			keep = v == py.True
		}
		out := py.NewList()
		str := string(s)
		for str != "" {
			i := strings.IndexAny(str, "\n\r")
			if i < 0 {
				out.Append(py.String(str))
				break
			}
			end := i + 1
			if str[i] == '\r' && end < len(str) && str[end] == '\n' {
				end++
			}
			if keep {
				out.Append(py.String(str[:end]))
			} else {
				out.Append(py.String(str[:i]))
			}
			str = str[end:]
		}
		return out, nil
	})
	addMethod(t, "expandtabs", func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		size := 8
		if len(args) > 0 {
			n, err := py.IndexInt(args[0])
			if err != nil {
				return nil, err
			}
			size = n
		}
		var b strings.Builder
		col := 0
		for _, r := range string(s) {
			switch r {
			case '\t':
				if size > 0 {
					n := size - col%size
					// The tab size is the caller's: '\t'.expandtabs(10**10).
					if n > py.MaxSize() {
						return nil, py.CheckSize(n)
					}
					if err := py.CheckSize(b.Len() + n); err != nil {
						return nil, err
					}
					b.WriteString(strings.Repeat(" ", n))
					col += n
				}
			case '\n', '\r':
				b.WriteRune(r)
				col = 0
			default:
				b.WriteRune(r)
				col++
			}
		}
		return py.String(b.String()), nil
	})
	addMethod(t, "removeprefix", func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		p, err := strArg(args, 0, "removeprefix")
		return py.String(strings.TrimPrefix(string(s), p)), err
	})
	addMethod(t, "removesuffix", func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		p, err := strArg(args, 0, "removesuffix")
		return py.String(strings.TrimSuffix(string(s), p)), err
	})
	addMethod(t, "rsplit", func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		var sep, maxObj py.Object = py.None, py.Int(-1)
		if err := py.ParseTupleAndKeywords(args, kw, "|OO:rsplit", []string{"sep", "maxsplit"}, &sep, &maxObj); err != nil {
			return nil, err
		}
		max, err := py.IndexInt(maxObj)
		if err != nil {
			return nil, err
		}
		var parts []string
		str := string(s)
		if sep == py.None {
			parts = strings.Fields(str)
			if max >= 0 && len(parts) > max+1 {
				cut := len(parts) - max
				head := strings.TrimRightFunc(str, unicode.IsSpace)
				for i := 0; i < max; i++ {
					head = strings.TrimRightFunc(head, unicode.IsSpace)
					j := strings.LastIndexFunc(head, unicode.IsSpace)
					head = head[:j+1]
				}
				parts = append([]string{strings.TrimSpace(head)}, parts[cut:]...)
			}
		} else {
			sp, ok := sep.(py.String)
			if !ok || sp == "" {
				return nil, py.ExceptionNewf(py.ValueError, "empty separator")
			}
			parts = strings.Split(str, string(sp))
			if max >= 0 && len(parts) > max+1 {
				cut := len(parts) - max
				parts = append([]string{strings.Join(parts[:cut], string(sp))}, parts[cut:]...)
			}
		}
		return py.NewListFromStrings(parts), nil
	})
	addMethod(t, "format", func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		out, err := strFormat(string(s), args, kw)
		return py.String(out), err
	})
	addMethod(t, "format_map", func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		if len(args) != 1 {
			return nil, py.ExceptionNewf(py.TypeError, "format_map() takes exactly one argument")
		}
		m, ok := args[0].(py.StringDict)
		if !ok {
			return nil, py.ExceptionNewf(py.TypeError, "format_map() argument must be a dict")
		}
		out, err := strFormat(string(s), nil, m)
		return py.String(out), err
	})
	addMethod(t, "encode", func(s py.String, args py.Tuple, kw py.StringDict) (py.Object, error) {
		return py.Bytes(string(s)), nil
	})
}
