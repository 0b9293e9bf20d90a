// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// str.format, str.format_map and the format mini-language (patch 33):
// FormatValue is format(v, spec), FormatField one replacement field
// (conversion then spec), which hosts use for format() and f-strings.

package py

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

func init() {
	StringType.Dict["format"] = MustNewMethod("format", func(self Object, args Tuple, kwargs StringDict) (Object, error) {
		s, ok := self.(String)
		if !ok {
			return nil, ExceptionNewf(TypeError, "descriptor 'format' requires a 'str' object but received a '%s'", typeNameOf(self))
		}
		out, err := strFormat(string(s), args, kwargs)
		return String(out), err
	}, 0, "format(*args, **kwargs) -> str formatted with the replacement fields {}")
	StringType.Dict["format_map"] = MustNewMethod("format_map", func(self Object, args Tuple) (Object, error) {
		s, ok := self.(String)
		if !ok {
			return nil, ExceptionNewf(TypeError, "descriptor 'format_map' requires a 'str' object but received a '%s'", typeNameOf(self))
		}
		if len(args) != 1 {
			return nil, ExceptionNewf(TypeError, "format_map() takes exactly one argument")
		}
		m, ok := DictMap(args[0])
		if !ok {
			return nil, ExceptionNewf(TypeError, "format_map() argument must be a dict")
		}
		out, err := strFormat(string(s), nil, m)
		return String(out), err
	}, 0, "format_map(mapping) -> str formatted with the replacement fields {} from mapping")
}

// strFormat implements str.format: positional ({} and {0}), named ({x}),
// attribute and index access ({0.name}, {d[key]}, {l[0]}), conversions and
// format specs with nested fields ({x:{w}}).
func strFormat(tmpl string, args Tuple, kwargs StringDict) (string, error) {
	auto := 0
	return formatTemplate(tmpl, args, kwargs, &auto, 2)
}

func formatTemplate(tmpl string, args Tuple, kwargs StringDict, auto *int, depth int) (string, error) {
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
			return "", ExceptionNewf(ValueError, "Single '}' encountered in format string")
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
			if err := CheckSize(b.Len() + len(s)); err != nil {
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
	return 0, ExceptionNewf(ValueError, "Single '{' encountered in format string")
}

// formatOne renders one field: name[!conv][:spec].
func formatOne(field string, args Tuple, kwargs StringDict, auto *int, depth int) (string, error) {
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
					return "", ExceptionNewf(ValueError, "end of string while looking for conversion specifier")
				}
				conv = rest[1:2]
				rest = rest[2:]
				if rest != "" && rest[0] != ':' {
					return "", ExceptionNewf(ValueError, "expected ':' after conversion specifier")
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
			return "", ExceptionNewf(ValueError, "Max string recursion exceeded")
		}
		if spec, err = formatTemplate(spec, args, kwargs, auto, depth-1); err != nil {
			return "", err
		}
	}
	return FormatField(v, conv, spec)
}

// fieldValue resolves arg_name("." attr | "[" key "]")*.
func fieldValue(name string, args Tuple, kwargs StringDict, auto *int) (Object, error) {
	first := len(name)
	if i := strings.IndexAny(name, ".["); i >= 0 {
		first = i
	}
	head, rest := name[:first], name[first:]
	var v Object
	if head == "" {
		if *auto < 0 {
			return nil, ExceptionNewf(ValueError, "cannot switch from manual field specification to automatic field numbering")
		}
		if *auto >= len(args) {
			return nil, ExceptionNewf(IndexError, "Replacement index %d out of range for positional args tuple", *auto)
		}
		v = args[*auto]
		*auto++
	} else if n, err := strconv.Atoi(head); err == nil {
		if *auto > 0 {
			return nil, ExceptionNewf(ValueError, "cannot switch from automatic field numbering to manual field specification")
		}
		*auto = -1
		if n >= len(args) {
			return nil, ExceptionNewf(IndexError, "Replacement index %d out of range for positional args tuple", n)
		}
		v = args[n]
	} else {
		var ok bool
		if v, ok = kwargs[head]; !ok {
			return nil, ExceptionNewf(KeyError, "'%s'", head)
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
			if v, err = GetAttrString(v, attr); err != nil {
				return nil, err
			}
			rest = rest[end:]
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, ExceptionNewf(ValueError, "Missing ']' in format string")
			}
			key := rest[1:end]
			var k Object = String(key)
			if n, err := strconv.Atoi(key); err == nil {
				k = Int(n)
			}
			var err error
			if v, err = GetItem(v, k); err != nil {
				return nil, err
			}
			rest = rest[end+1:]
		default:
			return nil, ExceptionNewf(ValueError, "Only '.' or '[' may follow ']' in format field specifier")
		}
	}
	return v, nil
}

