package pydef

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"weak"

	"github.com/go-python/gpython/py"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/pydef/pyhost"
	"github.com/aiflow-go/aiflow/pydef/rewrite"
)

// Options configure a Loader.
type Options struct {
	// MaxSteps is the execution budget of one load in interpreter steps;
	// 0 means pyhost.DefaultMaxSteps.
	MaxSteps int64
	// MaxAlloc is the memory budget of one load: the bytes of objects its
	// code may build (strings, containers, ints), counted as they are
	// built; 0 means DefaultMaxAlloc.
	MaxAlloc int64
	// Stubs decides what imports of unknown modules give; the zero value
	// stubs them all (and warns about the ones that are not known
	// task-only libraries).
	Stubs pyhost.StubPolicy
	// Env is what os.environ shows the definition; nil means empty, so a
	// file loads the same everywhere.
	Env map[string]string
	// Stdout receives the definition's print and logging output; nil
	// discards it.
	Stdout io.Writer
}

// DefaultMaxAlloc is the memory budget of a load (Options.MaxAlloc).
const DefaultMaxAlloc = 256 << 20

// Loader loads Python definitions; it is safe for concurrent use.
type Loader struct {
	opts Options
	shim map[string]*pyhost.Module
}

// NewLoader prepares a loader. The shim is compiled once per process.
func NewLoader(opts Options) (*Loader, error) {
	mods, err := loadShim()
	if err != nil {
		return nil, fmt.Errorf("read the ai_flow shim: %w", err)
	}
	return &Loader{opts: opts, shim: mods}, nil
}

// Load runs one Python definition file and returns its top-level
// workflows, and the files of the modules it imported from its folder
// (directly or through one another, packages' __init__.py included), in
// import order: what an upload must carry for the definition to load and
// its tasks to run.
func (l *Loader) Load(ctx context.Context, filename string, src []byte) (ws []*ir.Workflow, modules []string, diags ir.Diagnostics) {
	r := l.load(ctx, filename, src, nil)
	return r.workflows, r.modules, r.diags
}

// serverCall ends the message of the exception the shim raises when a
// definition calls the AIFlow server (_capture.SERVER_CALL).
const serverCall = " would talk to the AIFlow server"

// result is one load's outcome; the capture is kept for tests.
type result struct {
	workflows []*ir.Workflow
	modules   []string // files of the user modules imported
	diags     ir.Diagnostics
	capture   map[string]any
	prep      *prepared
	exp       *exporter
}

// load does one load, or one apply when srv is not nil. The interpreter
// stops when ctx is done.
func (l *Loader) load(ctx context.Context, filename string, src []byte, srv Server) *result {
	if err := ctx.Err(); err != nil {
		return &result{diags: ir.Diagnostics{cancelled(filename, err)}}
	}
	r := l.run(ctx, filename, src, srv)
	if err := ctx.Err(); err != nil {
		// The interruption surfaced as a budget error; say what happened.
		for i, d := range r.diags {
			if d.Code == ir.CodeLoadBudget {
				r.diags[i] = cancelled(filename, err)
				r.diags[i].Span = d.Span
			}
		}
	}
	return r
}

func cancelled(filename string, err error) ir.Diagnostic {
	return ir.Errorf(ir.CodeLoadBudget, ir.Span{File: filename}, "loading was stopped: %v", err)
}

