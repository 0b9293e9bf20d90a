package pyhost

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-python/gpython/py"
)

// Exception types the host raises inside Python. SandboxViolation derives
// from BaseException so that `except Exception:` in a definition file does
// not hide it (the session records it anyway). StubUsed derives from
// ImportError, what CPython would raise for a missing library.
var (
	sandboxViolation = py.BaseException.NewType("SandboxViolation", "An operation not allowed while loading a workflow definition.", nil, nil)
	stubUsed         = py.ImportError.NewType("StubUsedError", "A task-only library was used while a workflow was being defined.", nil, nil)
)

// panicMessage renders a recovered panic value.
func panicMessage(r any) string {
	if e, ok := r.(error); ok {
		return e.Error()
	}
	return fmt.Sprint(r)
}

// classify maps an error from gpython to the package's error types.
func (s *Session) classify(err error) error {
	out := classifyError(err, s.opts.MaxSteps)
	if be, ok := out.(*BudgetError); ok && s.opts.Done != nil {
		select {
		case <-s.opts.Done:
			be.Interrupted = true
		default:
		}
	}
	return out
}

// classifyError maps an error from gpython to the package's error types;
// steps is the budget reported by a BudgetError.
func classifyError(err error, steps int64) error {
	var (
		pe *PythonError
		se *SandboxError
		be *BudgetError
		ue *StubUsedError
		ie *InternalError
	)
	if errors.As(err, &pe) || errors.As(err, &se) || errors.As(err, &be) || errors.As(err, &ue) || errors.As(err, &ie) {
		return err
	}
	var (
		exc *py.Exception
		tb  Traceback
	)
	switch e := err.(type) {
	case py.ExceptionInfo:
		exc, _ = e.Value.(*py.Exception)
		tb = traceback(e.Traceback)
	case *py.ExceptionInfo:
		exc, _ = e.Value.(*py.Exception)
		tb = traceback(e.Traceback)
	case *py.Exception:
		exc = e
	}
	if exc == nil {
		return &InternalError{Message: err.Error()}
	}
	typ := exc.Type()
	switch {
	case typ.IsSubtype(sandboxViolation):
		return &SandboxError{Op: exceptionMessage(exc), Traceback: tb}
	case typ.IsSubtype(stubUsed):
		mod, _ := exc.Dict["module"].(py.String)
		name, _ := exc.Dict["name"].(py.String)
		return &StubUsedError{Module: string(mod), Name: string(name), Traceback: tb}
	case typ.IsSubtype(py.AllocBudgetExceeded):
		be := &BudgetError{Alloc: 1, Traceback: tb}
		fmt.Sscanf(exceptionMessage(exc), "allocation budget of %d bytes", &be.Alloc)
		return be
	case isBudgetExceeded(typ):
		return &BudgetError{Steps: steps, Traceback: tb}
	}
	out := &PythonError{Type: typ.Name, Message: exceptionMessage(exc), Traceback: tb}
	if typ.IsSubtype(py.SyntaxError) {
		out.Syntax = syntaxLoc(exc)
	}
	return out
}

// exceptionMessage is str(exc) without the type name.
func exceptionMessage(exc *py.Exception) string {
	args, _ := exc.Args.(py.Tuple)
	switch len(args) {
	case 0:
		return ""
	case 1:
		if s, err := py.StrAsString(args[0]); err == nil {
			return s
		}
		return "?"
	}
	parts := make([]string, len(args))
	for i, a := range args {
		r, err := py.ReprAsString(a)
		if err != nil {
			r = "?"
		}
		parts[i] = r
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// syntaxLoc reads the location gpython stores on a SyntaxError.
func syntaxLoc(exc *py.Exception) *SyntaxLoc {
	loc := &SyntaxLoc{}
	if f, ok := exc.Dict["filename"].(py.String); ok {
		loc.File = string(f)
	}
	if n, ok := exc.Dict["lineno"].(py.Int); ok {
		loc.Line = int(n)
	}
	if n, ok := exc.Dict["offset"].(py.Int); ok {
		loc.Col = int(n) + 1
	}
	if t, ok := exc.Dict["line"].(py.String); ok {
		loc.Text = strings.TrimRight(string(t), "\r\n")
	}
	if n, ok := exc.Dict["end_lineno"].(py.Int); ok {
		loc.EndLine = int(n)
	}
	if n, ok := exc.Dict["end_offset"].(py.Int); ok {
		loc.EndCol = int(n) + 1
	}
	loc.Unsupported = exc.Type().IsSubtype(unsupportedSyntax)
	return loc
}

// traceback converts gpython's linked traceback, which already runs from
// the outermost frame to the innermost one.
func traceback(tb *py.Traceback) Traceback {
	var out Traceback
	for ; tb != nil; tb = tb.Next {
		f := Frame{Line: int(tb.Lineno)}
		if tb.Frame != nil && tb.Frame.Code != nil {
			f.File = tb.Frame.Code.Filename
			f.Func = tb.Frame.Code.Name
		}
		out = append(out, f)
	}
	return out
}
