package pyhost

import (
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-python/gpython/py"
)

// violation records a sandbox violation (the first one is kept and wins
// over any later outcome) and returns the exception to raise.
func (c *hostContext) violation(op string) error {
	if c.s.sandbox == nil {
		c.s.sandbox = &SandboxError{Op: op}
	}
	return py.ExceptionNewf(sandboxViolation, "%s", op)
}

// builtinOpen is open() restricted to reading files inside Options.Dir.
func (c *hostContext) builtinOpen(args py.Tuple, kwargs py.StringDict) (py.Object, error) {
	var file, mode, buffering, encoding, errs, newline, closefd, opener py.Object = nil, py.String("r"), py.None, py.None, py.None, py.None, py.True, py.None
	kwlist := []string{"file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener"}
	if err := py.ParseTupleAndKeywords(args, kwargs, "O|OOOOOOO:open", kwlist, &file, &mode, &buffering, &encoding, &errs, &newline, &closefd, &opener); err != nil {
		return nil, err
	}
	name, ok := file.(py.String)
	m, ok2 := mode.(py.String)
	if !ok || !ok2 {
		return nil, py.ExceptionNewf(py.TypeError, "open() expects a path and a mode string")
	}
	if strings.ContainsAny(string(m), "wax+") {
		return nil, c.violation("open(..., '" + string(m) + "')")
	}
	path, err := c.readablePath(string(name))
	if err != nil {
		return nil, err
	}
	// Look before reading: a file over the object size limit (a huge or
	// sparse one) would be read whole into memory, and a named pipe or a
	// device would block the load or never end.
	fi, rerr := os.Stat(path)
	if rerr == nil {
		if !fi.Mode().IsRegular() && !fi.IsDir() {
			return nil, py.ExceptionNewf(py.OSError, "open() reads regular files only, and '%s' is not one (a named pipe, a device or a socket)", string(name))
		}
		if err := py.CheckSize(int(min(fi.Size(), int64(math.MaxInt32)))); err != nil {
			return nil, err
		}
	}
	data, rerr := os.ReadFile(path)
	if rerr != nil {
		if os.IsNotExist(rerr) {
			return nil, py.ExceptionNewf(py.FileNotFoundError, "[Errno 2] No such file or directory: '%s'", string(name))
		}
		return nil, py.ExceptionNewf(py.OSError, "%s", rerr.Error())
	}
	return newMemFile(string(name), data, strings.Contains(string(m), "b")), nil
}

// readablePath resolves name against Options.Dir and refuses anything
// outside it (symbolic links included).
func (c *hostContext) readablePath(name string) (string, error) {
	dir := c.s.opts.Dir
	if dir == "" {
		return "", c.violation("open() outside the definition folder")
	}
	root, err := filepath.Abs(dir)
	if err != nil {
		return "", py.ExceptionNewf(py.OSError, "%s", err.Error())
	}
	p := name
	if !filepath.IsAbs(p) {
		p = filepath.Join(root, p)
	}
	p = filepath.Clean(p)
	if real, err := filepath.EvalSymlinks(p); err == nil {
		p = real
	}
	if realRoot, err := filepath.EvalSymlinks(root); err == nil {
		root = realRoot
	}
	if rel, err := filepath.Rel(root, p); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", c.violation("open() outside the definition folder")
	}
	return p, nil
}

// memFile is a read-only file object over content read at open time.
type memFile struct {
	name   string
	data   string
	pos    int
	binary bool
	closed bool
}

var memFileType = py.NewType("_io.TextIOWrapper", "a read-only file opened while loading")

// Type implements py.Object.
func (f *memFile) Type() *py.Type { return memFileType }

func newMemFile(name string, data []byte, binary bool) *memFile {
	return &memFile{name: name, data: string(data), binary: binary}
}

func (f *memFile) value(s string) py.Object {
	if f.binary {
		return py.Bytes(s)
	}
	return py.String(s)
}

func (f *memFile) readline() string {
	rest := f.data[f.pos:]
	n := strings.IndexByte(rest, '\n') + 1
	if n == 0 {
		n = len(rest)
	}
	f.pos += n
	return rest[:n]
}

// M__getattribute__ serves the file methods.
func (f *memFile) M__getattribute__(name string) (py.Object, error) {
	m := func(fn func(args py.Tuple) (py.Object, error)) py.Object {
		return newMethod(name, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			if f.closed && name != "close" && name != "__exit__" {
				return nil, py.ExceptionNewf(py.ValueError, "I/O operation on closed file.")
			}
			return fn(args)
		})
	}
	switch name {
	case "name":
		return py.String(f.name), nil
	case "closed":
		return py.NewBool(f.closed), nil
	case "read":
		return m(func(args py.Tuple) (py.Object, error) {
			rest := f.data[f.pos:]
			if len(args) > 0 && args[0] != py.None {
				n, err := py.MakeGoInt(args[0])
				if err != nil {
					return nil, err
				}
				if n >= 0 && n < len(rest) {
					rest = rest[:n]
				}
			}
			f.pos += len(rest)
			return f.value(rest), nil
		}), nil
	case "readline":
		return m(func(py.Tuple) (py.Object, error) { return f.value(f.readline()), nil }), nil
	case "readlines":
		return m(func(py.Tuple) (py.Object, error) {
			out := py.NewList()
			for f.pos < len(f.data) {
				out.Append(f.value(f.readline()))
			}
			return out, nil
		}), nil
	case "close":
		return m(func(py.Tuple) (py.Object, error) { f.closed = true; return py.None, nil }), nil
	case "__enter__":
		return m(func(py.Tuple) (py.Object, error) { return f, nil }), nil
	case "__exit__":
		return m(func(py.Tuple) (py.Object, error) { f.closed = true; return py.False, nil }), nil
	case "write", "writelines", "truncate", "flush":
		return m(func(py.Tuple) (py.Object, error) {
			return nil, py.ExceptionNewf(py.OSError, "not writable")
		}), nil
	}
	return nil, py.ExceptionNewf(py.AttributeError, "'%s' object has no attribute '%s'", memFileType.Name, name)
}

// M__iter__ iterates over lines.
func (f *memFile) M__iter__() (py.Object, error) { return f, nil }

// M__next__ returns the next line.
func (f *memFile) M__next__() (py.Object, error) {
	if f.pos >= len(f.data) {
		return nil, py.StopIteration
	}
	return f.value(f.readline()), nil
}
