// Package rewrite turns Python 3.6+ source into source that gpython v0.2.0
// (a Python 3.4 grammar) compiles, before the definition loader runs it.
//
// # Guarantees
//
// The rewritten text has exactly the lines of the input: every newline of
// the input is kept, no newline is added, so line numbers reported by
// gpython are the user's line numbers. Columns do move; Result.MapPos (code
// points) and Result.MapOffset (gpython's 0-based byte offsets) map a
// position in the rewritten text back to the user's file. A position inside
// text the rewrite inserted maps to the start of the user's text it stands
// for (for example the '{' of an f-string field).
//
// The pass is token based and linear: a small scanner understands strings,
// f-strings (Python 3.12 rules, which accept everything 3.6-3.11 accept,
// including nested quotes of the other kind), comments, brackets and line
// continuations; rewrites are edits on the original bytes. Rewrite keeps
// no state between calls and is safe for concurrent use.
//
// # Rewrites
//
//   - f-strings, alone or implicitly concatenated with plain strings, become
//     one call of __fstr__ (see below). Expressions inside the braces are
//     copied in place, in parentheses, so they keep their lines. f-strings
//     without replacement fields just lose their f prefix.
//   - Variable annotations: in `x: T = v` the `: T` is blanked with spaces;
//     a bare `x: T` becomes `0` (a statement without effect) padded with
//     spaces. An annotation spanning lines is blanked line by line with
//     backslash continuations. Function annotations are valid 3.4 and stay.
//   - Dict displays whose keys are not all plain string literals, and dict
//     comprehensions whose key is not one, become __objdict__ calls. Dict
//     displays with ** unpacking become __merge_dicts__ calls.
//   - List, tuple and set displays with *unpacking (PEP 448) become
//     __unpack_list__, __unpack_tuple__ or __unpack_set__ calls, except in
//     assignment and for targets (`a, *b = x` is valid 3.4).
//   - Calls with several * or ** arguments, or positional arguments after
//     *x, or keyword arguments after **y, get one *__unpack_list__(...) and
//     one **__merge_kwargs__(...) argument. A trailing comma after *x or
//     **y (in calls, class bases and def parameter lists) is blanked.
//   - super() without arguments inside a method becomes
//     super(__class__, <first parameter>).
//   - Underscores in numeric literals are removed (1_000 -> 1000).
//
// # Runtime helpers
//
// The rewritten code calls these builtins, which the loader must provide:
//
//	__fstr__(lit, (value, conv, spec, lit)*) -> str
//	    Called with 1+4k positional arguments: a literal str, then k groups
//	    of value (any object), conv ('' | 'r' | 's' | 'a'), spec (a str,
//	    possibly '') and the literal str that follows. The result is the
//	    concatenation of the literals and, for each value, format(v', spec)
//	    where v' is v, repr(v), str(v) or ascii(v) for conv '', 'r', 's',
//	    'a'. A spec that contains replacement fields is itself a __fstr__
//	    call, so it is evaluated (left to right, as in CPython) before the
//	    outer call. Self-documenting fields {x=} arrive as the literal text
//	    'x=' appended to the preceding literal, with conv 'r' unless a conv
//	    or a spec is given. Example: f"a{x!r:>{w}}b" becomes
//	    __fstr__("a", (x), 'r', __fstr__(">", (w), '', '', ""), "b").
//	__objdict__(pairs) -> mapping
//	    pairs is a list of (key, value) 2-tuples in source order; later keys
//	    replace earlier equal keys. Returns a plain dict when every key is a
//	    str, else an insertion-ordered mapping with arbitrary hashable keys.
//	__merge_dicts__(*mappings) -> mapping
//	    {**a, 'k': 1, **b} becomes __merge_dicts__(a, {'k': 1}, b): a new
//	    mapping with the items of each argument in order (later keys win),
//	    following the same plain-dict rule as __objdict__. Each argument
//	    is a mapping (anything with keys() and __getitem__).
//	__merge_kwargs__(*mappings) -> dict
//	    f(**a, k=1, **b) becomes f(**__merge_kwargs__(a, {'k': 1}, b)): the
//	    merged keyword arguments; raises TypeError "keywords must be
//	    strings" for a non-str key and "got multiple values for keyword
//	    argument 'k'" for a key given twice.
//	__unpack_list__(*iterables) -> list
//	__unpack_tuple__(*iterables) -> tuple
//	__unpack_set__(*iterables) -> set
//	    The concatenation of the iterables: [*a, b, *c] becomes
//	    __unpack_list__(a, [b], c); likewise (*a, b) and {*a, b}; in calls,
//	    f(*a, b, *c) becomes f(*__unpack_list__(a, [b], c)).
//	super(cls, obj) and __class__ are needed for the super() rewrite.
//
// # Not rewritten
//
// Syntax gpython cannot run and the rewrite does not handle is listed in
// Result.Unsupported with its exact position: assignment expressions (:=),
// match statements, async def / async for / async with / await,
// positional-only parameters (/), the matrix multiplication operator (@),
// decorators that are not a dotted name with optional call (PEP 614), a
// keyword argument between two *iterable arguments (which cannot be
// expressed without reordering), and indentation that mixes tabs and
// spaces inconsistently (CPython's TabError, same rule as CPython). The
// source is still rewritten; the caller decides whether to run it.
// Other newer syntax (e.g. star expressions in bare tuples, parenthesized
// context managers, except*, type parameter lists) is left to gpython's
// parser, which reports a SyntaxError.
package rewrite

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// Problem is a located message about the input. Lines and columns are
// 1-based, columns count Unicode code points, and the end is exclusive.
type Problem struct {
	Line, Col, EndLine, EndCol int
	Message                    string
}