// run does one load (or apply); a panic becomes an internal-error
// diagnostic.
func (l *Loader) run(ctx context.Context, filename string, src []byte, srv Server) (r *result) {
	defer func() {
		if p := recover(); p != nil {
			r = &result{diags: ir.Diagnostics{ir.Errorf(ir.CodeInternal, ir.Span{File: filename},
				"internal error while loading: %v", p)}}
			r.diags[0].Detail = string(debug.Stack())
		}
	}()
	p := prepare(filename, src, ctx.Done())
	r = &result{prep: p, diags: append(ir.Diagnostics(nil), p.diags...)}
	if p.code == nil {
		return r
	}
	s, err := pyhost.NewSession(pyhost.Options{
		Modules:   l.shim,
		Templates: shimTemplates(),
		Dir:       filepath.Dir(filename),
		MaxSteps:  l.opts.MaxSteps,
		MaxAlloc:  cmp.Or(l.opts.MaxAlloc, DefaultMaxAlloc),
		Stubs:     l.opts.Stubs,
		Stdout:    l.opts.Stdout,
		Env:       l.opts.Env,
		Done:      ctx.Done(),
	})
	if err != nil {
		r.diags = append(r.diags, p.hostError(err, l.opts.MaxSteps))
		return r
	}
	defer s.Close()
	capMod, err := s.Import("ai_flow._capture")
	if err != nil {
		r.diags = append(r.diags, p.hostError(err, l.opts.MaxSteps))
		return r
	}
	builtins, _ := capMod.Globals["__builtins__"].(py.StringDict)
	if builtins == nil {
		r.diags = append(r.diags, ir.Errorf(ir.CodeInternal, ir.Span{File: filename}, "the interpreter has no builtins module"))
		return r
	}
	builtins[atName] = capMod.Globals["at"]
	stem := strings.TrimSuffix(filepath.Base(filename), filepath.Ext(filename))
	if srv != nil {
		stem = "__main__"
	}
	reprFn := builtins["repr"]
	e := &exporter{
		file:  filename,
		stem:  stem,
		info:  p.info,
		pos:   p.mapPos,
		apply: srv != nil,
		repr: func(o py.Object) string {
			// After a sandbox violation Call reports it again, but the
			// repr itself ran.
			v, _ := s.Call(reprFn, py.Tuple{o}, nil)
			if s, ok := v.(py.String); ok {
				return string(s)
			}
			return "<" + typeOf(o).Name + " object>"
		},
	}
	if srv != nil {
		if err := bind(ctx, s, capMod, e, srv); err != nil {
			r.diags = append(r.diags, p.hostError(err, l.opts.MaxSteps))
			return r
		}
	}
	mod, runErr := s.RunModule(stem, filename, p.code)
	r.modules = s.UserFiles()
	var pe *pyhost.PythonError
	switch {
	case runErr == nil:
	case errors.As(runErr, &pe) && pe.Type == "RuntimeError" && strings.HasSuffix(pe.Message, serverCall):
		// The shim refused a server call and recorded it with its site;
		// the export reports it.
	default:
		r.diags = append(r.diags, p.hostError(runErr, l.opts.MaxSteps))
	}
	for _, u := range s.StubbedImports() {
		if !u.Known && u.File == filename {
			r.diags = append(r.diags, ir.Warningf(ir.CodeStubbedImport, p.lineSpan(u.Line),
				"module %q is not available while loading and was replaced by a stub; if it is a library that only tasks use, ignore this, otherwise check its name", u.Module))
		}
	}
	// After a sandbox violation every call reports it again; the export
	// itself still ran.
	exported, err := s.Call(capMod.Globals["export"], nil, nil)
	if err != nil && runErr == nil || exported == nil {
		if err != nil && runErr == nil {
			r.diags = append(r.diags, p.hostError(err, l.opts.MaxSteps))
		}
		return r
	}
	r.capture = record(goValue(exported))
	if mod != nil {
		e.globals = mod.Globals
	}
	r.exp = e
	r.workflows = e.export(r.capture, runErr == nil)
	r.diags = append(r.diags, e.diags...)
	return r
}

// prepared is everything about a file that depends only on its name and
// content, cached across loads.
type prepared struct {
	file  string
	src   []byte
	rw    *rewrite.Result
	info  *fileInfo
	code  *py.Code
	diags ir.Diagnostics // problems found before running (syntax)
	// stopped is set when compiling was interrupted (the load's
	// deadline): such a result is not kept in the cache.
	stopped bool
}

