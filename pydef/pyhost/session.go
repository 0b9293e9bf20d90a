package pyhost

import (
	"errors"
	"io"
	"runtime/debug"
	"sync"

	"github.com/go-python/gpython/py"
	"github.com/go-python/gpython/vm"

	// The compiler registers py.Compile; builtins is the only gpython
	// module served as is (os, glob and tempfile are never linked in by
	// this package and never served by the import hook).
	_ "github.com/go-python/gpython/compile"
	_ "github.com/go-python/gpython/stdlib/builtin"
)

// DefaultMaxSteps is the step budget used when Options.MaxSteps is 0. It
// ends `while True: pass` in well under a second on a slow machine while
// leaving real definition files (a few thousand steps) plenty of room.
const DefaultMaxSteps = 20_000_000

// StubPolicy decides what an import of an unknown module gives.
type StubPolicy int

const (
	// StubAll serves a stub for every unknown module. Known task-only
	// libraries and unknown modules are both listed by StubbedImports,
	// the latter with Known false so that typos can be reported.
	StubAll StubPolicy = iota
	// StubKnown serves stubs only for known task-only libraries (numpy,
	// pandas, ...); any other unknown module raises ImportError.
	StubKnown
	// StubNone never serves stubs: every unknown module raises
	// ImportError.
	StubNone
)

// Module is a precompiled module served by the import hook before anything
// else (the ai_flow shim). Code is shared by all sessions and never written.
type Module struct {
	Name      string   // full dotted name, e.g. "ai_flow.model.workflow"
	Code      *py.Code // module body, compiled once with Compile
	IsPackage bool     // an __init__ module: gets __path__ and submodules
	File      string   // __file__, e.g. "<aiflow-shim>/ai_flow/model/workflow.py"
	// Source, when Code is nil, is compiled through Compile's process-wide
	// cache on the module's first import: a process that never imports a
	// module does not pay for compiling it.
	Source string
}

// Options configure a Session.
type Options struct {
	// Modules are served by the import hook before anything else,
	// keyed by full dotted name.
	Modules map[string]*Module
	// Dir is the folder of the definition file. Sibling .py modules and
	// packages are importable from it, read-only, compiled through the
	// process-wide cache and executed once per session. Empty means no
	// user modules.
	Dir string
	// MaxSteps is the execution budget of each entry point (RunModule,
	// Import, Call); 0 means DefaultMaxSteps.
	MaxSteps int64
	// MaxDepth is the recursion limit (Python frames); 0 means CPython's
	// default of 1000. Deeper recursion raises RecursionError instead of
	// overflowing the Go stack.
	MaxDepth int
	// MaxAlloc is the allocation budget of each entry point: the bytes of
	// objects its operations may build (py.ContextOpts.MaxAlloc); 0 means
	// none.
	MaxAlloc int64
	// Stubs is the policy for unknown imports.
	Stubs StubPolicy
	// Stdout receives print and logging output; nil discards it.
	Stdout io.Writer
	// Env is the snapshot os.environ and os.getenv see; nil means empty,
	// so definitions load the same everywhere.
	Env map[string]string
	// Seed seeds the random module; loads are reproducible for a seed.
	Seed int64
	// Done interrupts running Python code when closed (for example a
	// context.Context's Done()); the run ends with a BudgetError.
	Done <-chan struct{}
	// Templates, when not nil, serves the modules of its current
	// template before anything else: the session copies them instead of
	// executing them, and reports the others it executed when it is
	// closed. It must have been made from the same Modules.
	Templates *Templates
}

// Session is one fresh gpython interpreter with the sandbox installed. Its
// methods are serialised by a mutex.
type Session struct {
	mu      sync.Mutex
	opts    Options
	ctx     *hostContext
	stubs   []StubUse
	sandbox *SandboxError // first violation of the running entry point, reported even if Python caught it
	closed  bool
}

// NewSession creates a session with a fresh interpreter. It calls Setup.
func NewSession(opts Options) (s *Session, err error) {
	Setup()
	if opts.MaxSteps == 0 {
		opts.MaxSteps = DefaultMaxSteps
	}
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	s = &Session{opts: opts}
	defer s.recoverInto(&err)
	s.ctx = newHostContext(s)
	if opts.Templates != nil {
		s.ctx.template = opts.Templates.current()
	}
	if err := s.ctx.init(); err != nil {
		return nil, s.classify(err)
	}
	return s, nil
}

// RunModule executes code as a new module called name, with __name__ set to
// name and __file__ to filename, and registers it in the session so that
// later imports of name find it. On failure the module is returned too
// (when it was created), so that callers can inspect partial state.
func (s *Session) RunModule(name, filename string, code *py.Code) (m *py.Module, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, &InternalError{Message: "session is closed"}
	}
	defer s.recoverInto(&err)
	s.ctx.startBudget()
	m, err = s.ctx.runModule(name, filename, code, false)
	return m, s.finish(err)
}

// Import imports a module by its full dotted name through the session's
// import hook and returns that module (not its top-level package).
func (s *Session) Import(name string) (m *py.Module, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, &InternalError{Message: "session is closed"}
	}
	defer s.recoverInto(&err)
	s.ctx.startBudget()
	m, err = s.ctx.importModule(name)
	return m, s.finish(err)
}

// Call calls a Python callable (for example a custom condition's method)
// under the session's budget and sandbox.
func (s *Session) Call(fn py.Object, args py.Tuple, kwargs py.StringDict) (res py.Object, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, &InternalError{Message: "session is closed"}
	}
	defer s.recoverInto(&err)
	s.ctx.startBudget()
	res, err = py.Call(fn, args, kwargs)
	return res, s.finish(err)
}

// Close releases the interpreter. The session cannot be used afterwards.
func (s *Session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	_ = s.ctx.Close()
	if s.opts.Templates != nil {
		s.opts.Templates.note(s.ctx.ran)
	}
}

// StubbedImports lists the imports served by stub modules, in import order,
// one entry per module.
func (s *Session) StubbedImports() []StubUse {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]StubUse(nil), s.stubs...)
}

// UserFiles lists the source files of the modules the import hook read
// from Options.Dir (packages' __init__.py included), in import order, one
// entry per file: what the definition needs next to it. A module whose
// body failed is listed too.
func (s *Session) UserFiles() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ctx.userFiles...)
}

// finish turns a gpython error into one of the package's error types; a
// recorded sandbox violation wins over whatever happened afterwards.
func (s *Session) finish(err error) error {
	var out error
	if err != nil {
		out = s.classify(err)
	}
	var se *SandboxError
	if s.sandbox != nil && !errors.As(out, &se) {
		// Python code caught the violation; report it anyway (without a
		// traceback: the exception did not escape).
		out = s.sandbox
	}
	s.sandbox = nil
	return out
}

// recoverInto turns a gpython panic into an InternalError.
func (s *Session) recoverInto(err *error) {
	r := recover()
	if r == nil {
		return
	}
	*err = &InternalError{Message: panicMessage(r), Stack: string(debug.Stack())}
}

// evalCode is the single place that runs bytecode, so the budget hook
// lives next to it.
func evalCode(ctx py.Context, code *py.Code, globals py.StringDict) (py.Object, error) {
	return vm.EvalCode(ctx, code, globals, globals, nil, nil, nil, nil, nil)
}
