package pyhost

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// templateModules is a small package standing in for the ai_flow shim:
// module state (a registry, a counter), a class with methods, an enum, a
// closure, functions that loop, write a file and read the environment.
func templateModules() map[string]*Module {
	src := map[string]string{
		"pkg": "from pkg.base import Base\n",
		"pkg.base": dedent(`
			import enum
			import os

			registry = []
			counter = {'n': 0}

			class Base(object):
			    kind = 'base'

			    def __init__(self, name):
			        self.name = name
			        registry.append(self)
			        counter['n'] += 1

			    def describe(self):
			        return '%s:%s' % (self.kind, self.name)

			class Color(enum.Enum):
			    RED = 1
			    BLUE = 2

			SENTINEL = object()

			def adder(n):
			    def add(x):
			        return x + n
			    return add

			add2 = adder(2)

			def spin():
			    while True:
			        pass

			def write():
			    open('out.txt', 'w')

			def env(name):
			    return os.environ.get(name)
		`),
		"pkg.extra":  "VALUE = 1\n",
		"pkg.stubby": "import numpy\nVALUE = 2\n",
	}
	mods := map[string]*Module{}
	for name, s := range src {
		mods[name] = &Module{Name: name, Source: s, IsPackage: name == "pkg", File: "<test>/" + name + ".py"}
	}
	return mods
}

