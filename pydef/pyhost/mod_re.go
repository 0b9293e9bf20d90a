package pyhost

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-python/gpython/py"
)

func init() { stdModules["re"] = buildRe }

// Flag values as in CPython.
const (
	reIgnoreCase = 2
	reMultiline  = 8
	reDotAll     = 16
)

// buildRe is re on top of Go's regexp: RE2 syntax, so backreferences and
// lookaround are not available (re.error says so).
func buildRe(c *hostContext, name string) (*py.Module, error) {
	withPattern := func(fnName string, nargs int, body func(p *rePattern, args py.Tuple, kw py.StringDict) (py.Object, error)) fn {
		return func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			if len(args) < 1 {
				return nil, py.ExceptionNewf(py.TypeError, "%s() missing pattern", fnName)
			}
			flags := 0
			if f, ok := kw["flags"]; ok {
				n, err := py.MakeGoInt(f)
				if err != nil {
					return nil, err
				}
				flags = n
				kw = kw.Copy()
				delete(kw, "flags")
			} else if len(args) > nargs {
				n, err := py.MakeGoInt(args[nargs])
				if err != nil {
					return nil, err
				}
				flags = n
				args = args[:nargs]
			}
			if src, ok := args[0].(py.String); ok {
				// A compiled pattern is three Go regexps of a few KB each:
				// charged to the load's memory budget (fork patch 39).
				if err := c.budget.Alloc(reCompiledBytes + 64*int64(len(src))); err != nil {
					return nil, err
				}
			}
			p, err := compilePattern(args[0], flags)
			if err != nil {
				return nil, err
			}
			return body(p, args[1:], kw)
		}
	}
	method := func(name string) func(p *rePattern, args py.Tuple, kw py.StringDict) (py.Object, error) {
		return func(p *rePattern, args py.Tuple, kw py.StringDict) (py.Object, error) {
			m, _ := p.M__getattribute__(name)
			return py.Call(m, args, kw)
		}
	}
	m, err := c.goModule(name, py.StringDict{
		"I": py.Int(reIgnoreCase), "IGNORECASE": py.Int(reIgnoreCase),
		"M": py.Int(reMultiline), "MULTILINE": py.Int(reMultiline),
		"S": py.Int(reDotAll), "DOTALL": py.Int(reDotAll),
		"A": py.Int(256), "ASCII": py.Int(256), "U": py.Int(32), "UNICODE": py.Int(32),
		"error": py.ValueError,
	}, map[string]fn{
		"compile": withPattern("compile", 1, func(p *rePattern, _ py.Tuple, _ py.StringDict) (py.Object, error) {
			return p, nil
		}),
		"match":     withPattern("match", 2, method("match")),
		"search":    withPattern("search", 2, method("search")),
		"fullmatch": withPattern("fullmatch", 2, method("fullmatch")),
		"findall":   withPattern("findall", 2, method("findall")),
		"finditer":  withPattern("finditer", 2, method("finditer")),
		"split":     withPattern("split", 3, method("split")),
		"sub":       withPattern("sub", 4, method("sub")),
		"subn":      withPattern("subn", 4, method("subn")),
		"escape": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			s, err := strArg(args, 0, "escape")
			if err != nil {
				return nil, err
			}
			var b strings.Builder
			for _, r := range s {
				if r < 0x80 && !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
					b.WriteByte('\\')
				}
				b.WriteRune(r)
			}
			return py.String(b.String()), nil
		},
	})
	if err != nil {
		return nil, err
	}
	// The searches scan their subject, the second argument.
	for _, f := range []string{"match", "search", "fullmatch", "findall", "finditer", "split", "sub", "subn"} {
		m.Globals[f] = scanning(f, 1, m.Globals[f].(*py.Method).M__call__)
	}
	return m, nil
}

// rePattern is a compiled pattern.
type rePattern struct {
	src   string
	flags int
	re    *regexp.Regexp
	// anchored matches at the start only (match); full matches the whole
	// string (fullmatch).
	anchored, full *regexp.Regexp
}

var rePatternType = py.NewType("re.Pattern", "compiled regular expression")

// Type implements py.Object.
func (p *rePattern) Type() *py.Type { return rePatternType }

