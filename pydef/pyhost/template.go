package pyhost

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-python/gpython/py"
)

// Templates keeps a Template of the modules that sessions using it
// import: each session reports the modules it executed itself (those of
// Options.Modules and the standard library written in Python) when it is
// closed, and the next session made after such a report gets a template
// rebuilt with them. So a process that loads one file never builds a
// template, and one that loads many executes each module about twice:
// once in the first session that needs it, once in the template. It is
// safe for concurrent use.
type Templates struct {
	modules map[string]*Module
	cur     atomic.Pointer[Template]
	stale   atomic.Bool // wanted has names the current template lacks

	mu       sync.Mutex // held while rebuilding; guards the maps below
	wanted   map[string]bool
	rejected map[string]bool // names a template could not hold
}

// NewTemplates makes an empty cache of templates of modules.
func NewTemplates(modules map[string]*Module) *Templates {
	return &Templates{modules: modules, wanted: map[string]bool{}, rejected: map[string]bool{}}
}

// current returns the template for a new session, first rebuilding it
// when sessions reported modules it lacks (unless another goroutine is
// rebuilding it: then the current one).
func (ts *Templates) current() *Template {
	if ts.stale.Load() && ts.mu.TryLock() {
		defer ts.mu.Unlock()
		if ts.stale.Load() {
			ts.rebuild()
		}
	}
	return ts.cur.Load()
}

// rebuild makes a template of every wanted module; a module whose
// template fails is left out for good (sessions execute it themselves).
func (ts *Templates) rebuild() {
	ts.stale.Store(false)
	for {
		names := make([]string, 0, len(ts.wanted))
		for name := range ts.wanted {
			names = append(names, name)
		}
		sort.Strings(names)
		t, err := NewTemplate(ts.modules, names)
		if err == nil {
			ts.cur.Store(t)
			return
		}
		var fe *templateError
		if errors.As(err, &fe) && ts.wanted[fe.module] {
			delete(ts.wanted, fe.module)
			ts.rejected[fe.module] = true
			continue
		}
		// Not one module's fault: keep the current template and stop
		// asking for the modules it lacks.
		old := ts.cur.Load()
		for _, name := range names {
			if old == nil || !old.has(name) {
				delete(ts.wanted, name)
				ts.rejected[name] = true
			}
		}
		return
	}
}

