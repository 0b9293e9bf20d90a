package pydef

import (
	"slices"
	"strings"

	"github.com/go-python/gpython/ast"
	"github.com/go-python/gpython/parser"
	"github.com/go-python/gpython/py"
)

// atName is the builtin that instrumented calls go through; the shim's
// _capture.at records the call site while the callee runs.
const atName = "__aiflow_at__"

// srcPos is a position in the rewritten source: 1-based line, 0-based byte
// column, as gpython's parser reports it.
type srcPos struct{ Line, Col int }

// callSite is one call expression of the definition file.
type callSite struct {
	Pos      srcPos            // the callee's start (gpython gives Call nodes no position)
	Name     string            // the callee's last name: "BashOperator", "start_after"
	Args     []srcPos          // positional arguments
	Keywords map[string]srcPos // keyword arguments by name, at their values
	Names    map[string]srcPos // keyword arguments by name, at their names
	Callee   string            // the callee as written when it is a dotted name: "ops.upload_workflows"
	Main     int               // the `if __name__ == "__main__":` block (1-based) that holds the call, 0 if none
}

// nameUse is one load of a name or attribute, for error columns.
type nameUse struct {
	Pos  srcPos
	Name string
	Attr bool // an attribute: Pos is the start of the whole expression
}

// fileInfo is what the loader learns from the syntax tree of a rewritten
// definition file. It depends only on the source, so it is cached.
type fileInfo struct {
	// Calls indexed by site id - 1. Every call whose callee is a name or a
	// dotted name is rewritten into __aiflow_at__(id, callee, args...).
	Calls []callSite
	// Mod is the syntax tree of the rewritten source with the calls
	// instrumented, ready to compile (and dropped once compiled).
	Mod ast.Mod
	// Uses lists name and attribute loads by line, in source order.
	Uses map[int][]nameUse
	// Plain maps the start of every one-line string literal whose source
	// is its value (quoted, no prefix, no escapes) to the end of its text,
	// so that a position inside it is a column of the file.
	Plain map[srcPos]srcPos
}

// noWrap are callees that must see their caller's frame (gpython runs them
// as internal methods) or that the rewrite pass generated.
var noWrap = map[string]bool{
	"globals": true, "locals": true, "vars": true, "dir": true, "eval": true,
	"exec": true, "compile": true, "super": true,
}

// analyze parses the rewritten source, records its calls and name uses and
// instruments the calls. A syntax error is returned as gpython reports it.
func analyze(src, filename string) (*fileInfo, error) {
	mod, err := parser.Parse(strings.NewReader(src), filename, py.ExecMode)
	if err != nil {
		return nil, err
	}
	info := &fileInfo{Uses: map[int][]nameUse{}, Mod: mod, Plain: map[srcPos]srcPos{}}
	decorators := map[*ast.Call]bool{}
	main := mainCalls(mod)
	lines := lineStarts(src)
	ast.Walk(mod, func(n ast.Ast) bool {
		switch n := n.(type) {
		case *ast.FunctionDef:
			markDecorators(n.DecoratorList, decorators)
		case *ast.ClassDef:
			markDecorators(n.DecoratorList, decorators)
		case *ast.Name:
			if n.Ctx == ast.Load {
				info.addUse(nameUse{Pos: posOf(n), Name: string(n.Id)})
			}
		case *ast.Attribute:
			info.addUse(nameUse{Pos: exprStart(n), Name: string(n.Attr), Attr: true})
		case *ast.Str:
			if end, ok := plainEnd(src, lines, posOf(n), string(n.S)); ok {
				info.Plain[posOf(n)] = end
			}
		case *ast.Call:
			site := callSite{Pos: exprStart(n.Func), Keywords: map[string]srcPos{}, Names: map[string]srcPos{}}
			depth, root := calleeChain(n.Func)
			site.Name = calleeName(n.Func)
			site.Main = main[n]
			if depth > 0 {
				site.Callee = dotted(n.Func)
			}
			for _, a := range n.Args {
				site.Args = append(site.Args, exprStart(a))
			}
			for _, k := range n.Keywords {
				v := exprStart(k.Value)
				site.Keywords[string(k.Arg)] = v
				if p, ok := keywordName(src, lines, v, string(k.Arg)); ok {
					site.Names[string(k.Arg)] = p
				}
			}
			info.Calls = append(info.Calls, site)
			if depth == 0 || decorators[n] || noWrap[root] || isDunder(root) || hasGenerator(n) {
				break
			}
			// f(args) becomes __aiflow_at__(id, f, args), placed where f
			// was written so that tracebacks keep their lines.
			pos := ast.ExprBase{Pos: ast.Pos{Lineno: site.Pos.Line, ColOffset: site.Pos.Col}}
			id := &ast.Num{ExprBase: pos, N: py.Int(len(info.Calls))}
			n.Args = append([]ast.Expr{id, n.Func}, n.Args...)
			n.Func = &ast.Name{ExprBase: pos, Id: atName, Ctx: ast.Load}
		}
		return true
	})
	return info, nil
}

// mainCalls maps the calls written in the module's `if __name__ ==
// "__main__":` blocks (their bodies: an else branch runs on import) to the
// block's 1-based index.
func mainCalls(mod ast.Mod) map[*ast.Call]int {
	m, ok := mod.(*ast.Module)
	if !ok {
		return nil
	}
	calls := map[*ast.Call]int{}
	block := 0
	for _, st := range m.Body {
		ifst, ok := st.(*ast.If)
		if !ok || !isMainTest(ifst.Test) {
			continue
		}
		block++
		for _, b := range ifst.Body {
			ast.Walk(b, func(n ast.Ast) bool {
				if c, ok := n.(*ast.Call); ok {
					calls[c] = block
				}
				return true
			})
		}
	}
	return calls
}