// fmtSpec is a parsed format specification (the format mini-language).
type fmtSpec struct {
	fill      rune
	align     byte // 0, '<', '>', '=', '^'
	sign      byte // 0, '+', '-', ' '
	alt       bool // '#'
	zero      bool // '0'
	width     int
	grouping  byte // 0, ',', '_'
	precision int  // -1 when absent
	typ       byte // 0 or the presentation type
}

// parseSpec parses [[fill]align][sign][z][#][0][width][grouping][.precision][type].
func parseSpec(spec string) (fmtSpec, error) {
	f := fmtSpec{fill: ' ', precision: -1}
	rs := []rune(spec)
	i := 0
	isAlign := func(r rune) bool { return r == '<' || r == '>' || r == '=' || r == '^' }
	if len(rs) >= 2 && isAlign(rs[1]) {
		f.fill, f.align = rs[0], byte(rs[1])
		i = 2
	} else if len(rs) >= 1 && isAlign(rs[0]) {
		f.align = byte(rs[0])
		i = 1
	}
	if i < len(rs) && (rs[i] == '+' || rs[i] == '-' || rs[i] == ' ') {
		f.sign = byte(rs[i])
		i++
	}
	if i < len(rs) && rs[i] == 'z' {
		i++
	}
	if i < len(rs) && rs[i] == '#' {
		f.alt = true
		i++
	}
	if i < len(rs) && rs[i] == '0' {
		f.zero = true
		i++
	}
	start := i
	for i < len(rs) && rs[i] >= '0' && rs[i] <= '9' {
		i++
	}
	if i > start {
		var err error
		if f.width, err = specNumber(rs[start:i]); err != nil {
			return f, err
		}
	}
	if i < len(rs) && (rs[i] == ',' || rs[i] == '_') {
		f.grouping = byte(rs[i])
		i++
	}
	if i < len(rs) && rs[i] == '.' {
		i++
		start = i
		for i < len(rs) && rs[i] >= '0' && rs[i] <= '9' {
			i++
		}
		if i == start {
			return f, ExceptionNewf(ValueError, "Format specifier missing precision")
		}
		var err error
		if f.precision, err = specNumber(rs[start:i]); err != nil {
			return f, err
		}
	}
	if i < len(rs) {
		f.typ = byte(rs[i])
		i++
	}
	if i != len(rs) || f.typ >= utf8.RuneSelf {
		return f, ExceptionNewf(ValueError, "Invalid format specifier '%s'", spec)
	}
	if f.zero && f.align == 0 {
		f.fill, f.align = '0', '='
	}
	return f, nil
}

// specNumber reads a width or precision. Numbers that do not fit an int
// get CPython's error; large ones that do are refused by the size checks
// (checkPad, formatFloat) before anything is allocated.
func specNumber(digits []rune) (int, error) {
	n, err := strconv.Atoi(string(digits))
	if err != nil {
		return 0, ExceptionNewf(ValueError, "Too many decimal digits in format string")
	}
	return n, nil
}

