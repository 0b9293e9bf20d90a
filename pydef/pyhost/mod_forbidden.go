package pyhost

import (
	"strings"

	"github.com/go-python/gpython/py"
)

// forbiddenModules can be imported (definition files often import them
// for their tasks) but every use is a sandbox violation: they start
// processes, open connections or write files.
var forbiddenModules = map[string]bool{
	"subprocess": true, "shutil": true, "socket": true, "urllib": true, "urllib.request": true,
	"http": true, "http.client": true, "ftplib": true, "smtplib": true,
	"threading": true, "multiprocessing": true, "tempfile": true, "glob": true, "signal": true,
	"ctypes": true, "asyncio": true, "concurrent": true, "concurrent.futures": true, "pty": true,
	"requests": true, "pathlib": true, "pickle": true, "sqlite3": true, "webbrowser": true,
}

// forbidden is such a module, or a name inside one.
type forbidden struct {
	c    *hostContext
	name string
}

var forbiddenType = py.NewType("module", "A module that cannot be used while a workflow is defined.")

// Type implements py.Object.
func (f *forbidden) Type() *py.Type { return forbiddenType }

// M__getattribute__ gives nested names; using any of them is a violation.
func (f *forbidden) M__getattribute__(name string) (py.Object, error) {
	switch name {
	case "__name__":
		return py.String(f.name), nil
	case "__spec__", "__file__", "__path__", "__loader__":
		return py.None, nil
	}
	if strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__") {
		return nil, f.c.violation(f.name)
	}
	return &forbidden{c: f.c, name: f.name + "." + name}, nil
}

// M__call__ is the violation.
func (f *forbidden) M__call__(args py.Tuple, kwargs py.StringDict) (py.Object, error) {
	return nil, f.c.violation(f.name)
}

// M__iter__ is a violation too.
func (f *forbidden) M__iter__() (py.Object, error) { return nil, f.c.violation(f.name) }

// M__repr__ names the module.
func (f *forbidden) M__repr__() (py.Object, error) {
	return py.String("<sandboxed " + f.name + ">"), nil
}

// loadForbidden serves a forbidden module; ok is false for other names.
func (c *hostContext) loadForbidden(name string) (py.Object, bool) {
	top := strings.SplitN(name, ".", 2)[0]
	if !forbiddenModules[name] && !forbiddenModules[top] {
		return nil, false
	}
	f := &forbidden{c: c, name: name}
	c.register(name, f)
	return f, true
}