// prepCacheSize bounds the cache; when full it starts over, which is
// cheaper than tracking recency.
const prepCacheSize = 64

// prepCache holds prepared files weakly: a file stays cached while some
// load, apply or condition interpreter still uses it, and the collector
// frees it afterwards. A run over a thousand files so keeps none of them
// alive, and a server reloading a definition it still holds finds it.
var prepCache struct {
	sync.Mutex
	m map[uint64]*prepEntry
}

// prepSeed seeds the cache's hash of file name and content.
var prepSeed = maphash.MakeSeed()

type prepEntry struct {
	mu   sync.Mutex // held while the file is prepared
	file string
	p    weak.Pointer[prepared]
}

// prepare rewrites, analyzes and compiles a file, through the cache.
func prepare(filename string, src []byte, done <-chan struct{}) *prepared {
	var h maphash.Hash
	h.SetSeed(prepSeed)
	h.WriteString(filename)
	h.WriteByte(0)
	h.Write(src)
	key := h.Sum64()
	prepCache.Lock()
	if prepCache.m == nil || len(prepCache.m) >= prepCacheSize {
		prepCache.m = map[uint64]*prepEntry{}
	}
	e := prepCache.m[key]
	if e == nil || e.file != filename {
		e = &prepEntry{file: filename}
		prepCache.m[key] = e
	}
	prepCache.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if p := e.p.Value(); p != nil && !p.stopped && bytes.Equal(p.src, src) {
		return p
	}
	p := prepareUncached(filename, src, done)
	e.p = weak.Make(p)
	return p
}

func prepareUncached(filename string, src []byte, done <-chan struct{}) *prepared {
	src = rewrite.Normalize(src)
	p := &prepared{file: filename, src: src}
	rw, err := rewrite.Rewrite(src)
	if err != nil {
		var prob rewrite.Problem
		if errors.As(err, &prob) {
			p.diags = append(p.diags, ir.Errorf(ir.CodeSyntax, p.problemSpan(prob), "%s", prob.Message))
		} else {
			p.diags = append(p.diags, ir.Errorf(ir.CodeSyntax, ir.Span{File: filename}, "%v", err))
		}
		return p
	}
	p.rw = rw
	for _, prob := range rw.Unsupported {
		p.diags = append(p.diags, ir.Errorf(ir.CodeUnsupportedSyntax, p.problemSpan(prob), "%s", prob.Message))
	}
	if len(p.diags) > 0 {
		return p
	}
	source := string(rw.Source)
	info, err := analyze(source, filename)
	if err != nil {
		p.diags = append(p.diags, p.syntaxError(err))
		return p
	}
	p.info = info
	code, err := pyhost.CompileASTDone(info.Mod, filename, done)
	info.Mod = nil
	var be *pyhost.BudgetError
	if errors.As(err, &be) {
		// The load's deadline passed while compiling a huge file.
		p.stopped = true
		p.diags = append(p.diags, p.hostError(err, 0))
		return p
	}
	if err != nil {
		// The compiler (not the parser) rejected the file, such as a
		// return outside a function.
		p.diags = append(p.diags, p.syntaxError(err))
		return p
	}
	p.code = code
	return p
}

func (p *prepared) problemSpan(prob rewrite.Problem) ir.Span {
	sp := ir.Span{File: p.file, Start: ir.Pos{Line: prob.Line, Col: prob.Col}}
	if prob.EndLine > 0 {
		sp.End = ir.Pos{Line: prob.EndLine, Col: prob.EndCol}
	}
	return sp
}

// mapPos maps a position of the rewritten source to the user's file.
func (p *prepared) mapPos(sp srcPos) ir.Pos {
	line, col := p.rw.MapOffset(sp.Line, sp.Col)
	return ir.Pos{Line: line, Col: col}
}