// runIn runs src in a new session of ts and returns what it printed.
func runIn(t *testing.T, ts *Templates, src string, mut ...func(*Options)) (string, error) {
	t.Helper()
	var out bytes.Buffer
	opts := Options{Modules: ts.modules, Templates: ts, Stdout: &out}
	for _, m := range mut {
		m(&opts)
	}
	s, err := NewSession(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	code, err := Compile(src, "wf.py")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.RunModule("wf", "wf.py", code)
	return out.String(), err
}

// warm runs one session that imports the package, so that the next
// session gets a template.
func warm(t *testing.T, ts *Templates) {
	t.Helper()
	if _, err := runIn(t, ts, "import pkg.base\nimport pkg.extra\n"); err != nil {
		t.Fatal(err)
	}
	if tm := ts.current(); tm == nil || !tm.has("pkg.base") || !tm.has("enum") {
		t.Fatalf("no template of pkg.base and enum after a session imported them")
	}
	// The next sessions copy those modules instead of executing them.
	s, err := NewSession(Options{Modules: ts.modules, Templates: ts})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Import("pkg.base"); err != nil {
		t.Fatal(err)
	}
	if len(s.ctx.ran) > 0 {
		t.Fatalf("a session with a template executed %v", s.ctx.ran)
	}
}

// pristine prints the state a fresh import of pkg.base shows.
const pristine = `
import pkg.base as b
print(len(b.registry), b.counter['n'], b.Base.kind, hasattr(b.Base, 'extra'), hasattr(b, 'NEW'))
print(b.Base('y').describe(), b.Color.RED.value, getattr(b.Color.RED, 'label', None), b.add2(1), hasattr(b.add2, 'tag'))
`

const pristineOut = "0 0 base False False\nbase:y 1 None 3 False\n"

func TestTemplateIsolatesSessions(t *testing.T) {
	ts := NewTemplates(templateModules())
	warm(t, ts)
	_, err := runIn(t, ts, dedent(`
		import pkg.base as b
		b.Base('x')
		b.registry.append(1)
		b.counter['n'] = 99
		b.Base.kind = 'changed'
		b.Base.extra = 1
		b.NEW = 1
		del b.Base.describe
		b.Color.RED.label = 'mutated'
		b.add2.tag = 1
		import enum
		enum.Enum.injected = 1
	`))
	if err != nil {
		t.Fatal(err)
	}
	out, err := runIn(t, ts, dedent(pristine)+"import enum\nprint(hasattr(enum.Enum, 'injected'))\n")
	if err != nil {
		t.Fatal(err)
	}
	if out != pristineOut+"False\n" {
		t.Errorf("after another session changed the modules:\n%s\nwant\n%sFalse", out, pristineOut)
	}
}

func TestTemplateModulesAsImported(t *testing.T) {
	ts := NewTemplates(templateModules())
	warm(t, ts)
	out, err := runIn(t, ts, dedent(`
		import sys
		import pkg
		from pkg.base import Base, Color
		import pkg.base
		print(pkg.base.Base is Base, pkg.Base is Base, type(Color.RED) is Color, Color(1) is Color.RED)
		print('pkg.extra' in sys.modules, hasattr(pkg, 'extra'))
		import pkg.extra
		print('pkg.extra' in sys.modules, pkg.extra.VALUE, sorted(k for k in sys.modules if k.startswith('pkg')))
		print(isinstance(Base('z'), Base), Color.RED in list(Color), Color['BLUE'].value)
	`))
	if err != nil {
		t.Fatal(err)
	}
	want := "True True True True\nFalse False\nTrue 1 ['pkg', 'pkg.base', 'pkg.extra']\nTrue True 2\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// TestTemplateRunsInSession: a function copied from the template runs
// in the session that calls it: its budget, its sandbox, its os module.
func TestTemplateRunsInSession(t *testing.T) {
	ts := NewTemplates(templateModules())
	warm(t, ts)
	_, err := runIn(t, ts, "import pkg.base\npkg.base.spin()\n", func(o *Options) { o.MaxSteps = 100_000 })
	var be *BudgetError
	if !errors.As(err, &be) {
		t.Errorf("endless loop in a template function: got %v, want a BudgetError", err)
	}
	_, err = runIn(t, ts, "import pkg.base\ntry:\n    pkg.base.write()\nexcept BaseException:\n    pass\n")
	var se *SandboxError
	if !errors.As(err, &se) {
		t.Errorf("file write in a template function: got %v, want a SandboxError", err)
	}
	out, err := runIn(t, ts, "import pkg.base\nprint(pkg.base.env('X'))\n", func(o *Options) { o.Env = map[string]string{"X": "from the session"} })
	if err != nil || out != "from the session\n" {
		t.Errorf("os.environ in a template function: %q, %v", out, err)
	}
}

// TestTemplateLeavesOutFailures: a module that cannot go into a template
// (it needs a stub, which templates never serve) is executed by each
// session as before.
func TestTemplateLeavesOutFailures(t *testing.T) {
	ts := NewTemplates(templateModules())
	for i := range 3 {
		out, err := runIn(t, ts, "import pkg.stubby\nprint(pkg.stubby.VALUE)\n")
		if err != nil || out != "2\n" {
			t.Fatalf("session %d: %q, %v", i, out, err)
		}
	}
	if tm := ts.current(); tm == nil || tm.has("pkg.stubby") || !tm.has("pkg") {
		t.Errorf("template should hold pkg but not pkg.stubby")
	}
}

// TestTemplateConcurrentSessions runs sessions that change the template's
// modules on several goroutines (go test -race checks the sharing).
func TestTemplateConcurrentSessions(t *testing.T) {
	ts := NewTemplates(templateModules())
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 5 {
				src := fmt.Sprintf("import pkg.base as b\nb.Base.kind = 'g%d'\nb.registry.append(%d)\nb.Color.RED.label = 'x'\n", g, i) + dedent(pristine)
				out, err := runIn(t, ts, src)
				if err != nil {
					errs <- err
					return
				}
				// This session's own changes show; nobody else's.
				want := fmt.Sprintf("1 0 g%d False False\ng%d:y 1 x 3 False\n", g, g)
				if out != want {
					errs <- fmt.Errorf("goroutine %d run %d: got %q, want %q", g, i, out, want)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestNewTemplateRefusesStubs(t *testing.T) {
	_, err := NewTemplate(templateModules(), []string{"pkg.stubby"})
	var te *templateError
	if !errors.As(err, &te) || te.module != "pkg.stubby" || !strings.Contains(err.Error(), "numpy") {
		t.Errorf("got %v, want a templateError about pkg.stubby and numpy", err)
	}
}
