package rewrite

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// rewriter walks the tokens one logical line at a time and collects edits
// and problems.
type rewriter struct {
	src     []byte
	toks    []tok
	starts  []int
	edits   []edit
	probs   []Problem
	blocks  []block
	ind     []int      // CPython's indentation stack (tab size 8)
	alt     []int      // the same with tab size 1, to detect TabError
	targets [][2]int32 // byte ranges of assignment and for targets in the line
	dead    [][2]int32 // byte ranges blanked in the line; tokens there are ignored
	buf     []item
}

// block is an enclosing def or class, for super().
type block struct {
	indent int
	class  bool
	param  string // first parameter of a def, "" if none
}

// item is one comma-separated element inside brackets: tokens a..b
// (inclusive), with the first ':' and '=' and 'for' at its own level.
type item struct {
	a, b, colon, eq, forAt int32
}

var keywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true,
	"async": true, "await": true, "break": true, "class": true, "continue": true, "def": true,
	"del": true, "elif": true, "else": true, "except": true, "finally": true, "for": true,
	"from": true, "global": true, "if": true, "import": true, "in": true, "is": true,
	"lambda": true, "nonlocal": true, "not": true, "or": true, "pass": true, "raise": true,
	"return": true, "try": true, "while": true, "with": true, "yield": true,
}

var compound = map[string]bool{
	"if": true, "elif": true, "else": true, "while": true, "for": true, "try": true,
	"except": true, "finally": true, "with": true, "def": true, "class": true,
}

func (r *rewriter) text(i int32) string { t := r.toks[i]; return string(r.src[t.s:t.e]) }

func (r *rewriter) is(i int32, k kind, s string) bool {
	t := &r.toks[i]
	return t.kind == k && int(t.e-t.s) == len(s) && string(r.src[t.s:t.e]) == s
}

// in reports whether token i's text is a key of m.
func (r *rewriter) in(m map[string]bool, i int32) bool {
	t := &r.toks[i]
	return m[string(r.src[t.s:t.e])]
}

func (r *rewriter) op(i int32, s string) bool { return r.is(i, kOp, s) }

func (r *rewriter) name(i int32, s string) bool { return r.is(i, kName, s) }

// opener reports whether token i opens a bracket with a known partner.
func (r *rewriter) opener(i int32) bool { return r.toks[i].match > i }

func (r *rewriter) add(s, e int32, text string) {
	r.edits = append(r.edits, edit{s, e, text})
}

func (r *rewriter) replace(i int32, text string) { r.add(r.toks[i].s, r.toks[i].e, text) }

func (r *rewriter) problem(s, e int32, msg string) {
	l, c := position(r.src, r.starts, int(s))
	el, ec := position(r.src, r.starts, int(e))
	r.probs = append(r.probs, Problem{Line: l, Col: c, EndLine: el, EndCol: ec, Message: msg})
}

// line handles one logical line.
func (r *rewriter) line(l lline) {
	col := r.indent(l)
	for len(r.blocks) > 0 && r.blocks[len(r.blocks)-1].indent >= col {
		r.blocks = r.blocks[:len(r.blocks)-1]
	}
	r.targets = r.targets[:0]
	r.dead = r.dead[:0]
	r.statements(l.first, l.end, col)
	d := 0
	for i := l.first; i < l.end; i++ {
		s := r.toks[i].s
		for d < len(r.dead) && s >= r.dead[d][1] {
			d++
		}
		if d < len(r.dead) && s >= r.dead[d][0] {
			continue
		}
		r.token(i, l.end)
	}
}

// indent checks the indentation of a logical line the way CPython does and
// returns its width with tab stops of 8.
func (r *rewriter) indent(l lline) int {
	col, alt := 0, 0
	for _, c := range r.src[l.indS:l.indE] {
		switch c {
		case ' ':
			col++
			alt++
		case '\t':
			col = (col/8 + 1) * 8
			alt++
		case '\f':
			col, alt = 0, 0
		}
	}
	top := len(r.ind) - 1
	bad := false
	switch {
	case col == r.ind[top]:
		bad = alt != r.alt[top]
	case col > r.ind[top]:
		bad = alt <= r.alt[top]
		r.ind = append(r.ind, col)
		r.alt = append(r.alt, alt)
	default:
		for top > 0 && col < r.ind[top] {
			top--
		}
		r.ind, r.alt = r.ind[:top+1], r.alt[:top+1]
		bad = col == r.ind[top] && alt != r.alt[top]
	}
	if bad {
		r.problem(l.indS, l.indE, "inconsistent use of tabs and spaces in indentation")
	}
	return col
}

