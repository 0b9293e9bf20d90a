package pyhost

import (
	"github.com/go-python/gpython/ast"
	"github.com/go-python/gpython/compile"
	"github.com/go-python/gpython/py"
)

// CompileAST compiles a module tree from gpython's parser that the caller
// has inspected or transformed, without parsing the source again. It is not
// cached: the caller owns the tree (and caches the code). A failure is a
// *PythonError with Syntax set, as from Compile.
func CompileAST(mod ast.Ast, filename string) (*py.Code, error) {
	return CompileASTDone(mod, filename, nil)
}

// CompileASTDone is CompileAST stopping when done (a load's
// context.Done, may be nil) is closed: compiling a huge module then
// ends with a *BudgetError with Interrupted set instead of running past
// the load's deadline.
func CompileASTDone(mod ast.Ast, filename string, done <-chan struct{}) (*py.Code, error) {
	Setup()
	code, err := compileASTSafe(mod, filename, done)
	if err != nil {
		out := classifyError(err, 0)
		if be, ok := out.(*BudgetError); ok {
			be.Interrupted = true
		}
		return nil, out
	}
	return code, nil
}

// compileASTSafe turns a compiler panic into SystemError, as compileSafe.
func compileASTSafe(mod ast.Ast, filename string, done <-chan struct{}) (code *py.Code, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = py.ExceptionNewf(py.SystemError, "compile %s: %s", filename, panicMessage(r))
		}
	}()
	return compile.CompileASTDone(mod, filename, 0, true, done)
}
