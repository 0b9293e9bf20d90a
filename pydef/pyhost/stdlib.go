package pyhost

import (
	"io"

	"github.com/go-python/gpython/py"
)

// stdModule builds one sandboxed standard-library module in a session.
type stdModule func(c *hostContext, name string) (*py.Module, error)

// stdModules are the Go-implemented standard-library modules a definition
// can import; the Python ones live in pystd.
var stdModules = map[string]stdModule{}

// loadStd serves a sandboxed standard-library module; ok is false when
// name is not one.
func (c *hostContext) loadStd(name string) (py.Object, bool, error) {
	if build, ok := stdModules[name]; ok {
		m, err := build(c, name)
		return m, true, err
	}
	if code, file, pkg, ok := pystdCode(name); ok {
		m, err := c.runModule(name, file, code, pkg)
		if err == nil {
			c.ran = append(c.ran, name)
		}
		return m, true, err
	}
	return nil, false, nil
}

// fn is a module function: positional and keyword arguments.
type fn = func(args py.Tuple, kwargs py.StringDict) (py.Object, error)

// goModule creates and registers a Go-implemented module with the given
// globals and functions.
func (c *hostContext) goModule(name string, globals py.StringDict, funcs map[string]fn) (*py.Module, error) {
	m, err := c.newModule(name, "", false)
	if err != nil {
		return nil, err
	}
	delete(m.Globals, "__file__")
	for k, v := range globals {
		m.Globals[k] = v
	}
	for k, f := range funcs {
		m.Globals[k] = newMethod(k, f)
	}
	return m, nil
}

// forbiddenFuncs maps each name to a function that violates the sandbox
// as "module.name".
func (c *hostContext) forbiddenFuncs(module string, names ...string) map[string]fn {
	out := make(map[string]fn, len(names))
	for _, n := range names {
		op := module + "." + n
		out[n] = func(py.Tuple, py.StringDict) (py.Object, error) { return nil, c.violation(op) }
	}
	return out
}

// merge returns the union of function maps.
func merge(ms ...map[string]fn) map[string]fn {
	out := map[string]fn{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func init() {
	stdModules["sys"] = buildSys
}

// buildSys is a sys module without access to the host process: empty
// argv and path, output to Options.Stdout, exit forbidden.
func buildSys(c *hostContext, name string) (*py.Module, error) {
	out := &writer{w: c.s.opts.Stdout, left: maxOutput}
	return c.goModule(name, py.StringDict{
		"argv":         py.NewList(),
		"path":         py.NewList(),
		"modules":      c.sysModules,
		"platform":     py.String("linux"),
		"version":      py.String("3.8.0 (gpython sandbox for workflow definitions)"),
		"version_info": py.Tuple{py.Int(3), py.Int(8), py.Int(0), py.String("final"), py.Int(0)},
		"maxsize":      py.Int(1<<63 - 1),
		"byteorder":    py.String("little"),
		"executable":   py.String(""),
		"stdout":       out,
		"stderr":       out,
		"__stdout__":   out,
		"__stderr__":   out,
	}, merge(map[string]fn{
		"getrecursionlimit": func(py.Tuple, py.StringDict) (py.Object, error) { return py.Int(1000), nil },
		"setrecursionlimit": func(py.Tuple, py.StringDict) (py.Object, error) { return py.None, nil },
		"getdefaultencoding": func(py.Tuple, py.StringDict) (py.Object, error) {
			return py.String("utf-8"), nil
		},
	}, c.forbiddenFuncs("sys", "exit")))
}

// maxOutput caps what one session may print, so that a print loop cannot
// fill the host's memory or logs.
const maxOutput = 1 << 20

// writer is a text stream (sys.stdout) over an io.Writer; output beyond
// the cap is dropped after a note.
type writer struct {
	w    io.Writer
	left int
}

var writerType = py.NewType("_io.TextIOWrapper", "output stream of a definition run")

// Type implements py.Object.
func (w *writer) Type() *py.Type { return writerType }

// M__getattribute__ serves write and flush.
func (w *writer) M__getattribute__(name string) (py.Object, error) {
	switch name {
	case "write":
		return newMethod(name, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			if len(args) != 1 {
				return nil, py.ExceptionNewf(py.TypeError, "write() takes exactly one argument")
			}
			s, err := py.StrAsString(args[0])
			if err != nil {
				return nil, err
			}
			w.write(s)
			return py.Int(len([]rune(s))), nil
		}), nil
	case "flush":
		return newMethod(name, func(py.Tuple, py.StringDict) (py.Object, error) { return py.None, nil }), nil
	}
	return nil, py.ExceptionNewf(py.AttributeError, "'%s' object has no attribute '%s'", writerType.Name, name)
}

func (w *writer) write(s string) {
	if w.left <= 0 {
		return
	}
	if len(s) > w.left {
		s = s[:w.left] + "\n[output truncated]\n"
		w.left = 0
	} else {
		w.left -= len(s)
	}
	_, _ = io.WriteString(w.w, s)
}