// next returns the index after token j at the same level, jumping over
// bracketed groups.
func (r *rewriter) next(j int32) int32 {
	if r.opener(j) {
		return r.toks[j].match + 1
	}
	return j + 1
}

// statements splits the tokens [a, end) of a logical line into statements.
func (r *rewriter) statements(a, end int32, col int) {
	for i := a; i < end; {
		t := r.toks[i]
		if t.kind == kName && (r.in(compound, i) || r.name(i, "async") && i+1 < end && r.in(compound, i+1)) {
			d := i
			if r.name(i, "async") {
				d = i + 1
			}
			switch {
			case r.name(d, "def"):
				r.def(d, col)
			case r.name(d, "class"):
				r.blocks = append(r.blocks, block{indent: col, class: true})
			}
			j := d + 1
			for j < end && !(r.toks[j].depth == 0 && r.op(j, ":")) {
				j = r.next(j)
			}
			i = j + 1
			continue
		}
		j := i
		for j < end && !(r.toks[j].depth == 0 && r.op(j, ";")) {
			j = r.next(j)
		}
		r.simple(i, min(j, end))
		i = j + 1
	}
}

// def handles a def header: positional-only markers, a trailing comma
// after *args or **kwargs, and the block for super().
func (r *rewriter) def(d int32, col int) {
	b := block{indent: col}
	defer func() { r.blocks = append(r.blocks, b) }()
	p := d + 2
	if int(p) >= len(r.toks) || !r.op(p, "(") || !r.opener(p) {
		return
	}
	items, trailing := r.items(p)
	star := false
	for k, it := range items {
		switch {
		case k == 0 && r.toks[it.a].kind == kName:
			b.param = r.text(it.a)
		case it.a == it.b && r.op(it.a, "/"):
			r.problem(r.toks[it.a].s, r.toks[it.a].e, "positional-only parameters (/) are not supported by the definition loader; remove the '/'")
		}
		star = star || r.op(it.a, "*") || r.op(it.a, "**")
	}
	if star && trailing >= 0 {
		r.replace(trailing, " ")
	}
}

// simple handles a simple statement, tokens [a, b).
func (r *rewriter) simple(a, b int32) {
	if a >= b {
		return
	}
	last := int32(-1)
	for j := a; j < b && !r.name(j, "lambda"); j = r.next(j) {
		if r.op(j, "=") {
			last = j
		}
	}
	if last >= 0 {
		r.targets = append(r.targets, [2]int32{r.toks[a].s, r.toks[last].s})
	}
	first := r.toks[a]
	if r.op(a, "@") {
		r.decorator(a, b)
		return
	}
	if r.name(a, "match") && b-a >= 3 && r.op(b-1, ":") && r.toks[b-1].depth == 0 {
		if n := r.toks[a+1]; n.kind != kOp || strings.Contains("([{-*~", r.text(a+1)) {
			r.problem(first.s, first.e, "match statements are not supported by the definition loader; use if/elif")
			return
		}
	}
	j := a
	switch {
	case first.kind == kName && !r.in(keywords, a):
		j++
	case r.op(a, "(") && r.opener(a):
		j = first.match + 1
	default:
		return
	}
	for j < b {
		if r.op(j, ".") && j+1 < b && r.toks[j+1].kind == kName {
			j += 2
		} else if (r.op(j, "[") || r.op(j, "(")) && r.opener(j) {
			j = r.toks[j].match + 1
		} else {
			break
		}
	}
	if j+1 >= b || !r.op(j, ":") || r.op(j+1, "=") {
		return
	}
	colon := j
	k := colon + 1
	for k < b && !r.op(k, "=") {
		k = r.next(k)
	}
	end := r.toks[k-1].e
	if k < b {
		r.blank(r.toks[colon].s, end, false)
	} else {
		r.blank(first.s, end, true)
	}
}

// decorator checks that the decorator statement [a, b) has the 3.4 form
// '@' dotted_name [ '(' arguments ')' ] (PEP 614 allows any expression).
func (r *rewriter) decorator(a, b int32) {
	j := a + 1
	for j < b && r.toks[j].kind == kName {
		j++
		if j < b && r.op(j, ".") {
			j++
		}
	}
	if j < b && r.op(j, "(") && r.opener(j) {
		j = r.toks[j].match + 1
	}
	if j == a+1 || j < b || r.op(j-1, ".") {
		r.problem(r.toks[a].s, r.toks[b-1].e, "this decorator expression is not supported by the definition loader; use a name, optionally with a call")
	}
}

