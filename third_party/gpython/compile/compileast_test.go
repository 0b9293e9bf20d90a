package compile

import (
	"bytes"
	"testing"

	"github.com/go-python/gpython/ast"
	"github.com/go-python/gpython/parser"
	"github.com/go-python/gpython/py"
)

// TestCompileAST checks fork patch 22: a tree transformed after parsing
// compiles to code that runs the transformation.
func TestCompileAST(t *testing.T) {
	mod, err := parser.Parse(bytes.NewBufferString("x = f(1)\n"), "t.py", py.ExecMode)
	if err != nil {
		t.Fatal(err)
	}
	ast.Walk(mod, func(n ast.Ast) bool {
		if c, ok := n.(*ast.Call); ok {
			c.Func = &ast.Name{ExprBase: ast.ExprBase{Pos: c.Func.(*ast.Name).Pos}, Id: "g", Ctx: ast.Load}
		}
		return true
	})
	code, err := CompileAST(mod, "t.py", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if code.Filename != "t.py" || len(code.Names) != 2 || code.Names[0] != "g" {
		t.Errorf("names %v, want [g x]", code.Names)
	}
}
