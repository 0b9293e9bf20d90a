package pyhost

import (
	"crypto/sha256"
	"sync"
	"sync/atomic"

	"github.com/go-python/gpython/py"
)

// compileCache maps sha256(filename, source) to the compiled code. A
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
	Setup()
	h := sha256.New()
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
	e := v.(*compileEntry)
	e.once.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				e.err = py.ExceptionNewf(py.SystemError, "compile %s: %s", filename, panicMessage(r))
			}
		}()
		e.code, e.err = py.Compile(src, filename, py.ExecMode, 0, true)
	})
	return e.code, e.err
}