func compilePattern(o py.Object, flags int) (*rePattern, error) {
	if p, ok := o.(*rePattern); ok {
		return p, nil
	}
	s, ok := o.(py.String)
	if !ok {
		return nil, py.ExceptionNewf(py.TypeError, "first argument must be string or compiled pattern")
	}
	prefix := ""
	if flags&reIgnoreCase != 0 {
		prefix += "i"
	}
	if flags&reMultiline != 0 {
		prefix += "m"
	}
	if flags&reDotAll != 0 {
		prefix += "s"
	}
	if prefix != "" {
		prefix = "(?" + prefix + ")"
	}
	expr := prefix + string(s)
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, py.ExceptionNewf(py.ValueError, "re.error: %s (patterns use RE2 syntax: no backreferences or lookaround)", err.Error())
	}
	return &rePattern{
		src: string(s), flags: flags, re: re,
		anchored: regexp.MustCompile(prefix + `^(?:` + string(s) + `)`),
		full:     regexp.MustCompile(prefix + `^(?:` + string(s) + `)$`),
	}, nil
}

// M__getattribute__ serves the pattern methods.
func (p *rePattern) M__getattribute__(name string) (py.Object, error) {
	str := func(args py.Tuple) (string, error) { return strArg(args, 0, name) }
	switch name {
	case "pattern":
		return py.String(p.src), nil
	case "flags":
		return py.Int(p.flags), nil
	case "groups":
		return py.Int(p.re.NumSubexp()), nil
	case "match", "search", "fullmatch":
		re := map[string]*regexp.Regexp{"match": p.anchored, "search": p.re, "fullmatch": p.full}[name]
		return scanning(name, 0, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			s, err := str(args)
			if err != nil {
				return nil, err
			}
			loc := re.FindStringSubmatchIndex(s)
			if loc == nil {
				return py.None, nil
			}
			return &reMatch{p: p, s: s, loc: loc}, nil
		}), nil
	case "findall":
		return scanning(name, 0, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			s, err := str(args)
			if err != nil {
				return nil, err
			}
			locs, err := p.findAll(s, -1)
			if err != nil {
				return nil, err
			}
			out := py.NewList()
			for _, loc := range locs {
				m := &reMatch{p: p, s: s, loc: loc}
				switch n := p.re.NumSubexp(); n {
				case 0:
					out.Append(m.group(0))
				case 1:
					out.Append(m.groupOr(1, py.String("")))
				default:
					t := make(py.Tuple, n)
					for i := range t {
						t[i] = m.groupOr(i+1, py.String(""))
					}
					out.Append(t)
				}
			}
			return out, nil
		}), nil
	case "finditer":
		return scanning(name, 0, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			s, err := str(args)
			if err != nil {
				return nil, err
			}
			locs, err := p.findAll(s, -1)
			if err != nil {
				return nil, err
			}
			var out py.Tuple
			for _, loc := range locs {
				out = append(out, &reMatch{p: p, s: s, loc: loc})
			}
			return py.NewIterator(out), nil
		}), nil
	case "split":
		return scanning(name, 0, func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			s, err := str(args)
			if err != nil {
				return nil, err
			}
			max := -1
			if len(args) > 1 {
				if max, err = py.MakeGoInt(args[1]); err != nil {
					return nil, err
				}
				if max == 0 {
					max = -1
				}
			}
			locs, err := p.findAll(s, max)
			if err != nil {
				return nil, err
			}
			out := py.NewList()
			last := 0
			for _, loc := range locs {
				out.Append(py.String(s[last:loc[0]]))
				m := &reMatch{p: p, s: s, loc: loc}
				for g := 1; g <= p.re.NumSubexp(); g++ {
					out.Append(m.group(g))
				}
				last = loc[1]
			}
			out.Append(py.String(s[last:]))
			return out, nil
		}), nil
	case "sub", "subn":
		return scanning(name, 0, func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			if len(args) < 2 {
				return nil, py.ExceptionNewf(py.TypeError, "%s() needs repl and string", name)
			}
			s, err := strArg(args, 1, name)
			if err != nil {
				return nil, err
			}
			count := 0
			if len(args) > 2 {
				if count, err = py.MakeGoInt(args[2]); err != nil {
					return nil, err
				}
			} else if v, ok := kw["count"]; ok {
				if count, err = py.MakeGoInt(v); err != nil {
					return nil, err
				}
			}
			if count <= 0 {
				count = -1
			}
			locs, err := p.findAll(s, count)
			if err != nil {
				return nil, err
			}
			var b strings.Builder
			last, n := 0, 0
			for _, loc := range locs {
				b.WriteString(s[last:loc[0]])
				m := &reMatch{p: p, s: s, loc: loc}
				if tmpl, ok := args[0].(py.String); ok {
					r, err := m.expand(string(tmpl))
					if err != nil {
						return nil, err
					}
					b.WriteString(r)
				} else {
					r, err := py.Call(args[0], py.Tuple{m}, nil)
					if err != nil {
						return nil, err
					}
					rs, ok := r.(py.String)
					if !ok {
						return nil, py.ExceptionNewf(py.TypeError, "expected str instance, %s found", typeName(r))
					}
					b.WriteString(string(rs))
				}
				last = loc[1]
				n++
				// Every match may add the whole replacement.
				if err := py.CheckSize(b.Len()); err != nil {
					return nil, err
				}
			}
			if err := py.CheckSize(b.Len() + len(s) - last); err != nil {
				return nil, err
			}
			b.WriteString(s[last:])
			if name == "subn" {
				return py.Tuple{py.String(b.String()), py.Int(n)}, nil
			}
			return py.String(b.String()), nil
		}), nil
	}
	return nil, py.ExceptionNewf(py.AttributeError, "'re.Pattern' object has no attribute '%s'", name)
}

