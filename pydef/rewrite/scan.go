package rewrite

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// kind classifies a token of the scanner.
type kind uint8

const (
	kName    kind = iota + 1
	kNumber       // numeric literal, possibly with underscores
	kString       // string or bytes literal that is not an f-string
	kOp           // operator or bracket
	kNewline      // end of a logical line (zero width)
	kFStart       // f-string prefix and opening quote; a bracket closed by kFEnd
	kFEnd         // f-string closing quote
	kFLit         // literal text of an f-string body or of a format spec
	kFOpen        // '{' opening a replacement field; a bracket closed by kFClose
	kFClose       // '}' closing a replacement field
	kFEq          // '=' of a self-documenting field, with the blanks after it
	kFConv        // '!r', '!s' or '!a'
	kFSpec        // ':' starting a format spec
	kEOF
)

// tok is one token. Brackets (kOp "([{", kFStart, kFOpen and their closers)
// know their partner through match; depth is the number of brackets open
// before the token (an opener and its closer have the same depth).
type tok struct {
	s, e  int32
	match int32
	depth int32
	kind  kind
	pre   uint8 // string prefix length in bytes
	q     uint8 // quote length, 1 or 3
	raw   bool  // raw string
}

// lline is a logical line: its tokens start at first and end with the
// kNewline token at end; its indentation is src[indS:indE].
type lline struct{ first, end, indS, indE int32 }

// fctx describes the f-string whose body is being scanned.
type fctx struct {
	quote  byte
	triple bool
	raw    bool
	start  int // offset of the prefix, for error positions
}

// scanner turns source into tokens. It understands f-strings the way
// Python 3.12 does (any quotes inside replacement fields), which accepts
// everything Python 3.6-3.11 accepts.
type scanner struct {
	src   []byte
	toks  []tok
	stack []int32
	lines []lline
}

// scanError aborts scanning; Rewrite turns it into a Problem.
type scanError struct {
	off int
	msg string
}

func (s *scanner) fail(off int, format string, args ...any) {
	panic(scanError{off, fmt.Sprintf(format, args...)})
}

func (s *scanner) add(k kind, a, b int) int32 {
	s.toks = append(s.toks, tok{s: int32(a), e: int32(b), match: -1, depth: int32(len(s.stack)), kind: k})
	return int32(len(s.toks) - 1)
}

func (s *scanner) open(k kind, a, b int) int32 {
	i := s.add(k, a, b)
	s.stack = append(s.stack, i)
	return i
}

func (s *scanner) close(k kind, a, b int) {
	o := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	i := s.add(k, a, b)
	s.toks[o].match = i
	s.toks[i].match = o
}

func (s *scanner) top() int32 {
	if len(s.stack) == 0 {
		return -1
	}
	return s.stack[len(s.stack)-1]
}

// run tokenizes the whole source.
func (s *scanner) run() {
	s.scan(0, -1, nil)
	n := len(s.src)
	if len(s.lines) > 0 && s.lines[len(s.lines)-1].end < 0 {
		s.lines[len(s.lines)-1].end = s.add(kNewline, n, n)
	}
	s.add(kEOF, n, n)
}