// blank replaces src[s:e] with spaces, line by line, ending each line but
// the last with a backslash continuation; zero puts a 0 first.
func (r *rewriter) blank(s, e int32, zero bool) {
	r.dead = append(r.dead, [2]int32{s, e})
	for p := s; p < e; {
		end, nl := e, int32(-1)
		if k := bytes.IndexByte(r.src[p:e], '\n'); k >= 0 {
			end, nl = p+int32(k), p+int32(k)
			if end > p && r.src[end-1] == '\r' {
				end--
			}
		}
		n := utf8.RuneCount(r.src[p:end])
		t := strings.Repeat(" ", n)
		if zero && p == s && n > 0 {
			t = "0" + t[1:]
		}
		if nl >= 0 {
			t += "\\"
		}
		r.add(p, end, t)
		if nl < 0 {
			break
		}
		p = nl + 1
	}
}

// items splits the inside of bracket o into comma-separated items and
// returns the index of a trailing comma (-1 if none). The slice is reused.
func (r *rewriter) items(o int32) ([]item, int32) {
	c := r.toks[o].match
	r.buf = r.buf[:0]
	cur := item{a: -1, colon: -1, eq: -1, forAt: -1}
	trailing := int32(-1)
	for j := o + 1; j < c; j = r.next(j) {
		if r.op(j, ",") {
			if cur.a >= 0 {
				r.buf = append(r.buf, cur)
			}
			cur = item{a: -1, colon: -1, eq: -1, forAt: -1}
			trailing = j
			continue
		}
		trailing = -1
		if cur.a < 0 {
			cur.a = j
		}
		cur.b = j
		if r.opener(j) {
			cur.b = r.toks[j].match
		}
		switch {
		case cur.colon < 0 && r.op(j, ":"):
			cur.colon = j
		case cur.eq < 0 && r.op(j, "="):
			cur.eq = j
		case cur.forAt < 0 && r.name(j, "for"):
			cur.forAt = j
			if j > cur.a && r.name(j-1, "async") {
				cur.forAt = j - 1
			}
		}
	}
	if cur.a >= 0 {
		r.buf = append(r.buf, cur)
	}
	return r.buf, trailing
}

// token handles token i of a logical line ending at end.
func (r *rewriter) token(i, end int32) {
	t := r.toks[i]
	switch t.kind {
	case kNumber:
		if s := r.text(i); strings.IndexByte(s, '_') >= 0 {
			r.replace(i, strings.ReplaceAll(s, "_", ""))
		}
	case kString, kFStart:
		if i == 0 || r.toks[i-1].kind != kString && r.toks[i-1].kind != kFEnd {
			r.strings(i)
		}
	case kName:
		r.nameToken(i, end)
	case kOp:
		switch {
		case r.op(i, ":="):
			r.problem(t.s, t.e, "assignment expressions (:=) are not supported by the definition loader; assign on a separate line")
		case r.op(i, "@=") || r.op(i, "@") && i > 0 && r.value(i-1):
			r.problem(t.s, t.e, "the matrix multiplication operator (@) is not supported by the definition loader")
		case r.opener(i):
			r.bracket(i)
		}
	}
}

func (r *rewriter) nameToken(i, end int32) {
	t := r.toks[i]
	if n := t.e - t.s; n < 3 || n > 6 {
		return
	}
	attr := i > 0 && r.op(i-1, ".")
	switch string(r.src[t.s:t.e]) {
	case "super":
		if !attr && i+2 < end && r.op(i+1, "(") && r.toks[i+1].match == i+2 {
			r.super(i)
		}
	case "async":
		if i+1 < end && (r.name(i+1, "def") || r.name(i+1, "for") || r.name(i+1, "with")) {
			r.problem(t.s, r.toks[i+1].e, "async "+r.text(i+1)+" is not supported by the definition loader")
		}
	case "await":
		if !attr && i+1 < end && r.startsExpr(i+1) {
			r.problem(t.s, t.e, "await is not supported by the definition loader")
		}
	case "lambda":
		for j := i + 1; j < end && !(r.toks[j].depth == t.depth && r.op(j, ":")); j = r.next(j) {
			if r.op(j, "/") && (r.op(j-1, ",") || j-1 == i) && (r.op(j+1, ",") || r.op(j+1, ":")) {
				r.problem(r.toks[j].s, r.toks[j].e, "positional-only parameters (/) are not supported by the definition loader; remove the '/'")
			}
		}
	case "for":
		j := i + 1
		for j < end && !(r.toks[j].depth == t.depth && r.name(j, "in")) {
			j = r.next(j)
		}
		if j < end {
			r.targets = append(r.targets, [2]int32{t.e, r.toks[j].s})
		}
	}
}

