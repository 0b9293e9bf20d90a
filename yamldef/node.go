package yamldef

import (
	"cmp"
	"fmt"
	"github.com/aiflow-go/aiflow/operator"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/aiflow-go/aiflow/internal/spell"
	"github.com/aiflow-go/aiflow/ir"
)

// parser holds the state of one Parse call.
type parser struct {
	file  string
	src   []byte
	lines []int // byte offset of the start of every line
	diags ir.Diagnostics
	// visits counts the nodes the walker resolved; budget caps it so that
	// nested aliases (a "billion laughs" document) cannot expand without end.
	visits, budget int
}

// bailout aborts the current document after its diagnostic was recorded.
type bailout struct{}

func newParser(file string, src []byte) *parser {
	p := &parser{file: file, src: src, lines: []int{0}, budget: 100_000 + 20*len(src)}
	for i, b := range src {
		if b == '\n' {
			p.lines = append(p.lines, i+1)
		}
	}
	// yaml.v3 skips a byte order mark without counting it as a column.
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		p.lines[0] = 3
	}
	return p
}

func (p *parser) errorf(code ir.Code, sp ir.Span, format string, args ...any) {
	p.diags = append(p.diags, ir.Errorf(code, sp, format, args...))
}

// span returns where n was written: from its first character to the end of
// its text when that can be found, else with a zero End.
func (p *parser) span(n *yaml.Node) ir.Span {
	sp := ir.Span{File: p.file, Start: ir.Pos{Line: n.Line, Col: n.Column}}
	if off := p.endOffset(n); off >= 0 {
		sp.End = p.posAt(off)
	}
	return sp
}

// exprSpan is where the text of a string scalar is written: for a
// one-line scalar whose source is its value (plain, or quoted without
// escapes), exactly that text, so that a position in an expression is a
// column of the file; else the scalar's span.
func (p *parser) exprSpan(v *yaml.Node) ir.Span {
	n := v
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	sp := p.span(n)
	off, end := p.offset(n.Line, n.Column), p.scalarEnd(n)
	if n.Kind != yaml.ScalarNode || off < 0 || end < 0 {
		return sp
	}
	off = p.skipProps(off, n)
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		off, end = off+1, end-1
	}
	if off > end || string(p.src[off:end]) != n.Value {
		return sp
	}
	return ir.Span{File: p.file, Start: p.posAt(off), End: p.posAt(end)}
}

// between returns the span from the start of a to the end of b.
func (p *parser) between(a, b *yaml.Node) ir.Span {
	sp := p.span(a)
	sp.End = p.span(b).End
	return sp
}

// offset converts a line and column (in runes) to a byte offset, or -1.
func (p *parser) offset(line, col int) int {
	if line < 1 || line > len(p.lines) || col < 1 {
		return -1
	}
	off := p.lines[line-1]
	for c := 1; c < col; c++ {
		if off >= len(p.src) || p.src[off] == '\n' {
			return -1
		}
		_, size := utf8.DecodeRune(p.src[off:])
		off += size
	}
	return off
}

// posAt converts a byte offset to a position.
func (p *parser) posAt(off int) ir.Pos {
	line := sort.Search(len(p.lines), func(i int) bool { return p.lines[i] > off })
	start := p.lines[line-1]
	if off < start {
		off = start
	}
	return ir.Pos{Line: line, Col: utf8.RuneCount(p.src[start:off]) + 1}
}

// endOffset returns the byte offset just after n's text, or -1 when it
// cannot be told (block scalars, plain scalars folded over lines).
func (p *parser) endOffset(n *yaml.Node) int {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return p.endOffset(n.Content[0])
		}
	case yaml.AliasNode:
		if off := p.offset(n.Line, n.Column); off >= 0 {
			return min(off+1+len(n.Value), len(p.src))
		}
	case yaml.ScalarNode:
		return p.scalarEnd(n)
	case yaml.MappingNode, yaml.SequenceNode:
		return p.collectionEnd(n)
	}
	return -1
}