// syntaxError turns a parser or compiler error into a diagnostic.
func (p *prepared) syntaxError(err error) ir.Diagnostic {
	var pe *pyhost.PythonError
	if errors.As(err, &pe) && pe.Syntax != nil && pe.Syntax.File != "" && pe.Syntax.File != p.file {
		// A helper module next to the definition file; the import hook
		// rewrote it and mapped the position back to the user's text.
		loc := pe.Syntax
		sp := ir.Span{File: loc.File, Start: ir.Pos{Line: loc.Line, Col: loc.Col}}
		if loc.EndLine > 0 {
			sp.End = ir.Pos{Line: loc.EndLine, Col: loc.EndCol}
		}
		if loc.Unsupported {
			return ir.Errorf(ir.CodeUnsupportedSyntax, sp, "%s", pe.Message)
		}
		return ir.Errorf(ir.CodeSyntax, sp, "%s", syntaxMessage(pe.Message))
	}
	if errors.As(err, &pe) && pe.Syntax != nil {
		sp := p.lineSpan(pe.Syntax.Line)
		if pe.Syntax.Col > 0 && p.rw != nil {
			// Col is gpython's byte offset in the rewritten text plus one.
			line, col := p.rw.MapOffset(pe.Syntax.Line, pe.Syntax.Col-1)
			sp.Start = ir.Pos{Line: line, Col: col}
		}
		return ir.Errorf(ir.CodeSyntax, sp, "%s", syntaxMessage(pe.Message))
	}
	if exc, ok := err.(*py.Exception); ok {
		line, _ := exc.Dict["lineno"].(py.Int)
		off, _ := exc.Dict["offset"].(py.Int)
		sp := p.lineSpan(int(line))
		if line > 0 && p.rw != nil {
			l, c := p.rw.MapOffset(int(line), int(off))
			sp.Start = ir.Pos{Line: l, Col: c}
		}
		msg := ""
		if args, ok := exc.Args.(py.Tuple); ok && len(args) > 0 {
			if s, ok := args[0].(py.String); ok {
				msg = string(s)
			}
		}
		return ir.Errorf(ir.CodeSyntax, sp, "%s", syntaxMessage(msg))
	}
	return ir.Errorf(ir.CodeSyntax, ir.Span{File: p.file}, "%s", syntaxMessage(err.Error()))
}

// syntaxMessage normalises gpython's syntax error text.
func syntaxMessage(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return "invalid syntax"
	}
	return strings.TrimSuffix(msg, ".")
}

// lineSpan is the first non-blank column of a line of the user's file.
func (p *prepared) lineSpan(line int) ir.Span {
	sp := ir.Span{File: p.file}
	if line <= 0 {
		return sp
	}
	sp.Start = ir.Pos{Line: line, Col: 1}
	text := p.line(line)
	col := 1
	for _, r := range text {
		if !unicode.IsSpace(r) {
			sp.Start.Col = col
			break
		}
		col++
	}
	return sp
}