// findAll returns the positions of the first n matches in s (all when n
// < 0). Each costs a slice, so there may be no more matches than items
// in the largest container: an empty pattern matches at every position
// of a long string, and the positions alone would take gigabytes.
func (p *rePattern) findAll(s string, n int) ([][]int, error) {
	limit := py.MaxSize() / py.ItemSize
	if n < 0 || n > limit {
		n = limit + 1
	}
	locs := p.re.FindAllStringSubmatchIndex(s, n)
	if len(locs) > limit {
		return nil, py.CheckItems(len(locs))
	}
	return locs, nil
}

// M__repr__ prints re.compile('...').
func (p *rePattern) M__repr__() (py.Object, error) {
	r, _ := py.ReprAsString(py.String(p.src))
	return py.String("re.compile(" + r + ")"), nil
}

// reMatch is a match object; loc holds byte offsets from Go.
type reMatch struct {
	p   *rePattern
	s   string
	loc []int
}

var reMatchType = py.NewType("re.Match", "match object")

// Type implements py.Object.
func (m *reMatch) Type() *py.Type { return reMatchType }

func (m *reMatch) index(o py.Object) (int, error) {
	if s, ok := o.(py.String); ok {
		i := m.p.re.SubexpIndex(string(s))
		if i < 0 {
			return 0, py.ExceptionNewf(py.IndexError, "no such group")
		}
		return i, nil
	}
	i, err := py.MakeGoInt(o)
	if err != nil || i < 0 || i > m.p.re.NumSubexp() {
		return 0, py.ExceptionNewf(py.IndexError, "no such group")
	}
	return i, nil
}

func (m *reMatch) groupOr(i int, def py.Object) py.Object {
	if m.loc[2*i] < 0 {
		return def
	}
	return py.String(m.s[m.loc[2*i]:m.loc[2*i+1]])
}

func (m *reMatch) group(i int) py.Object { return m.groupOr(i, py.None) }

// pos converts a byte offset into a code point index.
func (m *reMatch) pos(b int) py.Object {
	if b < 0 {
		return py.Int(-1)
	}
	return py.Int(utf8.RuneCountInString(m.s[:b]))
}

// writeGroup appends group idx to b: a template repeating \0 can
// multiply the size of a large match.
func (m *reMatch) writeGroup(b *strings.Builder, idx int) error {
	v, ok := m.group(idx).(py.String)
	if !ok {
		return nil
	}
	if err := py.CheckSize(b.Len() + len(v)); err != nil {
		return err
	}
	b.WriteString(string(v))
	return nil
}

// expand substitutes \1, \g<1> and \g<name> in a replacement template.
func (m *reMatch) expand(tmpl string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(tmpl); i++ {
		ch := tmpl[i]
		if ch != '\\' || i+1 == len(tmpl) {
			b.WriteByte(ch)
			continue
		}
		i++
		switch n := tmpl[i]; {
		case n >= '0' && n <= '9':
			j := i
			for j < len(tmpl) && j < i+2 && tmpl[j] >= '0' && tmpl[j] <= '9' {
				j++
			}
			g, _ := strconv.Atoi(tmpl[i:j])
			idx, err := m.index(py.Int(g))
			if err != nil {
				return "", py.ExceptionNewf(py.ValueError, "invalid group reference %d", g)
			}
			if err := m.writeGroup(&b, idx); err != nil {
				return "", err
			}
			i = j - 1
		case n == 'g' && i+1 < len(tmpl) && tmpl[i+1] == '<':
			end := strings.IndexByte(tmpl[i:], '>')
			if end < 0 {
				return "", py.ExceptionNewf(py.ValueError, "missing >, unterminated name")
			}
			ref := tmpl[i+2 : i+end]
			var key py.Object = py.String(ref)
			if g, err := strconv.Atoi(ref); err == nil {
				key = py.Int(g)
			}
			idx, err := m.index(key)
			if err != nil {
				return "", py.ExceptionNewf(py.ValueError, "unknown group name '%s'", ref)
			}
			if err := m.writeGroup(&b, idx); err != nil {
				return "", err
			}
			i += end
		case n == 'n':
			b.WriteByte('\n')
		case n == 't':
			b.WriteByte('\t')
		case n == '\\':
			b.WriteByte('\\')
		default:
			b.WriteByte('\\')
			b.WriteByte(n)
		}
	}
	return b.String(), nil
}