// skipProps skips an anchor and a tag written before a node's content.
func (p *parser) skipProps(off int, n *yaml.Node) int {
	for range 2 {
		if off >= len(p.src) || (p.src[off] != '&' || n.Anchor == "") && (p.src[off] != '!' || n.Style&yaml.TaggedStyle == 0) {
			break
		}
		for off < len(p.src) && !isSpace(p.src[off]) {
			off++
		}
		for off < len(p.src) && isSpace(p.src[off]) {
			off++
		}
	}
	return off
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func (p *parser) scalarEnd(n *yaml.Node) int {
	off := p.offset(n.Line, n.Column)
	if off < 0 {
		return -1
	}
	off = p.skipProps(off, n)
	src := p.src
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		if off >= len(src) || src[off] != '"' {
			return -1
		}
		for i := off + 1; i < len(src); i++ {
			switch src[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
	case n.Style&yaml.SingleQuotedStyle != 0:
		if off >= len(src) || src[off] != '\'' {
			return -1
		}
		for i := off + 1; i < len(src); i++ {
			if src[i] == '\'' {
				if i+1 < len(src) && src[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return -1
	default:
		if !strings.Contains(n.Value, "\n") && strings.HasPrefix(string(src[off:min(len(src), off+len(n.Value))]), n.Value) {
			return off + len(n.Value)
		}
	}
	return -1
}

func (p *parser) collectionEnd(n *yaml.Node) int {
	from := -1
	if len(n.Content) > 0 {
		from = p.endOffset(n.Content[len(n.Content)-1])
	}
	if n.Style&yaml.FlowStyle == 0 {
		return from
	}
	if len(n.Content) == 0 {
		if from = p.offset(n.Line, n.Column); from >= 0 {
			from = p.skipProps(from, n) + 1
		}
	}
	if from < 0 {
		return -1
	}
	closer := byte(']')
	if n.Kind == yaml.MappingNode {
		closer = '}'
	}
	for i := from; i < len(p.src); i++ {
		switch c := p.src[i]; c {
		case ' ', '\t', '\r', '\n', ',':
		case '#':
			for i < len(p.src) && p.src[i] != '\n' {
				i++
			}
		case closer:
			return i + 1
		default:
			return -1
		}
	}
	return -1
}

// resolve follows aliases. Every node the walker looks at passes through
// here, which is where the expansion budget is enforced.
func (p *parser) resolve(n *yaml.Node) *yaml.Node {
	p.visits++
	if p.visits > p.budget {
		p.errorf(ir.CodeBadValue, p.span(n), "aliases expand this document to more than %d values", p.budget)
		panic(bailout{})
	}
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// checkAliases reports aliases that refer to a node containing them and
// removes them (with their key in a mapping), so that the walker never
// loops and reports nothing else about them. It returns false when n itself
// is such an alias. Only anchored nodes can be the target of an alias, so
// only they need a visit state.
func (p *parser) checkAliases(n *yaml.Node, state map[*yaml.Node]int) bool {
	const active, done = 1, 2
	if n.Anchor != "" {
		if state[n] != 0 {
			return true
		}
		state[n] = active
		defer func() { state[n] = done }()
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		if state[n.Alias] == active {
			p.errorf(ir.CodeSyntax, p.span(n), "recursive alias %q: the anchored value contains itself", n.Value)
			return false
		}
		return p.checkAliases(n.Alias, state)
	}
	step := 1
	if n.Kind == yaml.MappingNode {
		step = 2
	}
	kept := n.Content[:0]
	for i := 0; i+step <= len(n.Content); i += step {
		group := n.Content[i : i+step]
		ok := true
		for _, c := range group {
			ok = p.checkAliases(c, state) && ok
		}
		if ok {
			kept = append(kept, group...)
		}
	}
	n.Content = kept
	return true
}

// label names a value in messages: [noun #item of] ["sub" in] ["key" in]
// ctx, such as `item #2 of "application_args" in task "spark"`. It is
// formatted only when a message needs it, which keeps the walk free of
// string building.
type label struct {
	ctx      string // the enclosing mapping, such as `task "extract"`
	key, sub string // a key of it, and a key of that key's value
	noun     string // what the item is, default "item"
	item     int    // 1-based item number, 0 when none
}

func (l label) String() string {
	s := l.ctx
	if l.key != "" {
		s = strconv.Quote(l.key) + " in " + s
	}
	if l.sub != "" {
		s = strconv.Quote(l.sub) + " in " + s
	}
	if l.item > 0 {
		s = cmp.Or(l.noun, "item") + " #" + strconv.Itoa(l.item) + " of " + s
	}
	return s
}

// in names a key of the value l names.
func (l label) in(key string) label {
	if l.key == "" {
		l.key = key
	} else {
		l.sub = key
	}
	return l
}

// nth names item i (0-based) of the list l names.
func (l label) nth(noun string, i int) label {
	l.noun, l.item = noun, i+1
	return l
}

// entry is one key of a mapping, merge keys expanded.
type entry struct {
	key *yaml.Node // a scalar
	val *yaml.Node // as written (possibly an alias)
}

func (e entry) name() string { return e.key.Value }

func find(entries []entry, name string) *entry {
	for i := range entries {
		if entries[i].name() == name {
			return &entries[i]
		}
	}
	return nil
}

func isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Tag == "!!merge"
}

// mapping returns the keys of the mapping n in order, with merge keys (<<)
// expanded in place: keys written in n win over merged ones, and earlier
// merge sources win over later ones. Keys that are not scalars and repeated
// keys are reported; ctx names the mapping in messages.
func (p *parser) mapping(n *yaml.Node, l label) []entry {
	// entries holds the merge keys too, in place, until they are expanded.
	entries := make([]entry, 0, len(n.Content)/2)
	var explicit map[string]*yaml.Node
	if len(n.Content) > 16 {
		explicit = make(map[string]*yaml.Node, len(n.Content)/2)
	}
	first := func(name string) *yaml.Node {
		if explicit != nil {
			return explicit[name]
		}
		for _, e := range entries {
			if e.name() == name && !isMerge(e.key) {
				return e.key
			}
		}
		return nil
	}
	merges := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := p.resolve(n.Content[i]), n.Content[i+1]
		switch {
		case isMerge(k):
			entries = append(entries, entry{k, v})
			merges = true
		case k.Kind != yaml.ScalarNode:
			p.errorf(ir.CodeBadType, p.span(k), "keys of %s must be strings, not %s", l, describe(k))
		case first(k.Value) != nil:
			d := ir.Errorf(ir.CodeDuplicateKey, p.span(k), "duplicate key %q in %s", k.Value, l)
			d.Related = []ir.Related{{Message: "first defined here", Span: p.span(first(k.Value))}}
			p.diags = append(p.diags, d)
		default:
			entries = append(entries, entry{k, v})
			if explicit != nil {
				explicit[k.Value] = k
			}
		}
	}
	if !merges {
		return entries
	}
	out := make([]entry, 0, len(entries))
	emitted := map[string]bool{}
	for _, e := range entries {
		if !isMerge(e.key) {
			out = append(out, e)
			continue
		}
		for _, m := range p.mergeSources(e.val, l) {
			if name := m.name(); first(name) == nil && !emitted[name] {
				emitted[name] = true
				out = append(out, m)
			}
		}
	}
	return out
}

// mergeSources returns the entries a merge key brings in, earlier sources
// first.
func (p *parser) mergeSources(v *yaml.Node, l label) []entry {
	bad := func(n *yaml.Node) {
		p.errorf(ir.CodeBadType, p.span(n), "the merge key (<<) in %s takes a mapping or a list of mappings, not %s", l, describe(n))
	}
	rv := p.resolve(v)
	switch rv.Kind {
	case yaml.MappingNode:
		return p.mapping(rv, l)
	case yaml.SequenceNode:
		var out []entry
		seen := map[string]bool{}
		for _, item := range rv.Content {
			ri := p.resolve(item)
			if ri.Kind != yaml.MappingNode {
				bad(ri)
				continue
			}
			for _, e := range p.mapping(ri, l) {
				if !seen[e.name()] {
					seen[e.name()] = true
					out = append(out, e)
				}
			}
		}
		return out
	}
	bad(rv)
	return nil
}

// describe names the type of a node for bad-type messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "null"
		case "!!bool":
			return "a boolean"
		case "!!int":
			return "an integer"
		case "!!float":
			return "a number"
		}
		return "a string"
	}
	return "an alias"
}

// isString reports whether a resolved node is a scalar that reads as a
// string: anything but null, booleans and numbers (timestamps and custom tags
// keep the text as written).
func isString(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	switch n.ShortTag() {
	case "!!null", "!!bool", "!!int", "!!float":
		return false
	}
	return true
}

func (p *parser) typeErr(n *yaml.Node, l label, want string) {
	p.errorf(ir.CodeBadType, p.span(n), "%s must be %s, not %s", l, want, describe(n))
}

// str reads a string value; l names it in messages.
func (p *parser) str(v *yaml.Node, l label) (string, bool) {
	n := p.resolve(v)
	if !isString(n) {
		p.typeErr(n, l, "a string")
		return "", false
	}
	return n.Value, true
}

// seq reads a list value.
func (p *parser) seq(v *yaml.Node, l label) ([]*yaml.Node, bool) {
	n := p.resolve(v)
	if n.Kind != yaml.SequenceNode {
		p.typeErr(n, l, "a list")
		return nil, false
	}
	return n.Content, true
}

// mapOf reads a mapping value.
func (p *parser) mapOf(v *yaml.Node, l label) (*yaml.Node, bool) {
	n := p.resolve(v)
	if n.Kind != yaml.MappingNode {
		p.typeErr(n, l, "a mapping")
		return nil, false
	}
	return n, true
}

func parseInt(s string) (int64, error) {
	return strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 0, 64)
}