// formatValue implements format(v, spec) for the builtin types and for
// user classes with __format__ or __str__.
func FormatValue(v Object, spec string) (string, error) {
	if t, ok := v.(*Type); ok {
		if fn := t.special("__format__"); fn != nil {
			res, err := t.callSpecial(fn, Tuple{String(spec)}, nil)
			if err != nil {
				return "", err
			}
			s, ok := res.(String)
			if !ok {
				return "", ExceptionNewf(TypeError, "__format__ must return a str, not %s", typeNameOf(res))
			}
			return string(s), nil
		}
	}
	if spec == "" {
		return StrAsString(v)
	}
	f, err := parseSpec(spec)
	if err != nil {
		return "", err
	}
	switch x := v.(type) {
	case Bool:
		n := int64(0)
		if x {
			n = 1
		}
		return f.formatInt(big.NewInt(n))
	case Int:
		return f.formatInt(big.NewInt(int64(x)))
	case *BigInt:
		return f.formatInt((*big.Int)(x))
	case Float:
		return f.formatFloat(float64(x))
	case String:
		if f.typ != 0 && f.typ != 's' {
			return "", ExceptionNewf(ValueError, "Unknown format code '%c' for object of type 'str'", f.typ)
		}
		s := string(x)
		if f.precision >= 0 {
			if rs := []rune(s); len(rs) > f.precision {
				s = string(rs[:f.precision])
			}
		}
		return f.pad(s, false)
	}
	return "", ExceptionNewf(TypeError, "unsupported format string passed to %s.__format__", typeNameOf(v))
}

// checkPad returns MemoryError when s padded with count fill runes
// would be over MaxSize.
func checkPad(s string, fill rune, count int) error {
	if count > math.MaxInt/utf8.UTFMax {
		// Far over any limit, and count times the fill's size could
		// overflow.
		return CheckSize(count)
	}
	return CheckSize(len(s) + count*utf8.RuneLen(fill))
}

// pad applies width, fill and alignment; numeric values align right.
func (f fmtSpec) pad(s string, numeric bool) (string, error) {
	n := utf8.RuneCountInString(s)
	if n >= f.width {
		return s, nil
	}
	if err := checkPad(s, f.fill, f.width-n); err != nil {
		return "", err
	}
	return f.padTo(s, numeric, n), nil
}

// padTo pads s, of n runes, to the width; pad has checked the size.
func (f fmtSpec) padTo(s string, numeric bool, n int) string {
	fill := strings.Repeat(string(f.fill), f.width-n)
	align := f.align
	if align == 0 {
		align = '<'
		if numeric {
			align = '>'
		}
	}
	switch align {
	case '>':
		return fill + s
	case '^':
		left := (f.width - n) / 2
		return strings.Repeat(string(f.fill), left) + s + strings.Repeat(string(f.fill), f.width-n-left)
	case '=':
		if numeric && len(s) > 0 && (s[0] == '-' || s[0] == '+' || s[0] == ' ') {
			sign := s[:1]
			body := s[1:]
			if strings.HasPrefix(body, "0x") || strings.HasPrefix(body, "0X") || strings.HasPrefix(body, "0b") || strings.HasPrefix(body, "0o") {
				return sign + body[:2] + fill + body[2:]
			}
			return sign + fill + body
		}
		if numeric && (strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") || strings.HasPrefix(s, "0b") || strings.HasPrefix(s, "0o")) {
			return s[:2] + fill + s[2:]
		}
		return fill + s
	}
	return s + fill
}

// signed prefixes the sign for a non-negative or negative number.
func (f fmtSpec) signed(neg bool, body string) string {
	switch {
	case neg:
		return "-" + body
	case f.sign == '+':
		return "+" + body
	case f.sign == ' ':
		return " " + body
	}
	return body
}

// group inserts the grouping separator every n digits of the integer
// part of digits (which holds no sign).
func group(digits string, sep byte, n int) string {
	intPart, rest := digits, ""
	if i := strings.IndexAny(digits, ".eE%"); i >= 0 {
		intPart, rest = digits[:i], digits[i:]
	}
	if len(intPart) <= n {
		return digits
	}
	var b strings.Builder
	lead := len(intPart) % n
	if lead > 0 {
		b.WriteString(intPart[:lead])
	}
	for i := lead; i < len(intPart); i += n {
		if b.Len() > 0 {
			b.WriteByte(sep)
		}
		b.WriteString(intPart[i : i+n])
	}
	return b.String() + rest
}