// isMainTest recognises __name__ == "__main__", either way round.
func isMainTest(e ast.Expr) bool {
	c, ok := e.(*ast.Compare)
	if !ok || len(c.Ops) != 1 || c.Ops[0] != ast.Eq || len(c.Comparators) != 1 {
		return false
	}
	name, str := c.Left, c.Comparators[0]
	if _, ok := name.(*ast.Str); ok {
		name, str = str, name
	}
	n, ok1 := name.(*ast.Name)
	s, ok2 := str.(*ast.Str)
	return ok1 && ok2 && n.Id == "__name__" && s.S == "__main__"
}

// keywordName finds where a keyword argument's name was written: gpython's
// syntax tree (Python 3.4) gives keywords no position, only their values, so
// scan back from the value over "name =".
func keywordName(src string, lines []int, value srcPos, name string) (srcPos, bool) {
	if value.Line < 1 || value.Line > len(lines) {
		return srcPos{}, false
	}
	i := min(lines[value.Line-1]+value.Col, len(src))
	skip := func() {
		for i > 0 && strings.ContainsRune(" \t\r\n\\", rune(src[i-1])) {
			i--
		}
	}
	skip()
	// gpython places some values (dict displays) past their first character.
	if i > 0 && src[i-1] != '=' {
		i--
		skip()
	}
	if i == 0 || src[i-1] != '=' {
		return srcPos{}, false
	}
	i--
	skip()
	if !strings.HasSuffix(src[:i], name) {
		return srcPos{}, false
	}
	i -= len(name)
	line, _ := slices.BinarySearch(lines, i+1)
	return srcPos{Line: line, Col: i - lines[line-1]}, true
}

// plainEnd returns the end of the text of the string literal at start with
// value s when the source between its quotes is exactly s on one line.
func plainEnd(src string, lines []int, start srcPos, s string) (srcPos, bool) {
	if start.Line < 1 || start.Line > len(lines) {
		return srcPos{}, false
	}
	i := lines[start.Line-1] + start.Col
	end := i + 1 + len(s)
	if end >= len(src) || src[i] != '\'' && src[i] != '"' || src[end] != src[i] || src[i+1:end] != s ||
		strings.ContainsAny(s, "\\\n") {
		return srcPos{}, false
	}
	return srcPos{Line: start.Line, Col: end - lines[start.Line-1]}, true
}

func (f *fileInfo) addUse(u nameUse) {
	f.Uses[u.Pos.Line] = append(f.Uses[u.Pos.Line], u)
}

// site returns the call with the given site id, or nil.
func (f *fileInfo) site(id int) *callSite {
	if f == nil || id < 1 || id > len(f.Calls) {
		return nil
	}
	return &f.Calls[id-1]
}

// hasGenerator reports a generator expression argument, which Python only
// allows unparenthesised as the sole argument: wrapping would break it.
func hasGenerator(c *ast.Call) bool {
	return slices.ContainsFunc(c.Args, func(a ast.Expr) bool {
		_, ok := a.(*ast.GeneratorExp)
		return ok
	})
}

func markDecorators(list []ast.Expr, into map[*ast.Call]bool) {
	for _, d := range list {
		if c, ok := d.(*ast.Call); ok {
			into[c] = true
		}
	}
}

func posOf(n ast.Ast) srcPos {
	return srcPos{Line: n.GetLineno(), Col: n.GetColOffset()}
}

// exprStart is where an expression starts: gpython places attribute,
// subscript and call nodes at their trailer (a call at 0:0), and operators
// take their position from their left operand, which may be one of those.
func exprStart(e ast.Expr) srcPos {
	switch e := e.(type) {
	case *ast.Attribute:
		return exprStart(e.Value)
	case *ast.Subscript:
		return exprStart(e.Value)
	case *ast.Call:
		return exprStart(e.Func)
	case *ast.BinOp:
		return exprStart(e.Left)
	case *ast.Compare:
		return exprStart(e.Left)
	case *ast.BoolOp:
		if len(e.Values) > 0 {
			return exprStart(e.Values[0])
		}
	case *ast.IfExp:
		return exprStart(e.Body)
	}
	return posOf(e)
}

// calleeChain returns how many names a dotted callee has (a.b.c: 3) and
// its first name, or 0 when the callee is any other expression.
func calleeChain(e ast.Expr) (int, string) {
	switch e := e.(type) {
	case *ast.Name:
		return 1, string(e.Id)
	case *ast.Attribute:
		n, root := calleeChain(e.Value)
		if n == 0 {
			return 0, ""
		}
		return n + 1, root
	}
	return 0, ""
}

// dotted renders a name or dotted-name callee: "ops.upload_workflows".
func dotted(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Name:
		return string(e.Id)
	case *ast.Attribute:
		return dotted(e.Value) + "." + string(e.Attr)
	}
	return ""
}

func calleeName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Name:
		return string(e.Id)
	case *ast.Attribute:
		return string(e.Attr)
	}
	return ""
}

func isDunder(s string) bool {
	return len(s) > 4 && strings.HasPrefix(s, "__") && strings.HasSuffix(s, "__")
}

// lineStarts returns the byte offset of the start of every line.
func lineStarts(src string) []int {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}