// scan tokenizes from offset i. At top level (field < 0) it runs to the end
// of the input; inside the replacement field opened by token field it
// returns the offset after the field's closing '}'.
func (s *scanner) scan(i int, field int32, fc *fctx) int {
	src := s.src
	n := len(src)
	lineStart := field < 0
	for {
		if lineStart && len(s.stack) == 0 {
			j := i
			for j < n && (src[j] == ' ' || src[j] == '\t' || src[j] == '\f') {
				j++
			}
			if j >= n {
				return n
			}
			if c := src[j]; c == '\n' || c == '#' || (c == '\r' && j+1 < n && src[j+1] == '\n') {
				k := bytes.IndexByte(src[j:], '\n')
				if k < 0 {
					return n
				}
				i = j + k + 1
				continue
			}
			s.lines = append(s.lines, lline{first: int32(len(s.toks)), end: -1, indS: int32(i), indE: int32(j)})
			lineStart = false
			i = j
		}
		if i >= n {
			if field >= 0 {
				s.fail(int(s.toks[field].s), "f-string: expecting '}'")
			}
			return n
		}
		c := src[i]
		if field >= 0 && s.top() == field {
			switch c {
			case '}':
				s.close(kFClose, i, i+1)
				return i + 1
			case '!':
				if i+1 < n && src[i+1] != '=' {
					j := i + 1
					for j < n && isIdentByte(src[j]) {
						j++
					}
					s.add(kFConv, i, j)
					i = j
					continue
				}
			case ':':
				s.add(kFSpec, i, i+1)
				i = s.fbody(i+1, fc, true)
				s.close(kFClose, i, i+1)
				return i + 1
			case '=':
				if i+1 < n && src[i+1] != '=' {
					j := i + 1
					for j < n && (src[j] == ' ' || src[j] == '\t') {
						j++
					}
					if j < n && (src[j] == '}' || src[j] == '!' || src[j] == ':') {
						s.add(kFEq, i, j)
						i = j
						continue
					}
				}
			}
		}
		switch {
		case c == ' ' || c == '\t' || c == '\f' || c == '\r':
			i++
		case c == '\n':
			i++
			if len(s.stack) == 0 && field < 0 {
				s.lines[len(s.lines)-1].end = s.add(kNewline, i-1, i-1)
				lineStart = true
			}
		case c == '#':
			k := bytes.IndexByte(src[i:], '\n')
			if k < 0 {
				i = n
			} else {
				i += k
			}
		case c == '\\':
			switch {
			case i+1 < n && src[i+1] == '\n':
				i += 2
			case i+2 < n && src[i+1] == '\r' && src[i+2] == '\n':
				i += 3
			case i+1 >= n:
				i++
			default:
				s.fail(i, "unexpected character after line continuation character")
			}
		case c >= '0' && c <= '9' || c == '.' && i+1 < n && src[i+1] >= '0' && src[i+1] <= '9':
			i = s.number(i)
		case c == '"' || c == '\'':
			i = s.str(i, i)
		case c < utf8.RuneSelf && isIdentStart(c):
			j := i + 1
			for j < n && isIdentByte(src[j]) {
				j++
			}
			if j < n && src[j] >= utf8.RuneSelf {
				j = s.identRest(j)
			}
			if j < n && (src[j] == '"' || src[j] == '\'') && j-i <= 2 && isPrefix(src[i:j]) {
				i = s.str(i, j)
				continue
			}
			s.add(kName, i, j)
			i = j
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(src[i:])
			if isIdentRune(r) {
				j := s.identRest(i + size)
				s.add(kName, i, j)
				i = j
			} else {
				s.add(kOp, i, i+size)
				i += size
			}
		default:
			i = s.op(i)
		}
	}
}

func (s *scanner) identRest(j int) int {
	src := s.src
	for j < len(src) {
		if src[j] < utf8.RuneSelf {
			if !isIdentByte(src[j]) {
				break
			}
			j++
			continue
		}
		r, size := utf8.DecodeRune(src[j:])
		if !isIdentRune(r) && !unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc) {
			break
		}
		j += size
	}
	return j
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentByte(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func isIdentRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.Is(unicode.Nl, r))
}

// isPrefix reports whether p is a valid string prefix.
func isPrefix(p []byte) bool {
	var b [2]byte
	for i, c := range p {
		b[i] = c | 0x20
	}
	switch string(b[:len(p)]) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf":
		return true
	}
	return false
}

// number scans a numeric literal.
func (s *scanner) number(i int) int {
	src := s.src
	n := len(src)
	a := i
	digits := func() {
		for i < n && (src[i] >= '0' && src[i] <= '9' || src[i] == '_') {
			i++
		}
	}
	if src[i] == '0' && i+1 < n && bytes.IndexByte([]byte("xXoObB"), src[i+1]) >= 0 {
		i += 2
		for i < n && isIdentByte(src[i]) {
			i++
		}
		s.add(kNumber, a, i)
		return i
	}
	digits()
	if i < n && src[i] == '.' {
		i++
		digits()
	}
	if i < n && (src[i] == 'e' || src[i] == 'E') {
		j := i + 1
		if j < n && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < n && src[j] >= '0' && src[j] <= '9' {
			i = j
			digits()
		}
	}
	if i < n && (src[i] == 'j' || src[i] == 'J') {
		i++
	}
	s.add(kNumber, a, i)
	return i
}

// opLen returns the length of the operator at the start of b.
func opLen(b []byte) int {
	var c1, c2 byte
	if len(b) > 1 {
		c1 = b[1]
	}
	if len(b) > 2 {
		c2 = b[2]
	}
	switch b[0] {
	case '*', '/', '<', '>':
		if c1 == b[0] {
			if c2 == '=' {
				return 3
			}
			return 2
		}
		if c1 == '=' || b[0] == '<' && c1 == '>' {
			return 2
		}
	case '.':
		if c1 == '.' && c2 == '.' {
			return 3
		}
	case '-':
		if c1 == '=' || c1 == '>' {
			return 2
		}
	case '!', '%', '&', '+', '^', '|', '=', ':', '@':
		if c1 == '=' {
			return 2
		}
	}
	return 1
}

