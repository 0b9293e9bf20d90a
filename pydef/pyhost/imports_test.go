package pyhost

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-python/gpython/py"
	"github.com/google/go-cmp/cmp"
)

// writeTree writes files (path -> content) under a new temp folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, content := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(dedent(content)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestUserModules(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"helpers.py": `
			print('helpers loaded')
			VALUE = 41
		`,
		"pkg/__init__.py": `
			from .sub import name
			from . import other
		`,
		"pkg/sub.py": `
			from helpers import VALUE
			name = 'sub:' + str(VALUE + 1)
		`,
		"pkg/other.py": `
			x = 'other'
		`,
		"pkg/deep/__init__.py": ``,
		"pkg/deep/leaf.py": `
			from .. import sub
			leaf = sub.name + '/leaf'
		`,
	})
	out, err := runSrc(t, dir, dedent(`
		import helpers
		import helpers as h2
		import pkg.deep.leaf
		from pkg import other, sub
		from pkg.deep import leaf
		print(helpers.VALUE, h2 is helpers, pkg.name, pkg.other.x, other.x, sub.name)
		print(pkg.deep.leaf.leaf, leaf.leaf, __name__)
	`))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := "helpers loaded\n41 True sub:42 other other sub:42\nsub:42/leaf sub:42/leaf wf\n"
	if diff := cmp.Diff(want, out); diff != "" {
		t.Error(diff)
	}
}

// TestNamespacePackages imports modules from folders without __init__.py.
func TestNamespacePackages(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"helpers/conds.py":     "NAME = 'conds'\n",
		"helpers/deep/leaf.py": "from ..conds import NAME\nLEAF = NAME + '/leaf'\n",
	})
	out, err := runSrc(t, dir, dedent(`
		import helpers.conds
		from helpers.deep.leaf import LEAF
		print(helpers.conds.NAME, LEAF)
	`))
	if err != nil || out != "conds conds/leaf\n" {
		t.Errorf("got %q, %v", out, err)
	}
}

func TestUserModuleErrors(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"broken.py": "x = (\n",
		"fails.py":  "x = 1\n\nundefined_name\n",
	})
	_, err := runSrc(t, dir, "import broken\n")
	var pe *PythonError
	if !errors.As(err, &pe) || pe.Type != "SyntaxError" || pe.Syntax == nil || filepath.Base(pe.Syntax.File) != "broken.py" {
		t.Errorf("syntax error in a sibling module: got %#v", err)
	}
	_, err = runSrc(t, dir, "import fails\n")
	if !errors.As(err, &pe) || pe.Type != "NameError" {
		t.Fatalf("got %v, want a NameError", err)
	}
	tb := pe.Traceback
	if len(tb) != 2 || tb[0].Line != 1 || filepath.Base(tb[1].File) != "fails.py" || tb[1].Line != 3 {
		t.Errorf("traceback = %+v", tb)
	}
	_, err = runSrc(t, dir, "from . import helpers\n")
	if !errors.As(err, &pe) || pe.Type != "ImportError" {
		t.Errorf("relative import at top level: got %v", err)
	}
}

// TestUserModuleRewrite checks that modules next to the definition get
// the rewrite pre-pass, and that their syntax problems are located in the
// user's text, not in the rewritten one.
func TestUserModuleRewrite(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"modern.py": `
			class Base(object):
			    def __init__(self, n: int):
			        self.n: int = n


			class Child(Base):
			    def __init__(self):
			        super().__init__(1_000)

			    def label(self) -> str:
			        return f"n={self.n:,}!"
		`,
		"walrus.py":       "x = f'{1}'\nif (n := 3) > 2:\n    pass\n",
		"broken.py":       "greeting = f'{\"hi\"}' + )\n",
		"unterminated.py": "a = 1\nb = f'{a\n",
	})
	out, err := runSrc(t, dir, "from modern import Child\nprint(Child().label())\n")
	if err != nil || out != "n=1,000!\n" {
		t.Errorf("modern helper: out %q, err %v", out, err)
	}
	for _, tc := range []struct {
		mod         string
		want        SyntaxLoc
		unsupported bool
	}{
		{"walrus", SyntaxLoc{Line: 2, Col: 7, EndLine: 2, EndCol: 9}, true},
		{"broken", SyntaxLoc{Line: 1, Col: 24}, false},
		{"unterminated", SyntaxLoc{Line: 2, Col: 7, EndLine: 2, EndCol: 8}, false},
	} {
		t.Run(tc.mod, func(t *testing.T) {
			_, err := runSrc(t, dir, "import "+tc.mod+"\n")
			var pe *PythonError
			if !errors.As(err, &pe) || pe.Syntax == nil {
				t.Fatalf("got %v, want a SyntaxError", err)
			}
			got := *pe.Syntax
			if filepath.Base(got.File) != tc.mod+".py" || got.Unsupported != tc.unsupported {
				t.Errorf("file %s, unsupported %v", got.File, got.Unsupported)
			}
			got.File, got.Text, got.Unsupported = "", "", false
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("location (-want +got):\n%s\nmessage %q", diff, pe.Message)
			}
		})
	}
	// Python code can catch the error like any SyntaxError.
	out, err = runSrc(t, dir, "try:\n    import walrus\nexcept SyntaxError as e:\n    print('caught', isinstance(e, SyntaxError))\n")
	if err != nil || out != "caught True\n" {
		t.Errorf("catching: out %q, err %v", out, err)
	}
}

func TestShimModules(t *testing.T) {
	compile := func(name, src string, pkg bool) *Module {
		file := "<shim>/" + name + ".py"
		code, err := Compile(dedent(src), file)
		if err != nil {
			t.Fatal(err)
		}
		return &Module{Name: name, Code: code, IsPackage: pkg, File: file}
	}
	mods := map[string]*Module{
		"ai_flow":              compile("ai_flow", "", true),
		"ai_flow.model":        compile("ai_flow.model", "", true),
		"ai_flow.model.flow":   compile("ai_flow.model.flow", "class Workflow(object):\n    pass\n", false),
		"ai_flow.ops":          compile("ai_flow.ops", "from .model.flow import Workflow\n", false),
		"notification_service": compile("notification_service", "", true),
	}
	out, err := runSrc(t, "", dedent(`
		import ai_flow.model.flow
		from ai_flow import ops
		from ai_flow.model.flow import Workflow
		print(ai_flow.model.flow.Workflow is Workflow, ops.Workflow is Workflow, __name__)
		try:
		    import ai_flow.nonexistent
		except ImportError:
		    print('missing')
	`), func(o *Options) { o.Modules = mods })
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if out != "True True wf\nmissing\n" {
		t.Errorf("got %q", out)
	}
}

func TestStubs(t *testing.T) {
	src := dedent(`
		import numpy as np
		from sklearn.linear_model import LogisticRegression
		import nump_typo
		import os

		def train(x: np.ndarray) -> None:
		    return LogisticRegression().fit(x)
		print('defined')
	`)
	var out bytes.Buffer
	s, err := NewSession(Options{Stdout: &out})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	code, err := Compile(src, "wf.py")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RunModule("wf", "wf.py", code); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	want := []StubUse{
		{Module: "numpy", Known: true, File: "wf.py", Line: 1},
		{Module: "sklearn", Known: true, File: "wf.py", Line: 2},
		{Module: "nump_typo", Known: false, File: "wf.py", Line: 3},
	}
	if diff := cmp.Diff(want, s.StubbedImports()); diff != "" {
		t.Errorf("stubbed imports (-want +got):\n%s", diff)
	}

	use, _ := Compile("import numpy as np\n\nx = np.zeros(3)\n", "use.py")
	_, err = s.RunModule("use", "use.py", use)
	var ue *StubUsedError
	if !errors.As(err, &ue) || ue.Module != "numpy" || ue.Name != "numpy.zeros" {
		t.Fatalf("got %v, want a StubUsedError for numpy", err)
	}
	if f := ue.Traceback.Innermost(nil); f.Line != 3 {
		t.Errorf("stub use at line %d, want 3", f.Line)
	}
	if got := ue.Error(); got != "numpy is only available inside tasks; it cannot be used while the workflow is defined" {
		t.Errorf("message %q", got)
	}
}

func TestStubPolicies(t *testing.T) {
	for _, tc := range []struct {
		policy StubPolicy
		src    string
		ok     bool
	}{
		{StubKnown, "import numpy\n", true},
		{StubKnown, "import nump_typo\n", false},
		{StubNone, "import numpy\n", false},
		{StubAll, "import anything_at_all\n", true},
	} {
		_, err := runSrc(t, "", tc.src, func(o *Options) { o.Stubs = tc.policy })
		if (err == nil) != tc.ok {
			t.Errorf("policy %d, %q: err = %v", tc.policy, tc.src, err)
		}
		var pe *PythonError
		if err != nil && (!errors.As(err, &pe) || pe.Type != "ImportError") {
			t.Errorf("policy %d, %q: got %v, want an ImportError", tc.policy, tc.src, err)
		}
	}
}

func TestNoHostLibraries(t *testing.T) {
	out, err := runSrc(t, "", "import sys\nprint(sys.path, sys.argv)\n", func(o *Options) { o.Stubs = StubNone })
	if err != nil || out != "[] []\n" {
		t.Errorf("got %q %v", out, err)
	}
	for _, mod := range []string{"glob", "tempfile"} {
		_, err := runSrc(t, "", "import "+mod+"\n"+mod+".x()\n", func(o *Options) { o.Stubs = StubNone })
		var se *SandboxError
		if !errors.As(err, &se) {
			t.Errorf("%s: got %v, want a SandboxError", mod, err)
		}
	}
}

// TestGpythonOSModulesNotLinked checks that gpython's own os, glob and
// tempfile modules (which run processes and write files) are not linked
// into a binary that uses this package.
func TestGpythonOSModulesNotLinked(t *testing.T) {
	for _, name := range []string{"os", "glob", "tempfile", "sys"} {
		if py.GetModuleImpl(name) != nil {
			t.Errorf("gpython's %s module is registered", name)
		}
	}
}
