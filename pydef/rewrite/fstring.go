package rewrite

import "strings"

// strings handles the run of adjacent string literals starting at token a.
// When one of them is an f-string with replacement fields, the run becomes
// one __fstr__ call whose literal arguments are the plain strings and the
// f-strings' literal parts, implicitly concatenated where adjacent.
func (r *rewriter) strings(a int32) {
	b, fields, fs := a, false, false
	for b < int32(len(r.toks)) {
		t := r.toks[b]
		if t.kind == kString {
			b++
			continue
		}
		if t.kind != kFStart || t.match < 0 {
			break
		}
		fs = true
		for j := b + 1; j < t.match; j = r.next(j) {
			fields = fields || r.toks[j].kind == kFOpen
		}
		b = t.match + 1
	}
	if !fs {
		return
	}
	for j := a; j < b; j = r.next(j) {
		t := r.toks[j]
		last := r.next(j) == b
		if t.kind == kString {
			if fields && j == a {
				r.add(t.s, t.s, "__fstr__(")
			}
			if fields && last {
				q := t.e - int32(t.q)
				r.add(q, t.e, string(r.src[q:t.e])+")")
			}
			continue
		}
		q := t.s + int32(t.pre)
		quote := string(r.src[q : q+int32(t.q)])
		pre := ""
		for _, c := range r.src[t.s:q] {
			if c|0x20 != 'f' {
				pre += string(rune(c))
			}
		}
		open := pre + quote
		if fields && j == a {
			open = "__fstr__(" + open
		}
		r.add(t.s, q+int32(t.q), open)
		f := fpart{quote: quote, reopen: pre + quote, raw: t.raw}
		if t.raw {
			f.reopen = "r" + quote
		}
		r.body(j+1, t.match, f, true)
		if fields && last {
			r.replace(t.match, quote+")")
		}
	}
}

// fpart is the quoting of the f-string being rewritten.
type fpart struct {
	quote  string // ' " ''' or """
	reopen string // prefix and quote that open a literal after a field
	raw    bool
}

// body rewrites the literal parts and fields among tokens (a, b) at one
// level: an f-string body (collapse true: {{ and }} are escapes) or a spec.
func (r *rewriter) body(a, b int32, f fpart, collapse bool) {
	for j := a; j < b; j = r.next(j) {
		switch r.toks[j].kind {
		case kFLit:
			next := r.toks[j+1].kind
			r.literal(j, f, collapse, next == kFOpen || next == kFClose)
		case kFOpen:
			r.field(j, f)
		}
	}
}

// field rewrites the replacement field opened by token o into
// `Q, (expr), 'conv', spec, Q` where Q closes and reopens literals.
func (r *rewriter) field(o int32, f fpart) {
	c := r.toks[o].match
	eq, conv, spec := int32(-1), int32(-1), int32(-1)
	for j := o + 1; j < c; j = r.next(j) {
		switch r.toks[j].kind {
		case kFEq:
			eq = j
		case kFConv:
			conv = j
		case kFSpec:
			spec = j
		}
	}
	open := f.quote + ", ("
	if eq >= 0 {
		open = f.quote + " " + pyquote(string(r.src[r.toks[o].e:r.toks[eq].e])) + ", ("
	}
	r.replace(o, open)
	closeParen := ")"
	if eq >= 0 {
		r.replace(eq, closeParen)
		closeParen = ""
	}
	if conv >= 0 {
		t := r.toks[conv]
		r.replace(conv, closeParen+", '"+string(r.src[t.s+1:t.e])+"'")
		closeParen = ""
	}
	nested := false
	if spec >= 0 {
		for j := spec + 1; j < c; j = r.next(j) {
			nested = nested || r.toks[j].kind == kFOpen
		}
		t := closeParen
		if conv < 0 {
			t += ", ''"
		}
		t += ", "
		if nested {
			t += "__fstr__("
		}
		r.replace(spec, t+f.reopen)
		closeParen = ""
		r.body(spec+1, c, f, false)
	}
	t := closeParen
	switch {
	case conv < 0 && spec < 0 && eq >= 0:
		t += ", 'r'"
	case conv < 0 && spec < 0:
		t += ", ''"
	}
	if spec >= 0 {
		t += f.quote
		if nested {
			t += ")"
		}
	} else {
		t += ", ''"
	}
	r.replace(c, t+", "+f.reopen)
}

// literal rewrites the literal text of token j: doubled braces become
// single ones, and when a quote is inserted right after it (before a
// field or at the end of a spec) a trailing lone backslash or trailing
// quote characters are escaped so that the inserted quote ends the literal.
func (r *rewriter) literal(j int32, f fpart, collapse, closed bool) {
	t := r.toks[j]
	seg := r.src[t.s:t.e]
	q := f.quote[0]
	lone, run := false, -1
	for k := 0; k < len(seg); {
		c := seg[k]
		switch {
		case c == '\\':
			run = -1
			switch {
			case k+1 >= len(seg):
				lone = true
				k++
			case seg[k+1] == '{' || seg[k+1] == '}':
				k++
			case !f.raw && seg[k+1] == 'N' && k+2 < len(seg) && seg[k+2] == '{':
				n := strings.IndexByte(string(seg[k:]), '}')
				if n < 0 {
					n = len(seg) - k - 1
				}
				k += n + 1
			default:
				k += 2
			}
		case collapse && (c == '{' || c == '}') && k+1 < len(seg) && seg[k+1] == c:
			r.add(t.s+int32(k), t.s+int32(k)+2, string(c))
			run = -1
			k += 2
		case c == q:
			if run < 0 {
				run = k
			}
			k++
		default:
			run = -1
			k++
		}
	}
	if !closed {
		return
	}
	switch {
	case lone && f.raw:
		r.add(t.e-1, t.e, f.quote+` '\\' `+f.reopen)
	case lone:
		r.add(t.e, t.e, `\`)
	case run >= 0 && len(f.quote) == 3 && f.raw:
		r.add(t.s+int32(run), t.e, f.quote+" "+pyquote(string(seg[run:]))+" "+f.reopen)
	case run >= 0 && len(f.quote) == 3:
		r.add(t.s+int32(run), t.e, strings.Repeat(`\`+string(q), len(seg)-run))
	}
}
