package pyhost

import (
	"github.com/go-python/gpython/py"
)

// init creates the builtins and sys modules of a fresh context and
// installs the per-session builtins.
func (c *hostContext) init() error {
	impl := py.GetModuleImpl("builtins")
	if impl == nil {
		return &InternalError{Message: "gpython builtins module is not linked in"}
	}
	b, err := c.store.NewModule(c, impl)
	if err != nil {
		return err
	}
	c.register("builtins", b)
	c.installBuiltins(b.Globals)
	if _, err := c.importModule("sys"); err != nil {
		return err
	}
	return nil
}

// runModule creates module name and executes code in it. pkg marks an
// __init__ module.
func (c *hostContext) runModule(name, filename string, code *py.Code, pkg bool) (*py.Module, error) {
	m, err := c.newModule(name, filename, pkg)
	if err != nil {
		return nil, err
	}
	c.codes[name] = code
	if _, err := evalCode(c, code, m.Globals); err != nil {
		c.unregister(name)
		return m, err
	}
	return m, nil
}

// runUserModule is runModule for a module from Options.Dir: it is marked
// as a user module before its body runs, so that the body can import its
// own submodules.
func (c *hostContext) runUserModule(name, filename string, code *py.Code, pkg bool) (*py.Module, error) {
	m, err := c.newModule(name, filename, pkg)
	if err != nil {
		return nil, err
	}
	c.codes[name] = code
	c.user[m] = true
	if _, err := evalCode(c, code, m.Globals); err != nil {
		c.unregister(name)
		return m, err
	}
	return m, nil
}

// newModule creates and registers an empty module.
func (c *hostContext) newModule(name, filename string, pkg bool) (*py.Module, error) {
	impl := &py.ModuleImpl{Info: py.ModuleInfo{Name: name, FileDesc: filename}}
	m, err := c.store.NewModule(c, impl)
	if err != nil {
		return nil, err
	}
	m.Globals["__builtins__"] = c.store.Builtins.Globals
	parent := name
	if !pkg {
		parent = parentName(name)
	}
	m.Globals["__package__"] = py.String(parent)
	if pkg {
		m.Globals["__path__"] = py.NewList()
	}
	c.register(name, m)
	return m, nil
}

// importModule imports a module by full name and returns it.
func (c *hostContext) importModule(name string) (*py.Module, error) {
	obj, err := c.importChain(name, nil)
	if err != nil {
		return nil, err
	}
	m, ok := obj.(*py.Module)
	if !ok {
		return nil, py.ExceptionNewf(py.ImportError, "%s is a stub module", name)
	}
	return m, nil
}
