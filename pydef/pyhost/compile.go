package pyhost

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/go-python/gpython/py"

	"github.com/aiflow-go/aiflow/pydef/rewrite"
)

// compileCache maps sha256(kind, filename, source) to the compiled code. A
// *py.Code is never written after compilation, so sessions share it.
var compileCache sync.Map // [sha256.Size]byte -> *compileEntry

// compileCacheMax bounds the cache of a long-running process that sees
// many versions of many files; past it the cache starts over.
const compileCacheMax = 4096

var compileCacheLen atomic.Int64

type compileEntry struct {
	once sync.Once
	code *py.Code
	err  error // the gpython exception, unclassified
	// bad is the located problem of a user module that failed, in the
	// user's coordinates; each import raises a fresh SyntaxError from it
	// (a raised exception object is written to, so it is not shared).
	bad *badSource
}

// badSource is why a user module does not compile, located in its file.
type badSource struct {
	msg             string
	line, col       int // 1-based, col in code points; 0 when unknown
	endLine, endCol int // exclusive end, 0 when unknown
	text            string
	unsupported     bool // syntax gpython cannot run (rewrite.Result.Unsupported)
}

// Compile compiles a module's source through a process-wide cache keyed by
// the file name and the content. It is safe for concurrent use. A failure is
// returned as a *PythonError with Syntax set (also cached: the same source
// fails the same way).
func Compile(src, filename string) (*py.Code, error) {
	code, err := compileCached(src, filename)
	if err != nil {
		return nil, classifyError(err, 0)
	}
	return code, nil
}

// compileCached is Compile returning gpython's own exception, which the
// import hook raises into Python code unchanged.
func compileCached(src, filename string) (*py.Code, error) {
	e := cacheEntry(0, src, filename)
	e.once.Do(func() { e.code, e.err = compileSafe(src, filename) })
	return e.code, e.err
}

// cacheEntry returns the cache entry of a source; kind separates plain
// compilation (0) from user modules (1), whose code differs.
func cacheEntry(kind byte, src, filename string) *compileEntry {
	Setup()
	h := sha256.New()
	h.Write([]byte{kind})
	h.Write([]byte(filename))
	h.Write([]byte{0})
	h.Write([]byte(src))
	var key [sha256.Size]byte
	h.Sum(key[:0])
	v, loaded := compileCache.LoadOrStore(key, &compileEntry{})
	if !loaded && compileCacheLen.Add(1) > compileCacheMax {
		compileCache.Clear()
		compileCacheLen.Store(0)
	}
	return v.(*compileEntry)
}

// compileSafe is py.Compile with a compiler panic turned into SystemError.
func compileSafe(src, filename string) (code *py.Code, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = py.ExceptionNewf(py.SystemError, "compile %s: %s", filename, panicMessage(r))
		}
	}()
	return py.Compile(src, filename, py.ExecMode, 0, true)
}

// unsupportedSyntax is the SyntaxError raised for syntax of a user module
// that gpython cannot run; the loader reports it as unsupported rather
// than wrong.
var unsupportedSyntax = func() *py.Type {
	t := py.SyntaxError.NewType("UnsupportedSyntaxError", "Python syntax that workflow definitions cannot use.", nil, nil)
	// NewType copies the ready flag of its parent, so Ready never links
	// the new type to it; `except SyntaxError` needs the MRO.
	t.Base = py.SyntaxError
	t.Mro = append(py.Tuple{t}, py.SyntaxError.Mro...)
	return t
}()

// compileUser compiles a module next to the definition file the way the
// loader compiles the definition itself: pydef/rewrite first (f-strings,
// annotations, super() and the rest), through the process-wide cache. A
// failure is a fresh SyntaxError (UnsupportedSyntaxError for syntax the
// rewrite reports) located in the user's file, in code points: offset and
// end_offset are 0-based columns, lineno and end_lineno 1-based lines.
func compileUser(src []byte, filename string) (*py.Code, error) {
	e := cacheEntry(1, string(src), filename)
	e.once.Do(func() { e.code, e.bad, e.err = rewriteCompile(src, filename) })
	if e.bad != nil {
		return nil, e.bad.exception(filename)
	}
	return e.code, e.err
}

// rewriteCompile rewrites and compiles a user module. err is a compiler
// failure that is not a SyntaxError.
func rewriteCompile(src []byte, filename string) (*py.Code, *badSource, error) {
	src = rewrite.Normalize(src)
	rw, err := rewrite.Rewrite(src)
	var prob rewrite.Problem
	switch {
	case errors.As(err, &prob):
		return nil, problemSource(src, prob, false), nil
	case err != nil:
		return nil, &badSource{msg: err.Error()}, nil
	case len(rw.Unsupported) > 0:
		return nil, problemSource(src, rw.Unsupported[0], true), nil
	}
	code, err := compileSafe(string(rw.Source), filename)
	var exc *py.Exception
	if err == nil || !errors.As(err, &exc) || !exc.Type().IsSubtype(py.SyntaxError) {
		return code, nil, err
	}
	b := &badSource{msg: exceptionMessage(exc)}
	if n, ok := exc.Dict["lineno"].(py.Int); ok && n > 0 {
		off, _ := exc.Dict["offset"].(py.Int)
		b.line, b.col = rw.MapOffset(int(n), int(off))
		b.text = lineText(src, b.line)
	}
	return nil, b, nil
}

// problemSource locates a rewrite problem.
func problemSource(src []byte, p rewrite.Problem, unsupported bool) *badSource {
	return &badSource{msg: p.Message, line: p.Line, col: p.Col, endLine: p.EndLine, endCol: p.EndCol,
		text: lineText(src, p.Line), unsupported: unsupported}
}

// exception builds the SyntaxError that the import raises.
func (b *badSource) exception(filename string) *py.Exception {
	typ := py.SyntaxError
	if b.unsupported {
		typ = unsupportedSyntax
	}
	exc := py.MakeSyntaxError(py.ExceptionNewf(typ, "%s", b.msg), filename, b.line, max(b.col-1, 0), b.text)
	if b.endLine > 0 {
		exc.Dict["end_lineno"] = py.Int(b.endLine)
		exc.Dict["end_offset"] = py.Int(max(b.endCol-1, 0))
	}
	return exc
}

// lineText is line n (1-based) of src with its newline, as SyntaxError.text.
func lineText(src []byte, n int) string {
	for i := 1; i < n; i++ {
		k := bytes.IndexByte(src, '\n')
		if k < 0 {
			return ""
		}
		src = src[k+1:]
	}
	if k := bytes.IndexByte(src, '\n'); k >= 0 {
		src = src[:k+1]
	}
	return string(src)
}