// finishNumber adds grouping, prefix, sign and padding. With '0' padding
// and grouping, the zeros are grouped too, as in CPython.
func (f fmtSpec) finishNumber(neg bool, prefix, digits string, groupEvery int) (string, error) {
	if f.grouping == 0 {
		return f.pad(f.signed(neg, prefix+digits), true)
	}
	if f.fill == '0' && f.align == '=' {
		need := f.width - len(prefix)
		if neg || f.sign == '+' || f.sign == ' ' {
			need--
		}
		intLen := len(digits)
		if i := strings.IndexAny(digits, ".eE%"); i >= 0 {
			intLen = i
		}
		if zeros := groupZeros(intLen, need-(len(digits)-intLen), groupEvery); zeros > 0 {
			if err := CheckSize(need); err != nil {
				return "", err
			}
			digits = strings.Repeat("0", zeros) + digits
		}
		return f.signed(neg, prefix+group(digits, f.grouping, groupEvery)), nil
	}
	return f.pad(f.signed(neg, prefix+group(digits, f.grouping, groupEvery)), true)
}

// groupZeros is how many zeros to put before an integer part of n digits
// so that, grouped every `every` digits, it is at least target long: the
// fewest that reach it (a separator cannot lead, so it may overshoot by
// one).
func groupZeros(n, target, every int) int {
	grouped := func(l int) int {
		if l == 0 {
			return 0
		}
		return l + (l-1)/every
	}
	if grouped(n) >= target {
		return 0
	}
	// grouped(l) is about l*(every+1)/every; start there and correct.
	l := max(n, target-target/(every+1))
	for grouped(l) < target {
		l++
	}
	for l > n && grouped(l-1) >= target {
		l--
	}
	return l - n
}

// formatInt formats an integer with types b c d o x X n and the float
// types (after conversion).
func (f fmtSpec) formatInt(n *big.Int) (string, error) {
	switch f.typ {
	case 'e', 'E', 'f', 'F', 'g', 'G', '%':
		fl, _ := new(big.Float).SetInt(n).Float64()
		return f.formatFloat(fl)
	case 'c':
		return f.pad(string(rune(n.Int64())), false)
	}
	if f.precision >= 0 {
		return "", ExceptionNewf(ValueError, "Precision not allowed in integer format specifier")
	}
	neg := n.Sign() < 0
	abs := new(big.Int).Abs(n)
	base, prefix, every := 10, "", 3
	switch f.typ {
	case 0, 'd', 'n':
	case 'b':
		base, prefix, every = 2, "0b", 4
	case 'o':
		base, prefix, every = 8, "0o", 4
	case 'x':
		base, prefix, every = 16, "0x", 4
	case 'X':
		base, prefix, every = 16, "0X", 4
	default:
		return "", ExceptionNewf(ValueError, "Unknown format code '%c' for object of type 'int'", f.typ)
	}
	var digits string
	if base == 10 {
		// CPython's limit of 4300 decimal digits (patch 34).
		var err error
		if digits, err = BigIntDecimal(abs); err != nil {
			return "", err
		}
	} else {
		digits = abs.Text(base)
	}
	if f.typ == 'X' {
		digits = strings.ToUpper(digits)
	}
	if !f.alt {
		prefix = ""
	}
	return f.finishNumber(neg, prefix, digits, every)
}