// M__getattribute__ serves the match methods.
func (m *reMatch) M__getattribute__(name string) (py.Object, error) {
	groupArg := func(args py.Tuple) (int, error) {
		if len(args) == 0 {
			return 0, nil
		}
		return m.index(args[0])
	}
	switch name {
	case "string":
		return py.String(m.s), nil
	case "re":
		return m.p, nil
	case "lastindex":
		for i := m.p.re.NumSubexp(); i > 0; i-- {
			if m.loc[2*i] >= 0 {
				return py.Int(i), nil
			}
		}
		return py.None, nil
	case "group":
		return newMethod(name, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			if len(args) <= 1 {
				i, err := groupArg(args)
				if err != nil {
					return nil, err
				}
				return m.group(i), nil
			}
			out := make(py.Tuple, len(args))
			for k, a := range args {
				i, err := m.index(a)
				if err != nil {
					return nil, err
				}
				out[k] = m.group(i)
			}
			return out, nil
		}), nil
	case "groups":
		return newMethod(name, func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			var def py.Object = py.None
			if len(args) > 0 {
				def = args[0]
			} else if d, ok := kw["default"]; ok {
				def = d
			}
			out := make(py.Tuple, m.p.re.NumSubexp())
			for i := range out {
				out[i] = m.groupOr(i+1, def)
			}
			return out, nil
		}), nil
	case "groupdict":
		return newMethod(name, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			var def py.Object = py.None
			if len(args) > 0 {
				def = args[0]
			}
			out := py.NewDict() // in the order of the groups, as CPython
			for i, n := range m.p.re.SubexpNames() {
				if n != "" {
					out.Set(n, m.groupOr(i, def))
				}
			}
			return out, nil
		}), nil
	case "start", "end", "span":
		return newMethod(name, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			i, err := groupArg(args)
			if err != nil {
				return nil, err
			}
			start, end := m.pos(m.loc[2*i]), m.pos(m.loc[2*i+1])
			switch name {
			case "start":
				return start, nil
			case "end":
				return end, nil
			}
			return py.Tuple{start, end}, nil
		}), nil
	case "expand":
		return newMethod(name, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			t, err := strArg(args, 0, "expand")
			if err != nil {
				return nil, err
			}
			s, err := m.expand(t)
			return py.String(s), err
		}), nil
	}
	return nil, py.ExceptionNewf(py.AttributeError, "'re.Match' object has no attribute '%s'", name)
}

// M__getitem__ is m[g].
func (m *reMatch) M__getitem__(key py.Object) (py.Object, error) {
	i, err := m.index(key)
	if err != nil {
		return nil, err
	}
	return m.group(i), nil
}

// M__bool__ makes a match true.
func (m *reMatch) M__bool__() (py.Object, error) { return py.True, nil }

// M__repr__ prints like CPython.
func (m *reMatch) M__repr__() (py.Object, error) {
	r, _ := py.ReprAsString(m.group(0))
	return py.String("<re.Match object; span=(" + strconv.Itoa(int(m.pos(m.loc[0]).(py.Int))) + ", " +
		strconv.Itoa(int(m.pos(m.loc[1]).(py.Int))) + "), match=" + r + ">"), nil
}

// reCompiledBytes is about what compiling a short pattern takes: 100,000
// patterns kept took 777 MB.
const reCompiledBytes = 8 << 10

// reBytesPerStep is how many bytes of its subject a regular expression
// scans per step of the budget: a loop of searches over a 60 MB string
// must end with the budget, as the fork's own str scans do (patch 34).
const reBytesPerStep = 2

// scanning is a search over the str argument at index subject, charged
// to the caller's budget for its bytes before it runs.
func scanning(name string, subject int, fn fn) *py.Method {
	return py.MustNewMethod(name, py.PyCFunctionBudget(func(b *py.Budget, args py.Tuple, kw py.StringDict) (py.Object, error) {
		if subject < len(args) {
			if s, ok := args[subject].(py.String); ok {
				if err := b.StepN(int64(len(s)) / reBytesPerStep); err != nil {
					return nil, err
				}
			}
		}
		return fn(args, kw)
	}), py.METH_STATIC, "")
}
