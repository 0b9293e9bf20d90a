package pyhost

import (
	"fmt"
	"strings"
	"time"
)

// Frame is one traceback entry.
type Frame struct {
	File string // code filename as compiled (the definition file, a sibling module or a shim file)
	Line int    // 1-based line, 0 when unknown
	Func string // function name, "<module>" at module level
}

// Traceback is a list of frames, outermost first and innermost last, as
// Python prints them.
type Traceback []Frame

// Innermost returns the innermost frame whose file satisfies keep, or the
// zero Frame when there is none. The loader uses it to skip shim frames.
func (tb Traceback) Innermost(keep func(file string) bool) Frame {
	for i := len(tb) - 1; i >= 0; i-- {
		if keep == nil || keep(tb[i].File) {
			return tb[i]
		}
	}
	return Frame{}
}

// PythonError is an uncaught Python exception, SyntaxError included.
type PythonError struct {
	Type      string    // exception class name, e.g. "NameError"
	Message   string    // str(exception)
	Traceback Traceback // empty for a SyntaxError
	// Syntax holds the location of a SyntaxError (File, Line, and Col as
	// gpython's 0-based offset plus one, 0 when unknown). For the main
	// file gpython's offset counts bytes of the source it compiled; for
	// modules next to the definition file, which the import hook rewrites
	// and compiles itself, positions are already the user's, in code
	// points.
	Syntax *SyntaxLoc
}

// SyntaxLoc is where the parser or compiler stopped.
type SyntaxLoc struct {
	File string
	Line int
	Col  int    // 1-based column, 0 when unknown (see PythonError.Syntax)
	Text string // the source line, when gpython reports it
	// EndLine and EndCol end the problem's span (exclusive), 0 when
	// unknown.
	EndLine, EndCol int
	// Unsupported marks syntax of a module next to the definition file
	// that is valid Python but cannot run in the sandbox (a match
	// statement, :=, async def, ...), found by pydef/rewrite.
	Unsupported bool
}

// Error formats the exception as Python prints its last line.
func (e *PythonError) Error() string {
	if e.Message == "" {
		return e.Type
	}
	return e.Type + ": " + e.Message
}

// SandboxError reports an operation that definition files may not perform
// while loading (writing files, processes, sockets, network clients).
type SandboxError struct {
	Op        string // what was attempted, e.g. "open(..., 'w')" or "os.system"
	Traceback Traceback
}

// Error explains the violation and where the operation belongs.
func (e *SandboxError) Error() string {
	return fmt.Sprintf("definition files are loaded in a sandbox: %s is not allowed while loading; do it inside a task", e.Op)
}

// BudgetError reports that the run used up its execution step budget,
// usually an endless loop at the top level of the file.
type BudgetError struct {
	Steps       int64 // the budget that was exceeded
	Interrupted bool  // Options.Done was closed rather than the budget used up
	// Alloc is Options.MaxAlloc when the allocation budget ran out
	// rather than the steps.
	Alloc     int64
	Traceback Traceback
}

// Error says why the run stopped.
func (e *BudgetError) Error() string {
	if e.Interrupted {
		return "execution interrupted while loading"
	}
	if e.Alloc > 0 {
		return fmt.Sprintf("allocation budget of %d bytes exceeded while loading", e.Alloc)
	}
	return fmt.Sprintf("execution budget of %d steps exceeded while loading; is there an endless loop at the top level?", e.Steps)
}

// StubUsedError reports the use of a stub module (a task-only library such
// as numpy) while the workflow was being defined.
type StubUsedError struct {
	Module    string // top-level library, e.g. "sklearn"
	Name      string // the stub value that was used, e.g. "sklearn.svm.SVC"
	Traceback Traceback
}

// Error names the task-only library.
func (e *StubUsedError) Error() string {
	return fmt.Sprintf("%s is only available inside tasks; it cannot be used while the workflow is defined", e.Module)
}

// InternalError is a gpython panic or another interpreter failure that is
// not the user's fault.
type InternalError struct {
	Message   string
	Stack     string    // Go stack of a recovered panic, for bug reports
	Traceback Traceback // Python frames, when known (usually empty)
}

// Error reports the interpreter failure.
func (e *InternalError) Error() string {
	return "internal interpreter error: " + e.Message
}

// StubUse records one import served by a stub module.
type StubUse struct {
	Module string // top-level module name, e.g. "numpy" for `from numpy.linalg import norm`
	Known  bool   // a known task-only library (numpy, pandas, ...); unknown ones may be typos
	File   string // file of the importing code
	Line   int    // line of the import statement, 0 when unknown
}

// String formats the use as "file:line: module".
func (u StubUse) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: %s", u.File, u.Line, u.Module)
	if !u.Known {
		b.WriteString(" (unknown)")
	}
	return b.String()
}

// TimeoutError reports that a CallLimited call ran past Limits.Timeout.
type TimeoutError struct {
	Timeout   time.Duration
	Traceback Traceback
}

// Error names the limit.
func (e *TimeoutError) Error() string {
	return fmt.Sprintf("execution stopped after the time limit of %v", e.Timeout)
}

// HeapLimitError reports that the Go heap grew by more than
// Limits.MaxMemory while a CallLimited call ran.
type HeapLimitError struct {
	Limit, Growth int64 // bytes
	Traceback     Traceback
}

// Error names the limit.
func (e *HeapLimitError) Error() string {
	return fmt.Sprintf("execution stopped: memory grew by %d MiB, over the limit of %d MiB", e.Growth>>20, e.Limit>>20)
}