// formatFloat formats a float with types e E f F g G n % and none.
func (f fmtSpec) formatFloat(x float64) (string, error) {
	neg := math.Signbit(x) && !math.IsNaN(x)
	a := math.Abs(x)
	prec := f.precision
	var digits string
	switch {
	case math.IsInf(a, 0):
		digits = "inf"
	case math.IsNaN(a):
		digits = "nan"
	}
	if digits != "" {
		if f.typ == 'E' || f.typ == 'F' || f.typ == 'G' {
			digits = strings.ToUpper(digits)
		}
		if f.typ == '%' {
			digits += "%"
		}
		return f.pad(f.signed(neg, digits), true)
	}
	if prec < 0 && f.typ != 0 && f.typ != 'n' {
		prec = 6
	}
	// Every presentation type writes at least prec digits.
	if prec > 0 {
		if err := CheckSize(prec); err != nil {
			return "", err
		}
	}
	switch f.typ {
	case 'e', 'E':
		digits = expForm(a, prec, f.typ == 'E')
	case 'f', 'F':
		digits = strconv.FormatFloat(a, 'f', prec, 64)
	case '%':
		digits = strconv.FormatFloat(a*100, 'f', prec, 64) + "%"
	case 'g', 'G', 'n':
		digits = gForm(a, prec, f.alt, f.typ == 'G')
	case 0:
		if prec < 0 {
			digits = FloatRepr(a)
		} else {
			digits = gForm(a, prec, f.alt, false)
			if !strings.ContainsAny(digits, ".e") {
				digits += ".0"
			}
		}
	default:
		return "", ExceptionNewf(ValueError, "Unknown format code '%c' for object of type 'float'", f.typ)
	}
	if f.alt && !strings.Contains(digits, ".") && f.typ != 'g' && f.typ != 'G' {
		if i := strings.IndexAny(digits, "eE%"); i >= 0 {
			digits = digits[:i] + "." + digits[i:]
		} else {
			digits += "."
		}
	}
	return f.finishNumber(neg, "", digits, 3)
}

// expForm is Python's 'e' format: at least two exponent digits.
func expForm(a float64, prec int, upper bool) string {
	s := strconv.FormatFloat(a, 'e', prec, 64)
	if upper {
		s = strings.ToUpper(s)
	}
	return s
}

// gForm is Python's 'g' format: fixed or exponent notation by the
// exponent, trailing zeros removed unless alt.
func gForm(a float64, prec int, alt, upper bool) string {
	if prec < 0 {
		prec = 6
	}
	if prec == 0 {
		prec = 1
	}
	if a == 0 {
		if alt {
			return "0." + strings.Repeat("0", prec-1)
		}
		return "0"
	}
	e := strconv.FormatFloat(a, 'e', prec-1, 64)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	var s string
	if exp >= -4 && exp < prec {
		s = strconv.FormatFloat(a, 'f', prec-1-exp, 64)
		if !alt && strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
	} else {
		mant, ex := e[:strings.IndexByte(e, 'e')], e[strings.IndexByte(e, 'e'):]
		if !alt && strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		s = mant + ex
	}
	if upper {
		s = strings.ToUpper(s)
	}
	return s
}

// convert applies a !r, !s or !a conversion.
func convert(v Object, conv string) (Object, error) {
	switch conv {
	case "":
		return v, nil
	case "r":
		return Repr(v)
	case "a":
		r, err := ReprAsString(v)
		if err != nil {
			return nil, err
		}
		a, err := asciiEscape(r)
		if err != nil {
			return nil, err
		}
		return String(a), nil
	case "s":
		return Str(v)
	}
	return nil, ExceptionNewf(ValueError, "Unknown conversion specifier %s", conv)
}

// formatField formats one replacement field: conversion then spec.
func FormatField(v Object, conv, spec string) (string, error) {
	v, err := convert(v, conv)
	if err != nil {
		return "", err
	}
	return FormatValue(v, spec)
}

// asciiEscape escapes non-ASCII runes as ascii() does. The result can
// be two and a half times longer than s, so its size is checked first.
func asciiEscape(s string) (string, error) {
	n := 0
	for _, r := range s {
		switch {
		case r < 0x80:
			n++
		case r <= 0xff:
			n += 4
		case r <= 0xffff:
			n += 6
		default:
			n += 10
		}
	}
	if err := CheckSize(n); err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(n)
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case r <= 0xff:
			b.WriteString(`\x` + strconv.FormatInt(int64(r)+0x100, 16)[1:])
		case r <= 0xffff:
			b.WriteString(`\u` + strconv.FormatInt(int64(r)+0x10000, 16)[1:])
		default:
			b.WriteString(`\U` + strconv.FormatInt(int64(r)+0x100000000, 16)[1:])
		}
	}
	return b.String(), nil
}
