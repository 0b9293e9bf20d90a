// Package yamldef reads YAML workflow definitions into ir.Workflow values.
//
// The source is parsed with go.yaml.in/yaml/v3 into yaml.Node trees, one per
// document of the stream, and the trees are walked by hand so that every
// value keeps its line and column: aliases are followed (recursive ones are
// reported), merge keys (<<) are expanded, and keys are checked against the
// tables in keys.go, which also generate the JSON Schema (Schema). Only
// structural problems are reported here (syntax, unknown keys, wrong types,
// missing keys, unknown actions, statuses and condition kinds); everything
// the Python front end shares, from unknown operators and missing operator
// arguments to duplicate task names and cron syntax, is left to ir.Validate.
//
// Each problem is reported once: what the walker reports is kept out of the
// IR or neutralised so that ir.Validate does not report it again. A
// workflow without a name or a list of tasks, a task without a name, and a
// rule or trigger whose condition is malformed are dropped; a task whose
// operator or required argument has the wrong type is kept, so that rules
// naming it still resolve, as a noop task.
//
// Parse never panics: a bug becomes an internal-error diagnostic.
package yamldef

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/aiflow-go/aiflow/ir"
)

// Parse reads every workflow of one YAML file. It reports structural problems
// (syntax, unknown keys, wrong types, missing fields) and leaves semantic
// checks to ir.Validate.
func Parse(filename string, src []byte) (ws []*ir.Workflow, diags ir.Diagnostics) {
	p := newParser(filename, src)
	defer func() {
		if r := recover(); r != nil {
			ws = nil
			diags = append(p.diags, ir.Errorf(ir.CodeInternal, ir.Span{File: filename, Start: ir.Pos{Line: 1, Col: 1}},
				"internal error while reading yaml: %v", r))
		}
	}()
	ws, docs := p.stream()
	if docs == 0 && !p.diags.HasErrors() {
		p.errorf(ir.CodeNoWorkflow, ir.Span{File: filename, Start: ir.Pos{Line: 1, Col: 1}},
			"%q declares no workflow: the file has no yaml document", filename)
	}
	return ws, dedup(p.diags)
}

// stream decodes the documents one by one; a syntax error ends the stream
// but keeps the workflows of the documents before it. It returns the number
// of non-empty documents.
func (p *parser) stream() ([]*ir.Workflow, int) {
	var ws []*ir.Workflow
	dec := yaml.NewDecoder(bytes.NewReader(p.src))
	docs := 0
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return ws, docs
		}
		if err != nil {
			p.syntaxError(err)
			return ws, docs
		}
		if len(doc.Content) == 0 {
			continue
		}
		root := doc.Content[0]
		if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
			continue // a document with only comments or nothing at all
		}
		docs++
		if w := p.document(root, docs); w != nil {
			ws = append(ws, w)
		}
	}
}

// document builds the workflow of one document. A bailout (the alias budget
// ran out) abandons the document with its diagnostic recorded.
func (p *parser) document(root *yaml.Node, doc int) (w *ir.Workflow) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			w = nil
		}
	}()
	if !p.checkAliases(root, map[*yaml.Node]int{}) {
		return nil
	}
	n := p.resolve(root)
	if n.Kind != yaml.MappingNode {
		p.typeErr(n, label{ctx: "workflow document #" + strconv.Itoa(doc)}, "a mapping")
		return nil
	}
	return p.workflow(n, doc)
}

var errLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner). For them yaml.v3 prints the 0-based line of the problem's
// context, one less than the line a user counts.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// syntaxError turns a yaml.v3 error into a syntax-error diagnostic at the
// best position it can tell; yaml.v3 errors are plain strings with at most
// a line.
func (p *parser) syntaxError(err error) {
	msg, line, col := err.Error(), 0, 0
	if m := errLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
		line = p.badByteLine()
	}
	line = max(1, min(line, len(p.lines)))
	if parserProblems[msg] {
		line, col = p.problemPos(min(line+1, len(p.lines)), msg)
	} else {
		col = p.guessCol(line, msg)
	}
	p.errorf(ir.CodeSyntax, ir.Span{File: p.file, Start: ir.Pos{Line: line, Col: col}}, "invalid yaml: %s", msg)
}

