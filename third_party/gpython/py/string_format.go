// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// printf-style string formatting: str % values.
//
// v0.2.0 handed the format to Go's fmt.Sprintf, so '%s' of a list or
// None, '%r', '%(name)s' with a dict and '%i' printed Go syntax such as
// &py.List{...} or %!i(py.Int=1). This is a formatter following the
// Python rules: %[(name)][flags][width][.precision][length]conversion.

package py

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// percentSpec is one parsed conversion specifier.
type percentSpec struct {
	left, zero, space, plus, alt bool
	width, prec                  int // -1 when absent
	conv                         byte
}

// percentArgs hands out the values consumed by the conversions.
type percentArgs struct {
	values  Tuple
	next    int
	mapping Object // the right operand when it is a mapping, else nil
}

// take returns the next positional value.
func (p *percentArgs) take() (Object, error) {
	if p.next >= len(p.values) {
		return nil, ExceptionNewf(TypeError, "not enough arguments for format string")
	}
	v := p.values[p.next]
	p.next++
	return v, nil
}

// M__mod__ formats the values in other into the string a, as Python's
// str % values does.
func (a String) M__mod__(other Object) (Object, error) {
	args := &percentArgs{}
	switch b := other.(type) {
	case Tuple:
		args.values = b
	case StringDict:
		args.values = Tuple{b}
		args.mapping = b
	case *Dict:
		args.values = Tuple{b}
		args.mapping = b.Map()
	default:
		args.values = Tuple{other}
	}
	format := string(a)
	var out strings.Builder
	usedMapping := false
	for i := 0; i < len(format); {
		c := format[i]
		if c != '%' {
			j := strings.IndexByte(format[i:], '%')
			if j < 0 {
				j = len(format) - i
			}
			out.WriteString(format[i : i+j])
			i += j
			continue
		}
		i++
		if i >= len(format) {
			return nil, ExceptionNewf(ValueError, "incomplete format")
		}
		var value Object
		if format[i] == '(' {
			end, key, err := percentKey(format, i)
			if err != nil {
				return nil, err
			}
			if args.mapping == nil {
				return nil, ExceptionNewf(TypeError, "format requires a mapping")
			}
			value, err = GetItem(args.mapping, String(key))
			if err != nil {
				return nil, err
			}
			usedMapping = true
			i = end
		}
		spec, end, err := parsePercentSpec(format, i, args)
		if err != nil {
			return nil, err
		}
		i = end
		if spec.conv == '%' {
			out.WriteByte('%')
			continue
		}
		if value == nil {
			if value, err = args.take(); err != nil {
				return nil, err
			}
		}
		s, err := spec.format(value)
		if err != nil {
			return nil, err
		}
		out.WriteString(s)
	}
	if args.next < len(args.values) && args.mapping == nil && !usedMapping {
		return nil, ExceptionNewf(TypeError, "not all arguments converted during string formatting")
	}
	return String(out.String()), nil
}

// percentKey parses the "(name)" starting at format[i] and returns the
// index after it and the name; parentheses may nest, as in CPython.
func percentKey(format string, i int) (int, string, error) {
	depth := 0
	for j := i; j < len(format); j++ {
		switch format[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1, format[i+1 : j], nil
			}
		}
	}
	return 0, "", ExceptionNewf(ValueError, "incomplete format key")
}

// parsePercentSpec parses flags, width, precision, length modifier and
// conversion character starting at format[i]. A '*' width or precision
// takes its value from args.
func parsePercentSpec(format string, i int, args *percentArgs) (percentSpec, int, error) {
	spec := percentSpec{width: -1, prec: -1}
flags:
	for ; i < len(format); i++ {
		switch format[i] {
		case '-':
			spec.left = true
		case '0':
			spec.zero = true
		case ' ':
			spec.space = true
		case '+':
			spec.plus = true
		case '#':
			spec.alt = true
		default:
			break flags
		}
	}
	num := func() (int, error) {
		if i < len(format) && format[i] == '*' {
			i++
			v, err := args.take()
			if err != nil {
				return 0, err
			}
			n, ok := v.(Int)
			if !ok {
				return 0, ExceptionNewf(TypeError, "* wants int")
			}
			return int(n), nil
		}
		start := i
		for i < len(format) && format[i] >= '0' && format[i] <= '9' {
			i++
		}
		if start == i {
			return -1, nil
		}
		return strconv.Atoi(format[start:i])
	}
	var err error
	if spec.width, err = num(); err != nil {
		return spec, 0, err
	}
	if spec.width < -1 {
		spec.left = true
		spec.width = -spec.width
	}
	if i < len(format) && format[i] == '.' {
		i++
		if spec.prec, err = num(); err != nil {
			return spec, 0, err
		}
		if spec.prec < 0 {
			spec.prec = 0
		}
	}
	// A width or precision sets the size of the result.
	if err := CheckSize(max(spec.width, spec.prec, 0)); err != nil {
		return spec, 0, err
	}
	for i < len(format) && (format[i] == 'h' || format[i] == 'l' || format[i] == 'L') {
		i++
	}
	if i >= len(format) {
		return spec, 0, ExceptionNewf(ValueError, "incomplete format")
	}
	spec.conv = format[i]
	return spec, i + 1, nil
}

