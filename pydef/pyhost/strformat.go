package pyhost

import (
	"strconv"
	"strings"

	"github.com/go-python/gpython/py"
)

// strFormat implements str.format: positional ({} and {0}), named ({x}),
// attribute and index access ({0.name}, {d[key]}, {l[0]}), conversions and
// format specs with nested fields ({x:{w}}).
func strFormat(tmpl string, args py.Tuple, kwargs py.StringDict) (string, error) {
	auto := 0
	return formatTemplate(tmpl, args, kwargs, &auto, 2)
}

func formatTemplate(tmpl string, args py.Tuple, kwargs py.StringDict, auto *int, depth int) (string, error) {
	var b strings.Builder
	for i := 0; i < len(tmpl); {
		c := tmpl[i]
		switch {
		case c == '{' && i+1 < len(tmpl) && tmpl[i+1] == '{':
			b.WriteByte('{')
			i += 2
		case c == '}' && i+1 < len(tmpl) && tmpl[i+1] == '}':
			b.WriteByte('}')
			i += 2
		case c == '}':
			return "", py.ExceptionNewf(py.ValueError, "Single '}' encountered in format string")
		case c == '{':
			end, err := fieldEnd(tmpl, i)
			if err != nil {
				return "", err
			}
			s, err := formatOne(tmpl[i+1:end], args, kwargs, auto, depth)
			if err != nil {
				return "", err
			}
			// Each field is checked on its own; together they could
			// still be too large.
			if err := py.CheckSize(b.Len() + len(s)); err != nil {
				return "", err
			}
			b.WriteString(s)
			i = end + 1
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}

// fieldEnd finds the '}' closing the field opened at start, allowing
// nested fields in the spec and brackets in the field name.
func fieldEnd(tmpl string, start int) (int, error) {
	depth := 0
	inBracket := false
	for j := start + 1; j < len(tmpl); j++ {
		switch tmpl[j] {
		case '[':
			inBracket = true
		case ']':
			inBracket = false
		case '{':
			if !inBracket {
				depth++
			}
		case '}':
			if inBracket {
				continue
			}
			if depth == 0 {
				return j, nil
			}
			depth--
		}
	}
	return 0, py.ExceptionNewf(py.ValueError, "Single '{' encountered in format string")
}

// formatOne renders one field: name[!conv][:spec].
func formatOne(field string, args py.Tuple, kwargs py.StringDict, auto *int, depth int) (string, error) {
	name, conv, spec := field, "", ""
	// The name ends at the first '!' or ':' outside brackets.
	inBracket := false
	for j := 0; j < len(field); j++ {
		ch := field[j]
		if ch == '[' {
			inBracket = true
		} else if ch == ']' {
			inBracket = false
		} else if !inBracket && (ch == '!' || ch == ':') {
			name = field[:j]
			rest := field[j:]
			if ch == '!' {
				if len(rest) < 2 {
					return "", py.ExceptionNewf(py.ValueError, "end of string while looking for conversion specifier")
				}
				conv = rest[1:2]
				rest = rest[2:]
				if rest != "" && rest[0] != ':' {
					return "", py.ExceptionNewf(py.ValueError, "expected ':' after conversion specifier")
				}
			}
			if rest != "" {
				spec = rest[1:]
			}
			break
		}
	}
	// The value comes first: '{:{}}'.format(x, spec) numbers x before
	// the nested field.
	v, err := fieldValue(name, args, kwargs, auto)
	if err != nil {
		return "", err
	}
	if strings.Contains(spec, "{") {
		if depth == 0 {
			return "", py.ExceptionNewf(py.ValueError, "Max string recursion exceeded")
		}
		if spec, err = formatTemplate(spec, args, kwargs, auto, depth-1); err != nil {
			return "", err
		}
	}
	return formatField(v, conv, spec)
}

// fieldValue resolves arg_name("." attr | "[" key "]")*.
func fieldValue(name string, args py.Tuple, kwargs py.StringDict, auto *int) (py.Object, error) {
	first := len(name)
	if i := strings.IndexAny(name, ".["); i >= 0 {
		first = i
	}
	head, rest := name[:first], name[first:]
	var v py.Object
	if head == "" {
		if *auto < 0 {
			return nil, py.ExceptionNewf(py.ValueError, "cannot switch from manual field specification to automatic field numbering")
		}
		if *auto >= len(args) {
			return nil, py.ExceptionNewf(py.IndexError, "Replacement index %d out of range for positional args tuple", *auto)
		}
		v = args[*auto]
		*auto++
	} else if n, err := strconv.Atoi(head); err == nil {
		if *auto > 0 {
			return nil, py.ExceptionNewf(py.ValueError, "cannot switch from automatic field numbering to manual field specification")
		}
		*auto = -1
		if n >= len(args) {
			return nil, py.ExceptionNewf(py.IndexError, "Replacement index %d out of range for positional args tuple", n)
		}
		v = args[n]
	} else {
		var ok bool
		if v, ok = kwargs[head]; !ok {
			return nil, py.ExceptionNewf(py.KeyError, "'%s'", head)
		}
	}
	for rest != "" {
		switch rest[0] {
		case '.':
			end := len(rest)
			if i := strings.IndexAny(rest[1:], ".["); i >= 0 {
				end = i + 1
			}
			attr := rest[1:end]
			var err error
			if v, err = py.GetAttrString(v, attr); err != nil {
				return nil, err
			}
			rest = rest[end:]
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, py.ExceptionNewf(py.ValueError, "Missing ']' in format string")
			}
			key := rest[1:end]
			var k py.Object = py.String(key)
			if n, err := strconv.Atoi(key); err == nil {
				k = py.Int(n)
			}
			var err error
			if v, err = py.GetItem(v, k); err != nil {
				return nil, err
			}
			rest = rest[end+1:]
		default:
			return nil, py.ExceptionNewf(py.ValueError, "Only '.' or '[' may follow ']' in format field specifier")
		}
	}
	return v, nil
}