// Error formats the problem as "line:col: message"; Rewrite returns a
// Problem as its error for input it cannot tokenize.
func (p Problem) Error() string { return fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Message) }

// Result is the outcome of Rewrite.
type Result struct {
	// Source is the rewritten source, with the same lines as the input. It
	// is the input slice itself when nothing needed rewriting.
	Source []byte
	// Unsupported lists syntax gpython cannot run and that is not
	// rewritten, in source order.
	Unsupported []Problem

	cols   [][]seg // per line of Source; a nil or missing entry means unchanged
	starts []int   // byte offset of each line of Source
}

// MapPos maps a position in Source (1-based line, 1-based column in code
// points) to the same position in the original input.
func (r *Result) MapPos(line, col int) (int, int) {
	if line < 1 || line > len(r.cols) {
		return line, col
	}
	l := r.cols[line-1]
	k := sort.Search(len(l), func(i int) bool { return int(l[i].out) > col }) - 1
	if k < 0 {
		return line, col
	}
	if l[k].synth {
		return line, int(l[k].orig)
	}
	return line, int(l[k].orig) + col - int(l[k].out)
}

// MapOffset maps a gpython position in Source (1-based line, 0-based byte
// offset within the line, as in SyntaxError.offset and AST col_offset) to
// the original input's 1-based line and 1-based column in code points.
func (r *Result) MapOffset(line, offset int) (int, int) {
	if line < 1 || line > len(r.starts) {
		return line, offset + 1
	}
	a, b := r.starts[line-1], len(r.Source)
	if line < len(r.starts) {
		b = r.starts[line]
	}
	end := min(a+max(offset, 0), b)
	return r.MapPos(line, 1+utf8.RuneCount(r.Source[a:end])+max(0, a+offset-end))
}

// Normalize returns src as CPython reads a source file: without a leading
// UTF-8 byte order mark, and with CRLF and lone CR line endings read as LF
// (universal newlines, in string literals too). Line numbers are unchanged.
func Normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		if src[i] != '\r' {
			out = append(out, src[i])
			continue
		}
		out = append(out, '\n')
		if i+1 < len(src) && src[i+1] == '\n' {
			i++
		}
	}
	return out
}

// Rewrite transforms Python 3.6+ source into what gpython's 3.4 grammar
// accepts. It fails only for input it cannot tokenize (an unterminated
// string, a stray '}' in an f-string, a character after a line
// continuation); the error is then a Problem with the exact position.
func Rewrite(src []byte) (res *Result, err error) {
	if len(src) > math.MaxInt32 {
		return nil, Problem{Line: 1, Col: 1, EndLine: 1, EndCol: 1, Message: "file too large"}
	}
	sc := &scanner{src: src, toks: make([]tok, 0, len(src)/3+8)}
	defer func() {
		if p := recover(); p != nil {
			e, ok := p.(scanError)
			if !ok {
				panic(p)
			}
			starts := lineStarts(src)
			l, c := position(src, starts, e.off)
			res, err = nil, Problem{Line: l, Col: c, EndLine: l, EndCol: c + 1, Message: e.msg}
		}
	}()
	sc.run()
	starts := lineStarts(src)
	r := &rewriter{src: src, toks: sc.toks, starts: starts, ind: []int{0}, alt: []int{0}}
	for _, l := range sc.lines {
		r.line(l)
	}
	sort.SliceStable(r.probs, func(i, j int) bool {
		a, b := r.probs[i], r.probs[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	res = &Result{Source: src, Unsupported: r.probs, starts: starts}
	if len(r.edits) > 0 {
		res.Source, res.cols = apply(src, r.edits, len(starts))
		res.starts = lineStarts(res.Source)
	}
	return res, nil
}

// lineStarts returns the byte offset of every line; a final line without
// a newline counts, an empty one after the last newline too.
func lineStarts(src []byte) []int {
	s := make([]int, 1, len(src)/32+1)
	for i := 0; ; {
		k := bytes.IndexByte(src[i:], '\n')
		if k < 0 {
			return s
		}
		i += k + 1
		s = append(s, i)
	}
}

// position converts a byte offset to a 1-based line and code-point column.
func position(src []byte, starts []int, off int) (int, int) {
	l := sort.Search(len(starts), func(i int) bool { return starts[i] > off }) - 1
	return l + 1, 1 + utf8.RuneCount(src[starts[l]:off])
}

// pyquote renders s as a single-quoted Python string literal on one line.
func pyquote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch {
		case r == '\\' || r == '\'':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