func parseFloat(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err == nil && (math.IsInf(f, 0) || math.IsNaN(f)) {
		// JSON, and so the IR, has no infinities.
		return 0, fmt.Errorf("infinite or not-a-number values are not supported")
	}
	if err != nil {
		switch strings.ToLower(strings.TrimPrefix(s, "+")) {
		case ".inf", "-.inf", ".nan":
			return 0, fmt.Errorf("infinite or not-a-number values are not supported")
		}
	}
	return f, err
}

// number reads a number scalar (integer or float) as float64.
func (p *parser) number(n *yaml.Node, l label) (float64, bool) {
	var f float64
	var err error
	switch n.ShortTag() {
	case "!!int":
		var i int64
		if i, err = parseInt(n.Value); err == nil {
			f = float64(i)
		} else {
			f, err = parseFloat(n.Value)
		}
	case "!!float":
		f, err = parseFloat(n.Value)
	default:
		p.typeErr(n, l, "a number")
		return 0, false
	}
	if err != nil {
		p.errorf(ir.CodeBadValue, p.span(n), "%s: bad number %q: %s", l, n.Value, errText(err))
		return 0, false
	}
	return f, true
}

// errText strips strconv's function prefix from an error.
func errText(err error) string {
	if ne, ok := err.(*strconv.NumError); ok {
		return ne.Err.Error()
	}
	return err.Error()
}