// format converts one value according to the spec.
func (spec percentSpec) format(value Object) (string, error) {
	switch spec.conv {
	case 's', 'r', 'a':
		var s string
		var err error
		if spec.conv == 's' {
			s, err = StrAsString(value)
		} else {
			s, err = ReprAsString(value)
		}
		if err != nil {
			return "", err
		}
		if spec.prec >= 0 && utf8.RuneCountInString(s) > spec.prec {
			s = string([]rune(s)[:spec.prec])
		}
		return spec.pad("", s, false), nil
	case 'c':
		return spec.char(value)
	case 'd', 'i', 'u', 'x', 'X', 'o':
		return spec.integer(value)
	case 'e', 'E', 'f', 'F', 'g', 'G':
		return spec.float(value)
	}
	return "", ExceptionNewf(ValueError, "unsupported format character '%c' (0x%x)", spec.conv, spec.conv)
}

// pad applies the width: sign and prefix stay in front of zero padding.
func (spec percentSpec) pad(sign, body string, numeric bool) string {
	n := utf8.RuneCountInString(sign) + utf8.RuneCountInString(body)
	if spec.width <= n {
		return sign + body
	}
	fill := spec.width - n
	switch {
	case spec.left:
		return sign + body + strings.Repeat(" ", fill)
	case spec.zero && numeric:
		return sign + strings.Repeat("0", fill) + body
	}
	return strings.Repeat(" ", fill) + sign + body
}

// sign returns the sign prefix for a number.
func (spec percentSpec) sign(negative bool) string {
	switch {
	case negative:
		return "-"
	case spec.plus:
		return "+"
	case spec.space:
		return " "
	}
	return ""
}

// char formats %c: an int code point or a one-character str.
func (spec percentSpec) char(value Object) (string, error) {
	switch v := value.(type) {
	case String:
		if utf8.RuneCountInString(string(v)) != 1 {
			return "", ExceptionNewf(TypeError, "%%c requires int or char")
		}
		return spec.pad("", string(v), false), nil
	case Int:
		if v < 0 || v > 0x10ffff {
			return "", ExceptionNewf(OverflowError, "%%c arg not in range(0x110000)")
		}
		return spec.pad("", string(rune(v)), false), nil
	}
	return "", ExceptionNewf(TypeError, "%%c requires int or char")
}

// integer formats %d %i %u %x %X %o. %d accepts floats (truncated);
// the others need an integer.
func (spec percentSpec) integer(value Object) (string, error) {
	var n *big.Int
	switch v := value.(type) {
	case Int:
		n = big.NewInt(int64(v))
	case Bool:
		n = big.NewInt(int64(boolInt(v)))
	case *BigInt:
		n = (*big.Int)(v)
	case Float:
		if spec.conv == 'x' || spec.conv == 'X' || spec.conv == 'o' {
			return "", ExceptionNewf(TypeError, "%%%c format: an integer is required, not float", spec.conv)
		}
		if math.IsInf(float64(v), 0) || math.IsNaN(float64(v)) {
			return "", ExceptionNewf(OverflowError, "cannot convert float %s to integer", floatText(float64(v)))
		}
		n, _ = new(big.Float).SetFloat64(math.Trunc(float64(v))).Int(nil)
	default:
		return "", ExceptionNewf(TypeError, "%%%c format: a number is required, not %s", spec.conv, value.Type().Name)
	}
	negative := n.Sign() < 0
	abs := new(big.Int).Abs(n)
	var body, prefix string
	switch spec.conv {
	case 'x':
		body, prefix = abs.Text(16), "0x"
	case 'X':
		body, prefix = strings.ToUpper(abs.Text(16)), "0X"
	case 'o':
		body, prefix = abs.Text(8), "0o"
	default:
		var err error
		if body, err = bigDecimal(abs); err != nil {
			return "", err
		}
	}
	if spec.prec > len(body) {
		body = strings.Repeat("0", spec.prec-len(body)) + body
	}
	sign := spec.sign(negative)
	if spec.alt && prefix != "" {
		sign += prefix
	}
	return spec.pad(sign, body, true), nil
}

// float formats %e %E %f %F %g %G.
func (spec percentSpec) float(value Object) (string, error) {
	var f float64
	switch v := value.(type) {
	case Float:
		f = float64(v)
	case Int:
		f = float64(v)
	case Bool:
		f = float64(boolInt(v))
	case *BigInt:
		f, _ = new(big.Float).SetInt((*big.Int)(v)).Float64()
	default:
		return "", ExceptionNewf(TypeError, "must be real number, not %s", value.Type().Name)
	}
	negative := f < 0 || (f == 0 && math.Signbit(f))
	abs := math.Abs(f)
	prec := spec.prec
	if prec < 0 {
		prec = 6
	}
	var body string
	switch {
	case math.IsInf(abs, 0) || math.IsNaN(abs):
		body = floatText(abs)
		if spec.conv == 'E' || spec.conv == 'F' || spec.conv == 'G' {
			body = strings.ToUpper(body)
		}
		return spec.pad(spec.sign(negative && !math.IsNaN(f)), body, false), nil
	case spec.conv == 'e' || spec.conv == 'E':
		body = strconv.FormatFloat(abs, 'e', prec, 64)
	case spec.conv == 'f' || spec.conv == 'F':
		body = strconv.FormatFloat(abs, 'f', prec, 64)
	default:
		if prec == 0 {
			prec = 1
		}
		body = strconv.FormatFloat(abs, 'g', prec, 64)
		if spec.alt && !strings.ContainsAny(body, ".e") {
			body += "."
		}
	}
	if spec.conv == 'E' || spec.conv == 'G' {
		body = strings.ToUpper(body)
	}
	return spec.pad(spec.sign(negative), body, true), nil
}

// floatText is Python's spelling of infinities and NaN.
func floatText(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return "inf"
}
