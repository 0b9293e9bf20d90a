package pyhost

import (
	"github.com/go-python/gpython/py"
)

// hostContext implements py.Context for one Session. It never resolves
// files through sys.path: every module comes from the import hook.
type hostContext struct {
	s     *Session
	store *py.ModuleStore
	done  chan struct{}
	// mods is sys.modules: real modules and stub objects by full name.
	mods map[string]py.Object
	// codes are the module bodies by module name, to find import lines.
	codes map[string]*py.Code
	// user marks modules loaded from Options.Dir, whose submodules are
	// looked up there too.
	user map[*py.Module]bool
	// userFiles are the source files of those modules, in import order.
	userFiles []string
	// sysModules is sys.modules, kept in step with mods.
	sysModules py.StringDict
	// budget counts the instructions of the current entry point.
	budget *py.Budget
	// template serves modules as copies; nil when Options.Templates is
	// nil or has none yet. tmpl is the session's copy, made lazily.
	template *Template
	tmpl     *py.SnapshotInstance
	// ran lists the modules of Options.Modules and the Python standard
	// library that the session executed itself, for Options.Templates.
	ran []string
	// trace records the imports while NewTemplate runs; nil otherwise.
	trace *importTrace
}

// importTrace records which modules each import brought in.
type importTrace struct {
	order []string       // modules in the order their imports started
	end   map[string]int // len(order) when each module's import ended
}

var _ py.Context = (*hostContext)(nil)

func newHostContext(s *Session) *hostContext {
	// A workflow file's load registers some 40 modules (builtins, pystd,
	// the ai_flow shim): sized up front, the maps by module never regrow.
	const mods = 64
	return &hostContext{
		s:          s,
		store:      py.NewModuleStore(),
		done:       make(chan struct{}),
		mods:       make(map[string]py.Object, mods),
		sysModules: make(py.StringDict, mods),
		codes:      make(map[string]*py.Code, mods),
		user:       map[*py.Module]bool{},
	}
}

// ResolveAndCompile implements py.Context; the sandbox never reads source
// files through gpython's resolver.
func (c *hostContext) ResolveAndCompile(pathname string, opts py.CompileOpts) (py.CompileOut, error) {
	return py.CompileOut{}, py.ExceptionNewf(py.ImportError, "no file system access to %q while loading", pathname)
}

// ModuleInit implements py.Context. Unlike gpython's own context it never
// compiles impl.CodeSrc into the shared impl (a data race between
// sessions): code must be precompiled.
func (c *hostContext) ModuleInit(impl *py.ModuleImpl) (*py.Module, error) {
	m, err := c.store.NewModule(c, impl)
	if err != nil {
		return nil, err
	}
	c.register(impl.Info.Name, m)
	if impl.Code != nil {
		if _, err := evalCode(c, impl.Code, m.Globals); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// RunCode implements py.Context.
func (c *hostContext) RunCode(code *py.Code, globals, locals py.StringDict, closure py.Tuple) (py.Object, error) {
	return evalCodeLocals(c, code, globals, locals, closure)
}

// GetModule implements py.Context.
func (c *hostContext) GetModule(name string) (*py.Module, error) {
	if m, ok := c.mods[name].(*py.Module); ok {
		return m, nil // modules copied from a template are not in the store
	}
	return c.store.GetModule(name)
}

// Store implements py.Context.
func (c *hostContext) Store() *py.ModuleStore { return c.store }

// Close implements py.Context.
func (c *hostContext) Close() error {
	select {
	case <-c.done:
	default:
		c.store.OnContextClosed()
		close(c.done)
	}
	return nil
}

// Done implements py.Context.
func (c *hostContext) Done() <-chan struct{} { return c.done }

// register records a loaded module (or stub) under its full name.
func (c *hostContext) register(name string, m py.Object) {
	c.mods[name] = m
	c.sysModules[name] = m
	if c.trace != nil {
		c.trace.order = append(c.trace.order, name)
	}
}

// unregister forgets a module whose body failed, as CPython does.
func (c *hostContext) unregister(name string) {
	delete(c.mods, name)
	delete(c.sysModules, name)
}