// value reads an operator-argument-like value of kind k: strings, booleans,
// integers, seconds (numbers or duration strings), string lists and maps, and
// free-form lists and maps.
func (p *parser) value(k kind, v *yaml.Node, l label) (any, bool) {
	n := p.resolve(v)
	switch k {
	case kind(operator.TString):
		return p.str(n, l)
	case kind(operator.TBool):
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			p.typeErr(n, l, "true or false")
			return nil, false
		}
		return strings.EqualFold(n.Value, "true"), true
	case kind(operator.TInt):
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
			p.typeErr(n, l, "an integer")
			return nil, false
		}
		i, err := parseInt(n.Value)
		if err != nil {
			p.errorf(ir.CodeBadValue, p.span(n), "%s: bad integer %q: %s", l, n.Value, errText(err))
			return nil, false
		}
		return i, true
	case kNumberValue:
		if isString(n) {
			d, err := time.ParseDuration(n.Value)
			if err != nil {
				p.errorf(ir.CodeBadValue, p.span(n), "%s must be a number of seconds or a duration such as \"90s\" or \"1h30m\", not %q", l, n.Value)
				return nil, false
			}
			return d.Seconds(), true
		}
		if n.Kind != yaml.ScalarNode {
			p.typeErr(n, l, "a number of seconds or a duration")
			return nil, false
		}
		f, ok := p.number(n, l)
		return f, ok
	case kind(operator.TStrings):
		items, ok := p.seq(n, l)
		if !ok {
			return nil, false
		}
		out := make([]string, 0, len(items))
		for i, item := range items {
			s, ok := p.str(item, l.nth("item", i))
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	case kEventKeys:
		if isString(n) {
			return []string{n.Value}, true
		}
		if n.Kind != yaml.SequenceNode {
			p.typeErr(n, l, "an event key or a list of event keys")
			return nil, false
		}
		return p.value(kind(operator.TStrings), n, l)
	case kind(operator.TStrMap):
		m, ok := p.mapOf(n, l)
		if !ok {
			return nil, false
		}
		out := map[string]string{}
		for _, e := range p.mapping(m, l) {
			s, ok := p.str(e.val, l.in(e.name()))
			if !ok {
				return nil, false
			}
			out[e.name()] = s
		}
		return out, true
	case kind(operator.TList):
		if n.Kind != yaml.SequenceNode {
			p.typeErr(n, l, "a list")
			return nil, false
		}
		return p.any(n, l), true
	case kind(operator.TMap):
		if n.Kind != yaml.MappingNode {
			p.typeErr(n, l, "a mapping")
			return nil, false
		}
		return p.any(n, l), true
	}
	panic(fmt.Sprintf("yamldef: no reader for kind %q", k))
}