// line returns one line of the user's source.
func (p *prepared) line(n int) string {
	s := p.src
	for i := 1; i < n; i++ {
		j := indexByte(s, '\n')
		if j < 0 {
			return ""
		}
		s = s[j+1:]
	}
	if j := indexByte(s, '\n'); j >= 0 {
		s = s[:j]
	}
	return string(s)
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

var (
	nameErrRE = regexp.MustCompile(`name '([^']+)' is not defined`)
	attrErrRE = regexp.MustCompile(`attribute '([^']+)'`)
)

// hostError turns a session error into a diagnostic at the innermost frame
// of the user's code.
func (p *prepared) hostError(err error, budget int64) ir.Diagnostic {
	var (
		pe *pyhost.PythonError
		se *pyhost.SandboxError
		be *pyhost.BudgetError
		ue *pyhost.StubUsedError
		ie *pyhost.InternalError
	)
	switch {
	case errors.As(err, &pe):
		if pe.Syntax != nil {
			return p.syntaxError(pe)
		}
		f := userFrame(pe.Traceback)
		msg := pe.Type
		if pe.Message != "" {
			msg += ": " + pe.Message
		}
		code := ir.CodePythonError
		if pe.Type == "SandboxViolation" {
			code = ir.CodeSandbox
			msg = pe.Message + "; it is not allowed while the definition loads"
		}
		return ir.Errorf(code, p.errorSpan(f, pe), "%s", msg)
	case errors.As(err, &se):
		return ir.Errorf(ir.CodeSandbox, p.frameSpan(userFrame(se.Traceback)), "%s is not allowed while a definition loads; do it inside a task", se.Op)
	case errors.As(err, &be) && be.Interrupted:
		return ir.Errorf(ir.CodeLoadBudget, p.frameSpan(userFrame(be.Traceback)), "loading was stopped before it finished")
	case errors.As(err, &be) && be.Alloc > 0:
		return ir.Errorf(ir.CodeLoadBudget, p.frameSpan(userFrame(be.Traceback)),
			"loading built more than %d MiB of objects, its memory budget; is something growing without end?", be.Alloc>>20)
	case errors.As(err, &be):
		steps := be.Steps
		if steps == 0 {
			steps = budget
		}
		return ir.Errorf(ir.CodeLoadBudget, p.frameSpan(userFrame(be.Traceback)), "loading did not finish within %d steps; is there an endless loop at top level?", steps)
	case errors.As(err, &ue):
		name := ue.Name
		if name == "" {
			name = ue.Module
		}
		return ir.Errorf(ir.CodeTaskOnlyImport, p.frameSpan(userFrame(ue.Traceback)), "%q is used while the workflow is defined, but %q is only available inside tasks; move this code into a task's callable", name, ue.Module)
	case errors.As(err, &ie):
		d := ir.Errorf(ir.CodeInternal, p.frameSpan(userFrame(ie.Traceback)), "internal interpreter error while loading")
		d.Detail = strings.TrimSpace(ie.Message + "\n" + ie.Stack)
		return d
	}
	return ir.Errorf(ir.CodeInternal, ir.Span{File: p.file}, "internal error while loading: %v", err)
}

// userFrame is the innermost frame outside the shim and the sandbox's
// own Python modules.
func userFrame(tb pyhost.Traceback) pyhost.Frame {
	return tb.Innermost(func(file string) bool {
		return !isShimFile(file) && !strings.HasPrefix(file, "<")
	})
}

// frameSpan is the first non-blank column of a frame's line.
func (p *prepared) frameSpan(f pyhost.Frame) ir.Span {
	if f.File == "" {
		return ir.Span{File: p.file}
	}
	if f.File != p.file {
		return ir.Span{File: f.File, Start: ir.Pos{Line: f.Line}}
	}
	return p.lineSpan(f.Line)
}

// errorSpan infers a column for an exception: the first use of the missing
// name, the start of the expression whose attribute is missing, else the
// first non-blank column of the line.
func (p *prepared) errorSpan(f pyhost.Frame, pe *pyhost.PythonError) ir.Span {
	sp := p.frameSpan(f)
	if f.File != p.file || p.info == nil {
		return sp
	}
	var name string
	attr := false
	switch pe.Type {
	case "NameError", "UnboundLocalError":
		if m := nameErrRE.FindStringSubmatch(pe.Message); m != nil {
			name = m[1]
		}
	case "AttributeError":
		if m := attrErrRE.FindStringSubmatch(pe.Message); m != nil {
			name, attr = m[1], true
		}
	}
	if name == "" {
		return sp
	}
	// The walk does not visit a line in source order; take the leftmost.
	var best *nameUse
	for i, u := range p.info.Uses[f.Line] {
		if u.Name == name && u.Attr == attr && (best == nil || u.Pos.Col < best.Pos.Col) {
			best = &p.info.Uses[f.Line][i]
		}
	}
	if best == nil {
		return sp
	}
	sp.Start = p.mapPos(best.Pos)
	if !attr {
		sp.End = ir.Pos{Line: sp.Start.Line, Col: sp.Start.Col + utf8.RuneCountInString(name)}
	}
	return sp
}