// indentAt returns the indentation of a line in runes and its text after
// the indentation, without the line break.
func (p *parser) indentAt(line int) (int, string) {
	start, end := p.lines[line-1], len(p.src)
	if line < len(p.lines) {
		end = p.lines[line]
	}
	text := strings.TrimRight(string(p.src[start:end]), "\r\n")
	rest := strings.TrimLeft(text, " ")
	return len(text) - len(rest), rest
}

// problemPos guesses where a yaml.v3 parser error is. yaml.v3 names the
// line where the enclosing collection starts (ctx); the culprit is usually
// the first later line that leaves it wrongly: for a flow collection, the
// first line indented no deeper than the one that opened it; for a block
// collection, the first line that leaves the collection's content without
// starting a new item of it. Without such a line it keeps ctx.
func (p *parser) problemPos(ctx int, msg string) (line, col int) {
	flow := strings.HasPrefix(msg, "did not find expected ',' or ")
	seq := msg == "did not find expected '-' indicator"
	if !flow && !seq && msg != "did not find expected key" {
		return ctx, 0
	}
	// itemContent is where the content of a "- " item starts.
	itemContent := func(ind int, text string) int {
		return ind + 2 + len(text[2:]) - len(strings.TrimLeft(text[2:], " "))
	}
	base, rest := p.indentAt(ctx)
	content := base
	if seq && strings.HasPrefix(rest, "- ") {
		content = itemContent(base, rest)
	}
	for l := ctx + 1; l <= len(p.lines); l++ {
		ind, text := p.indentAt(l)
		switch {
		case text == "" || text[0] == '#':
		case flow:
			if ind <= base {
				return l, ind + 1
			}
		case ind >= content:
		case seq && ind == base && strings.HasPrefix(text, "- "):
			content = itemContent(ind, text)
		default:
			return l, ind + 1
		}
	}
	return ctx, 0
}

// guessCol finds the column of two common scanner errors on their line:
// a character no token starts with (a tab in the indentation, @ or `), and
// a second ": " on a line (the usual cause of "mapping values are not
// allowed"). It returns 0, unknown, for every other error.
func (p *parser) guessCol(line int, msg string) int {
	start := p.lines[line-1]
	end := len(p.src)
	if line < len(p.lines) {
		end = p.lines[line]
	}
	text := string(p.src[start:end])
	i := -1
	switch msg {
	case "found character that cannot start any token":
		i = strings.IndexAny(text, "\t@`")
	case "mapping values are not allowed in this context":
		i = strings.LastIndex(strings.TrimRight(text, "\r\n")+" ", ": ")
	}
	if i < 0 {
		return 0
	}
	return utf8.RuneCountInString(text[:i]) + 1
}

// badByteLine finds the line of the first byte yaml.v3 rejects without
// saying where: invalid UTF-8 or a control character. Errors on the first
// line also come without a line; 1 is right for them.
func (p *parser) badByteLine() int {
	for off := 0; off < len(p.src); {
		r, size := utf8.DecodeRune(p.src[off:])
		if r == utf8.RuneError && size <= 1 || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7F {
			return p.posAt(off).Line
		}
		off += size
	}
	return 1
}

// dedup drops repeated diagnostics: a value behind an alias used twice is
// walked, and reported, twice.
func dedup(ds ir.Diagnostics) ir.Diagnostics {
	type k struct {
		code ir.Code
		span ir.Span
		msg  string
	}
	seen := map[k]bool{}
	out := ds[:0]
	for _, d := range ds {
		if key := (k{d.Code, d.Span, d.Message}); !seen[key] {
			seen[key] = true
			out = append(out, d)
		}
	}
	return out
}