// any converts a free-form value to nil, bool, int64, float64, string, []any
// or map[string]any, the types pydef produces. Integers too large for int64
// become float64.
func (p *parser) any(v *yaml.Node, l label) any {
	n := p.resolve(v)
	switch n.Kind {
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			out[i] = p.any(c, l)
		}
		return out
	case yaml.MappingNode:
		out := map[string]any{}
		for _, e := range p.mapping(n, l) {
			out[e.name()] = p.any(e.val, l)
		}
		return out
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil
		case "!!bool":
			return strings.EqualFold(n.Value, "true")
		case "!!int":
			if i, err := parseInt(n.Value); err == nil {
				return i
			}
			f, _ := p.number(n, l)
			return f
		case "!!float":
			f, _ := p.number(n, l)
			return f
		}
		return n.Value
	}
	return nil
}

// unknownKey reports a key that keys does not hold, suggesting the nearest
// one or listing them all.
func (p *parser) unknownKey(e entry, keys []key, ctx string) {
	names := keyNames(keys)
	if s := spell.Nearest(e.name(), names); s != "" {
		p.errorf(ir.CodeUnknownKey, p.span(e.key), "unknown key %q in %s; did you mean %q?", e.name(), ctx, s)
		return
	}
	p.errorf(ir.CodeUnknownKey, p.span(e.key), "unknown key %q in %s; expected one of %s", e.name(), ctx, quoteList(names))
}

// badChoice reports a value that is not one of choices.
func (p *parser) badChoice(n *yaml.Node, what, value string, where label, choices []string) {
	if s := spell.Nearest(value, choices); s != "" {
		p.errorf(ir.CodeBadValue, p.span(n), "unknown %s %q in %s; did you mean %q?", what, value, where, s)
		return
	}
	p.errorf(ir.CodeBadValue, p.span(n), "unknown %s %q in %s; expected one of %s", what, value, where, quoteList(choices))
}

// quoteList formats names as "a", "b", "c".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