// startsExpr reports whether token i can start an expression.
func (r *rewriter) startsExpr(i int32) bool {
	t := r.toks[i]
	switch t.kind {
	case kName:
		s := r.text(i)
		return !keywords[s] || s == "None" || s == "True" || s == "False" || s == "lambda" || s == "not" || s == "await"
	case kNumber, kString, kFStart:
		return true
	case kOp:
		return strings.Contains("([{-+~", r.text(i))
	}
	return false
}

// super rewrites super() at token i inside a method.
func (r *rewriter) super(i int32) {
	n := len(r.blocks)
	if n < 2 || r.blocks[n-1].class || r.blocks[n-1].param == "" {
		return
	}
	for _, b := range r.blocks[:n-1] {
		if b.class {
			r.add(r.toks[i+1].e, r.toks[i+1].e, "__class__, "+r.blocks[n-1].param)
			return
		}
	}
}

// value reports whether token i ends an operand, so that a following '('
// is a call and '[' a subscription.
func (r *rewriter) value(i int32) bool {
	t := r.toks[i]
	switch t.kind {
	case kName:
		return !r.in(keywords, i) || r.name(i, "None") || r.name(i, "True") || r.name(i, "False")
	case kNumber, kString, kFEnd:
		return true
	case kOp:
		s := r.text(i)
		return s == ")" || s == "]" || s == "}"
	}
	return false
}

func (r *rewriter) inTarget(i int32) bool {
	s := r.toks[i].s
	for _, t := range r.targets {
		if s >= t[0] && s < t[1] {
			return true
		}
	}
	return false
}

// bracket handles an opening bracket i.
func (r *rewriter) bracket(i int32) {
	after := i > 0 && r.value(i-1)
	switch {
	case r.op(i, "{"):
		r.brace(i)
	case after && r.op(i, "("):
		if !(i >= 2 && r.name(i-2, "def")) {
			r.call(i)
		}
	case after:
	case r.op(i, "["):
		r.starDisplay(i, "__unpack_list__(")
	case r.op(i, "("):
		r.starDisplay(i, "__unpack_tuple__(")
	}
}

const (
	argPos = iota
	argKw
	argStar
	argStarStar
)

func (r *rewriter) argKind(it item) int {
	switch {
	case r.op(it.a, "*"):
		return argStar
	case r.op(it.a, "**"):
		return argStarStar
	case it.eq == it.a+1 && r.toks[it.a].kind == kName:
		return argKw
	}
	return argPos
}

// starDisplay rewrites a list, tuple or set display with *items.
func (r *rewriter) starDisplay(o int32, fn string) {
	items, trailing := r.items(o)
	star := false
	for _, it := range items {
		if it.forAt >= 0 || r.op(it.a, "**") {
			return
		}
		star = star || r.op(it.a, "*")
	}
	if !star || r.inTarget(o) || r.op(o, "(") && len(items) == 1 && trailing < 0 {
		return
	}
	r.replace(o, fn)
	r.positional(items)
	r.replace(r.toks[o].match, ")")
}

// positional removes the * of starred items and wraps runs of plain items
// in [...], so that each item is an iterable.
func (r *rewriter) positional(items []item) {
	for k := 0; k < len(items); k++ {
		it := items[k]
		if r.op(it.a, "*") {
			r.replace(it.a, "")
			continue
		}
		r.add(r.toks[it.a].s, r.toks[it.a].s, "[")
		for k+1 < len(items) && !r.op(items[k+1].a, "*") {
			k++
		}
		r.add(r.toks[items[k].b].e, r.toks[items[k].b].e, "]")
	}
}