// note records modules a session executed itself.
func (ts *Templates) note(ran []string) {
	if len(ran) == 0 {
		return
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	for _, name := range ran {
		if !ts.wanted[name] && !ts.rejected[name] {
			ts.wanted[name] = true
			ts.stale.Store(true)
		}
	}
}

// templateError is a module that could not go into a template.
type templateError struct {
	module string
	err    error
}

func (e *templateError) Error() string { return fmt.Sprintf("template module %s: %v", e.module, e.err) }
func (e *templateError) Unwrap() error { return e.err }

// A Template holds modules executed once, in a session of its own, that
// sessions copy (py.Snapshot) instead of executing their bodies again.
// A session given one (through Options.Templates) gets, on its first
// import of one of them, its own copy of that module and of everything
// it reaches:
// module dicts, classes, functions (which run in the session, under its
// budget and sandbox), instances and containers. Strings, numbers, code
// objects and builtin types are shared. Nothing a session can reach is
// written by another, and the template itself is never run again, so a
// Template is safe for concurrent use.
type Template struct {
	snap    *py.Snapshot
	roots   map[string]int      // module name -> root of snap
	codes   map[string]*py.Code // module bodies, to find import lines
	externs []extern            // where a session finds its own version of snap's externals
	deps    map[string][]string // modules the import of each one brought in, in order
}

// extern locates a session's counterpart of an object that belongs to
// the template's session but is not Python state: a host-made module
// (builtins, sys, os, json, ...), its dict, or one of its globals.
type extern struct {
	module string
	key    string // "" for the module itself
	dict   bool   // the module's dict
}

// NewTemplate executes the named modules (served by modules or by the
// sandboxed standard library) and everything they import, once, in a
// session with no folder, environment or stubs. Every Python module the
// session executed goes into the template. It fails when a module's
// body fails or leaves behind something a copy cannot reproduce (a
// generator, an open file, a stub).
func NewTemplate(modules map[string]*Module, names []string) (*Template, error) {
	s, err := NewSession(Options{Modules: modules, Stubs: StubNone})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	c := s.ctx
	tr := &importTrace{end: map[string]int{}}
	c.trace = tr
	for _, name := range names {
		if _, err := s.Import(name); err != nil {
			return nil, &templateError{module: name, err: err}
		}
	}
	c.trace = nil
	t := &Template{roots: map[string]int{}, codes: map[string]*py.Code{}, deps: map[string][]string{}}
	var roots, externals []py.Object
	loaded := make([]string, 0, len(c.mods))
	for name := range c.mods {
		loaded = append(loaded, name)
	}
	sort.Strings(loaded)
	for _, name := range loaded {
		m, ok := c.mods[name].(*py.Module)
		if !ok {
			return nil, fmt.Errorf("template: %s is not available while loading", name)
		}
		if code, ok := c.codes[name]; ok {
			// Executed Python code: copied.
			t.roots[name] = len(roots)
			t.codes[name] = code
			roots = append(roots, m)
			continue
		}
		// A module the host made for this session: each session
		// makes its own, and copies refer to it.
		externals = append(externals, m, m.Globals)
		t.externs = append(t.externs, extern{module: name}, extern{module: name, dict: true})
		for _, k := range m.Globals.SortedKeys() {
			if hostOwned(m.Globals[k]) {
				externals = append(externals, m.Globals[k])
				t.externs = append(t.externs, extern{module: name, key: k})
			}
		}
	}
	// What importing each module brought in, as in CPython's sys.modules.
	start := map[string]int{}
	for i, name := range tr.order {
		if _, seen := start[name]; !seen {
			start[name] = i
		}
	}
	for name := range t.roots {
		end, ok := tr.end[name]
		if !ok {
			continue
		}
		seen := map[string]bool{name: true}
		for _, d := range tr.order[start[name]+1 : end] {
			if _, kept := c.mods[d]; kept && !seen[d] {
				seen[d] = true
				t.deps[name] = append(t.deps[name], d)
			}
		}
	}
	// A package's submodules are bound to it by the imports that load
	// them (fromTemplate), not by the copy: so importing a module copies
	// only what CPython would have executed, and a package shows the
	// submodules imported so far.
	for name, root := range t.roots {
		g := roots[root].(*py.Module).Globals
		for k, v := range g {
			if child, ok := c.mods[name+"."+k]; ok && child == v {
				delete(g, k)
			}
		}
	}
	t.snap, err = py.NewSnapshot(roots, py.SnapshotOptions{Externals: externals, Shared: sharedHostObject})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// has reports whether the template holds module name.
func (t *Template) has(name string) bool {
	_, ok := t.roots[name]
	return ok
}

// Len returns the number of objects a session copies when it imports
// every module of the template.
func (t *Template) Len() int { return t.snap.Len() }

// hostOwned reports whether a global of a host-made module may belong
// to the session that made it (a function closing over it, a stream, a
// dict), as opposed to a value or builtin type shared by every session.
func hostOwned(v py.Object) bool {
	switch x := v.(type) {
	case py.String, py.Int, py.Float, py.Bool, py.NoneType, py.EllipsisType, py.Bytes, py.Complex, *py.BigInt, py.Tuple:
		return false
	case *py.Type:
		_, isCls := asClass(x)
		return !isCls || isHeapType(x)
	}
	return v != py.NotImplemented
}

// sharedHostObject reports the immutable objects of this package's types,
// which copies share.
func sharedHostObject(o py.Object) bool {
	switch o.(type) {
	case *rePattern, *reMatch, *pyDatetime, *pyTimedelta, pyTZ, *uuidObj:
		return true
	}
	return false
}

// fromTemplate gives the session its copy of template module name, and
// registers the modules its import brought in, as executing its body
// would have.
func (c *hostContext) fromTemplate(t *Template, name string) (*py.Module, error) {
	if c.tmpl == nil {
		c.tmpl = t.snap.NewInstance(c, func(i int) (py.Object, error) { return c.external(t.externs[i]) })
	}
	m, err := c.copyModule(t, name)
	if err != nil {
		return nil, err
	}
	for _, d := range t.deps[name] {
		if _, ok := c.mods[d]; ok {
			continue
		}
		var mod py.Object
		if _, ok := t.roots[d]; ok {
			mod, err = c.copyModule(t, d)
		} else {
			mod, err = c.importModule(d) // a host-made module
		}
		if err != nil {
			return nil, err
		}
		if p, ok := c.mods[parentName(d)].(*py.Module); ok {
			key := d[strings.LastIndexByte(d, '.')+1:]
			if _, bound := p.Globals[key]; !bound {
				p.Globals[key] = mod
			}
		}
	}
	return m, nil
}

// copyModule registers the session's copy of one template module.
func (c *hostContext) copyModule(t *Template, name string) (*py.Module, error) {
	obj, err := c.tmpl.Root(t.roots[name])
	if err != nil {
		return nil, err
	}
	m := obj.(*py.Module)
	c.codes[name] = t.codes[name]
	c.register(name, m)
	return m, nil
}

// external returns the session's own version of a template's external.
func (c *hostContext) external(e extern) (py.Object, error) {
	m, err := c.importModule(e.module)
	if err != nil {
		return nil, err
	}
	switch {
	case e.dict:
		return m.Globals, nil
	case e.key == "":
		return m, nil
	}
	v, ok := m.Globals[e.key]
	if !ok {
		return nil, &InternalError{Message: fmt.Sprintf("template: %s.%s is missing in this session", e.module, e.key)}
	}
	return v, nil
}

// Snapshot support of this package's mutable types (py.Snapshotter).

// SnapshotRefs implements py.Snapshotter. Keys whose hash comes from
// Python code (__hash__) are refused: a copy runs no Python code.
func (d *objDict) SnapshotRefs() ([]py.Object, error) {
	refs := []py.Object{d.factory}
	for i, k := range d.keys {
		if hashRunsPython(k) {
			return nil, fmt.Errorf("template: a dict keyed by %s objects with __hash__ cannot be copied", typeName(k))
		}
		refs = append(refs, k, d.vals[i])
	}
	return refs, nil
}

// hashRunsPython reports whether hashOf(k) calls a class's __hash__.
func hashRunsPython(k py.Object) bool {
	switch x := k.(type) {
	case *py.Type:
		if _, isCls := asClass(x); !isCls {
			fn, _ := lookup(x.Type(), "__hash__", nil)
			return fn != nil && fn != py.None
		}
	case py.Tuple:
		for _, it := range x {
			if hashRunsPython(it) {
				return true
			}
		}
	case *py.FrozenSet:
		runs := false
		_ = py.Iterate(x, func(it py.Object) bool {
			runs = hashRunsPython(it)
			return runs
		})
		return runs
	}
	return false
}

// SnapshotNew implements py.Snapshotter.
func (d *objDict) SnapshotNew() py.Object { return newObjDict() }

// SnapshotFill implements py.Snapshotter.
func (d *objDict) SnapshotFill(_ py.Object, refs []py.Object) {
	d.factory = refs[0]
	for i := 1; i+1 < len(refs); i += 2 {
		h, _ := hashOf(refs[i])
		d.index[h] = append(d.index[h], len(d.keys))
		d.keys = append(d.keys, refs[i])
		d.vals = append(d.vals, refs[i+1])
	}
}

// SnapshotRefs implements py.Snapshotter.
func (p *property) SnapshotRefs() ([]py.Object, error) {
	return []py.Object{p.fget, p.fset, p.fdel, p.doc}, nil
}

// SnapshotNew implements py.Snapshotter.
func (p *property) SnapshotNew() py.Object { return &property{} }

// SnapshotFill implements py.Snapshotter.
func (p *property) SnapshotFill(_ py.Object, refs []py.Object) {
	p.fget, p.fset, p.fdel, p.doc = refs[0], refs[1], refs[2], refs[3]
}

// SnapshotRefs implements py.Snapshotter.
func (p *partial) SnapshotRefs() ([]py.Object, error) {
	return []py.Object{p.fn, p.args, p.kw}, nil
}

// SnapshotNew implements py.Snapshotter.
func (p *partial) SnapshotNew() py.Object { return &partial{} }

// SnapshotFill implements py.Snapshotter.
func (p *partial) SnapshotFill(_ py.Object, refs []py.Object) {
	p.fn = refs[0]
	p.args, _ = refs[1].(py.Tuple)
	p.kw, _ = refs[2].(*py.Dict)
}