// op scans an operator or bracket.
func (s *scanner) op(i int) int {
	src := s.src
	if n := opLen(src[i:]); n > 1 {
		s.add(kOp, i, i+n)
		return i + n
	}
	switch c := src[i]; c {
	case '(', '[', '{':
		s.open(kOp, i, i+1)
	case ')', ']', '}':
		if t := s.top(); t >= 0 && s.toks[t].kind == kOp {
			s.close(kOp, i, i+1)
		} else {
			s.add(kOp, i, i+1)
		}
	default:
		s.add(kOp, i, i+1)
	}
	return i + 1
}

// str scans a string literal whose prefix starts at a and whose quote is at q.
func (s *scanner) str(a, q int) int {
	src := s.src
	n := len(src)
	quote := src[q]
	triple := q+2 < n && src[q+1] == quote && src[q+2] == quote
	ql := 1
	if triple {
		ql = 3
	}
	raw, f := false, false
	for _, c := range src[a:q] {
		switch c | 0x20 {
		case 'r':
			raw = true
		case 'f':
			f = true
		}
	}
	if f {
		st := s.open(kFStart, a, q+ql)
		t := &s.toks[st]
		t.pre, t.q, t.raw = uint8(q-a), uint8(ql), raw
		fc := &fctx{quote: quote, triple: triple, raw: raw, start: a}
		i := s.fbody(q+ql, fc, false)
		s.close(kFEnd, i, i+ql)
		return i + ql
	}
	i := q + ql
	for {
		if i >= n {
			s.unterminated(a, triple)
		}
		c := src[i]
		switch {
		case c == '\\':
			i += 2
			if i < n && src[i-1] == '\r' && src[i] == '\n' {
				i++
			}
			continue
		case c == quote && (!triple || i+2 < n && src[i+1] == quote && src[i+2] == quote):
			t := &s.toks[s.add(kString, a, i+ql)]
			t.pre, t.q, t.raw = uint8(q-a), uint8(ql), raw
			return i + ql
		case c == '\n' && !triple:
			s.unterminated(a, triple)
		}
		i++
	}
}

func (s *scanner) unterminated(a int, triple bool) {
	line := 1 + bytes.Count(s.src, []byte{'\n'})
	if triple {
		s.fail(a, "unterminated triple-quoted string literal (detected at line %d)", line)
	}
	line = 1 + bytes.Count(s.src[:a], []byte{'\n'})
	s.fail(a, "unterminated string literal (detected at line %d)", line)
}

// fbody scans f-string literal text from i, emitting kFLit tokens and
// replacement fields. Outside a spec it returns the offset of the closing
// quote; in a spec it returns the offset of the '}' ending the field.
func (s *scanner) fbody(i int, fc *fctx, spec bool) int {
	src := s.src
	n := len(src)
	lit := i
	flush := func() {
		if i > lit {
			s.add(kFLit, lit, i)
		}
	}
	for {
		if i >= n {
			if spec {
				s.fail(fc.start, "f-string: expecting '}'")
			}
			s.unterminated(fc.start, fc.triple)
		}
		c := src[i]
		switch {
		case c == fc.quote && (!fc.triple || i+2 < n && src[i+1] == c && src[i+2] == c):
			if spec {
				s.fail(i, "f-string: expecting '}'")
			}
			flush()
			return i
		case c == '\\':
			var d byte
			if i+1 < n {
				d = src[i+1]
			}
			switch {
			case d == '{' || d == '}':
				i++
			case !fc.raw && d == 'N' && i+2 < n && src[i+2] == '{':
				k := bytes.IndexByte(src[i:], '}')
				if k < 0 {
					s.unterminated(fc.start, fc.triple)
				}
				i += k + 1
			case d == '\r' && i+2 < n && src[i+2] == '\n':
				i += 3
			default:
				i += 2
			}
		case c == '\n' && !fc.triple:
			s.unterminated(fc.start, false)
		case c == '{':
			if !spec && i+1 < n && src[i+1] == '{' {
				i += 2
				continue
			}
			flush()
			o := s.open(kFOpen, i, i+1)
			i = s.scan(i+1, o, fc)
			lit = i
		case c == '}':
			if spec {
				flush()
				return i
			}
			if i+1 < n && src[i+1] == '}' {
				i += 2
				continue
			}
			s.fail(i, "f-string: single '}' is not allowed")
		default:
			i++
		}
	}
}
