package pyhost

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-python/gpython/py"
)

// builtinImport is builtins.__import__ with CPython semantics: `import a.b`
// binds a with a.b loaded, `from a import b` loads submodule a.b when a has
// no attribute b, and relative imports resolve against __package__.
func (c *hostContext) builtinImport(self py.Object, args py.Tuple, kwargs py.StringDict) (py.Object, error) {
	var nameObj, globals, locals, fromlist, levelObj py.Object = nil, py.None, py.None, py.Tuple{}, py.Int(0)
	kwlist := []string{"name", "globals", "locals", "fromlist", "level"}
	if err := py.ParseTupleAndKeywords(args, kwargs, "U|OOOO:__import__", kwlist, &nameObj, &globals, &locals, &fromlist, &levelObj); err != nil {
		return nil, err
	}
	level, err := py.MakeGoInt(levelObj)
	if err != nil {
		return nil, err
	}
	var g py.StringDict
	if d, ok := globals.(py.StringDict); ok {
		g = d
	}
	var from []string
	if fromlist != py.None {
		err := py.Iterate(fromlist, func(item py.Object) bool {
			if s, ok := item.(py.String); ok {
				from = append(from, string(s))
			}
			return false
		})
		if err != nil {
			return nil, err
		}
	}
	return c.importName(string(nameObj.(py.String)), g, from, level)
}

// importName implements __import__ once the arguments are parsed.
func (c *hostContext) importName(name string, globals py.StringDict, from []string, level int) (py.Object, error) {
	abs := name
	if level > 0 {
		base, err := resolvePackage(globals, level)
		if err != nil {
			return nil, err
		}
		abs = base
		if name != "" {
			abs = base + "." + name
		}
	}
	if abs == "" {
		return nil, py.ExceptionNewf(py.ValueError, "Empty module name")
	}
	mod, err := c.importChain(abs, globals)
	if err != nil {
		return nil, err
	}
	if len(from) == 0 {
		if level > 0 {
			return mod, nil
		}
		return c.mods[strings.SplitN(abs, ".", 2)[0]], nil
	}
	if m, ok := mod.(*py.Module); ok && m.Globals["__path__"] != nil {
		for _, f := range from {
			if f == "*" {
				continue
			}
			if _, ok := m.Globals[f]; ok {
				continue
			}
			if _, err := c.importChain(abs+"."+f, globals); err != nil && !py.IsException(py.ImportError, err) {
				return nil, err
			}
		}
	}
	return mod, nil
}

// resolvePackage finds the package a relative import of the given level
// starts from, as importlib._calc___package__ does.
func resolvePackage(globals py.StringDict, level int) (string, error) {
	pkg := ""
	if p, ok := globals["__package__"].(py.String); ok {
		pkg = string(p)
	} else if n, ok := globals["__name__"].(py.String); ok {
		pkg = string(n)
		if globals["__path__"] == nil {
			pkg = parentName(pkg)
		}
	}
	if pkg == "" {
		return "", py.ExceptionNewf(py.ImportError, "attempted relative import with no known parent package")
	}
	parts := strings.Split(pkg, ".")
	if level-1 >= len(parts) {
		return "", py.ExceptionNewf(py.ImportError, "attempted relative import beyond top-level package")
	}
	return strings.Join(parts[:len(parts)-(level-1)], "."), nil
}

// parentName is "a.b" for "a.b.c" and "" for "a".
func parentName(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[:i]
	}
	return ""
}

// importChain loads a, a.b and a.b.c for "a.b.c", binds each child as an
// attribute of its parent, and returns the last one.
func (c *hostContext) importChain(abs string, globals py.StringDict) (py.Object, error) {
	parts := strings.Split(abs, ".")
	var parent py.Object
	for i := range parts {
		full := strings.Join(parts[:i+1], ".")
		mod, ok := c.mods[full]
		if !ok {
			var err error
			mod, err = c.load(full, parent, globals)
			if err != nil {
				return nil, err
			}
			if c.trace != nil {
				c.trace.end[full] = len(c.trace.order)
			}
		}
		if p, ok := parent.(*py.Module); ok {
			if _, bound := p.Globals[parts[i]]; !bound {
				p.Globals[parts[i]] = mod
			}
		}
		parent = mod
	}
	return parent, nil
}

// load finds and executes one module whose parent (nil for a top-level
// module) is already loaded.
func (c *hostContext) load(full string, parent py.Object, globals py.StringDict) (py.Object, error) {
	if t := c.template; t != nil {
		if _, ok := t.roots[full]; ok {
			return c.fromTemplate(t, full)
		}
	}
	if m, ok := c.s.opts.Modules[full]; ok {
		code := m.Code
		if code == nil {
			var err error
			if code, err = compileCached(m.Source, m.File); err != nil {
				return nil, err
			}
		}
		mod, err := c.runModule(full, m.File, code, m.IsPackage)
		if err == nil {
			c.ran = append(c.ran, full)
		}
		return mod, err
	}
	if st, isStub := parent.(*stub); isStub {
		return st.child(full), nil
	}
	if _, isForbidden := parent.(*forbidden); isForbidden {
		return &forbidden{c: c, name: full}, nil
	}
	if f, ok := c.loadForbidden(full); ok {
		return f, nil
	}
	if mod, ok, err := c.loadStd(full); ok {
		return mod, err
	}
	if mod, ok, err := c.loadUser(full, parent); ok {
		return mod, err
	}
	return c.loadStub(full, globals)
}

// loadUser executes a module or package from Options.Dir, or makes a
// namespace package of a folder. Only modules whose parent is itself a
// user package (or top-level ones) are looked up.
func (c *hostContext) loadUser(full string, parent py.Object) (py.Object, bool, error) {
	dir := c.s.opts.Dir
	if dir == "" {
		return nil, false, nil
	}
	if parent != nil {
		p, ok := parent.(*py.Module)
		if !ok || !c.user[p] {
			return nil, false, nil
		}
	}
	rel := filepath.Join(strings.Split(full, ".")...)
	for _, cand := range []struct {
		path string
		pkg  bool
	}{{filepath.Join(dir, rel, "__init__.py"), true}, {filepath.Join(dir, rel+".py"), false}} {
		// Only a regular file: a FIFO or a device would block the load.
		if fi, err := os.Stat(cand.path); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		src, err := os.ReadFile(cand.path)
		if err != nil {
			continue
		}
		if !slices.Contains(c.userFiles, cand.path) {
			// A module whose body failed is read again by a later import.
			c.userFiles = append(c.userFiles, cand.path)
		}
		code, err := compileUser(src, cand.path)
		if err != nil {
			return nil, true, err
		}
		m, err := c.runUserModule(full, cand.path, code, cand.pkg)
		if err != nil {
			return nil, true, err
		}
		return m, true, nil
	}
	if fi, err := os.Stat(filepath.Join(dir, rel)); err == nil && fi.IsDir() {
		// A folder without __init__.py is a namespace package, as in
		// CPython: helpers/conds.py imports as helpers.conds.
		m, err := c.newModule(full, "", true)
		if err != nil {
			return nil, true, err
		}
		c.user[m] = true
		return m, true, nil
	}
	return nil, false, nil
}