// call checks the arguments of the call whose '(' is o.
func (r *rewriter) call(o int32) {
	items, trailing := r.items(o)
	ps, ds := -1, -1
	need := false
	for k, it := range items {
		switch r.argKind(it) {
		case argPos:
			need = need || ps >= 0 || ds >= 0
		case argKw:
			need = need || ds >= 0
		case argStar:
			need = need || ps >= 0 || ds >= 0
			if ps < 0 {
				ps = k
			}
		case argStarStar:
			need = need || ds >= 0
			if ds < 0 {
				ds = k
			}
		}
	}
	if trailing >= 0 && (ps >= 0 || ds >= 0) {
		r.replace(trailing, " ")
	}
	if !need {
		return
	}
	pe := -1
	if ps >= 0 {
		for k := ps; k < len(items) && (ds < 0 || k < ds); k++ {
			if kd := r.argKind(items[k]); kd == argPos || kd == argStar {
				pe = k
			}
		}
		for k := ps; k <= pe; k++ {
			if r.argKind(items[k]) == argKw {
				r.unsupportedCall(o)
				return
			}
		}
	}
	if ds >= 0 {
		for _, it := range items[ds:] {
			if kd := r.argKind(it); kd == argPos || kd == argStar {
				return // a syntax error in every Python 3; gpython reports it
			}
		}
	}
	stars, plain := 0, false
	for k := ps; ps >= 0 && k <= pe; k++ {
		if r.argKind(items[k]) == argStar {
			stars++
		} else {
			plain = true
		}
	}
	if stars > 1 || plain {
		first, last := items[ps], items[pe]
		r.add(r.toks[first.a].s, r.toks[first.a].s, "*__unpack_list__(")
		r.positional(items[ps : pe+1])
		r.add(r.toks[last.b].e, r.toks[last.b].e, ")")
	}
	doubles, kw := 0, false
	for k := ds; ds >= 0 && k < len(items); k++ {
		if r.argKind(items[k]) == argStarStar {
			doubles++
		} else {
			kw = true
		}
	}
	if doubles > 1 || kw {
		first, last := items[ds], items[len(items)-1]
		r.add(r.toks[first.a].s, r.toks[first.a].s, "**__merge_kwargs__(")
		for _, it := range items[ds:] {
			if r.argKind(it) == argStarStar {
				r.replace(it.a, "")
				continue
			}
			r.replace(it.a, "{'"+r.text(it.a)+"'")
			r.replace(it.eq, ":")
			r.add(r.toks[it.b].e, r.toks[it.b].e, "}")
		}
		r.add(r.toks[last.b].e, r.toks[last.b].e, ")")
	}
}

func (r *rewriter) unsupportedCall(o int32) {
	t := r.toks[o]
	r.problem(t.s, r.toks[t.match].e, "a keyword argument between *iterable arguments is not supported by the definition loader; build the argument list first")
}

// literalKey reports whether tokens [a, b) are plain str literals.
func (r *rewriter) literalKey(a, b int32) bool {
	if a >= b {
		return false
	}
	for j := a; j < b; j++ {
		t := r.toks[j]
		if t.kind != kString || strings.ContainsAny(string(r.src[t.s:t.s+int32(t.pre)]), "bB") {
			return false
		}
	}
	return true
}

// brace handles '{' at o: dict and set displays and comprehensions.
func (r *rewriter) brace(o int32) {
	items, _ := r.items(o)
	if len(items) == 0 {
		return
	}
	c := r.toks[o].match
	if f := items[0]; f.forAt >= 0 {
		if f.colon >= 0 && f.colon < f.forAt && !r.literalKey(f.a, f.colon) {
			r.replace(o, "__objdict__([(")
			r.replace(f.colon, ",")
			r.add(r.toks[f.forAt-1].e, r.toks[f.forAt-1].e, ")")
			r.replace(c, "])")
		}
		return
	}
	dict, unpack, literal := false, false, true
	for _, it := range items {
		switch {
		case r.op(it.a, "**"):
			dict, unpack = true, true
		case it.colon >= 0:
			dict = true
			literal = literal && r.literalKey(it.a, it.colon)
		}
	}
	if !dict {
		r.starDisplay(o, "__unpack_set__(")
		return
	}
	for _, it := range items {
		if it.colon < 0 && !r.op(it.a, "**") {
			return // a mix of set and dict items: gpython reports it
		}
	}
	if !unpack {
		if !literal {
			r.replace(o, "__objdict__([")
			r.pairs(items)
			r.replace(c, "])")
		}
		return
	}
	r.replace(o, "__merge_dicts__(")
	for k := 0; k < len(items); k++ {
		if r.op(items[k].a, "**") {
			r.replace(items[k].a, "")
			continue
		}
		e := k
		literal := true
		for e < len(items) && !r.op(items[e].a, "**") {
			literal = literal && r.literalKey(items[e].a, items[e].colon)
			e++
		}
		run := items[k:e]
		s, end := r.toks[run[0].a].s, r.toks[run[len(run)-1].b].e
		if literal {
			r.add(s, s, "{")
			r.add(end, end, "}")
		} else {
			r.add(s, s, "__objdict__([")
			r.pairs(run)
			r.add(end, end, "])")
		}
		k = e - 1
	}
	r.replace(c, ")")
}

// pairs turns key: value items into (key, value) tuples.
func (r *rewriter) pairs(items []item) {
	for _, it := range items {
		r.add(r.toks[it.a].s, r.toks[it.a].s, "(")
		r.replace(it.colon, ",")
		r.add(r.toks[it.b].e, r.toks[it.b].e, ")")
	}
}
