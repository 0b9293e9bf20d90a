package pydef

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadModules checks the files Load reports as imported from the
// definition's folder: nested and namespace packages with their
// __init__.py, relative imports, an import inside a function that runs at
// load, in import order; stubbed libraries and files never imported are
// not listed.
func TestLoadModules(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"pkg/__init__.py":     "",
		"pkg/common.py":       "NAME = 'common'\n",
		"pkg/sub/__init__.py": "from . import sibling\n",
		"pkg/sub/sibling.py":  "X = 1\n",
		"pkg/sub/leaf.py":     "from .. import common\nfrom .sibling import X\n\n\ndef run():\n    pass\n",
		"ns/mod.py":           "Y = 2\n",
		"late.py":             "VALUE = 3\n",
		"unused.py":           "Z = 4\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := `from ai_flow.model.workflow import Workflow
from ai_flow.operators.python import PythonOperator
import numpy as np
from pkg.sub.leaf import run
import ns.mod


def setup():
    import late
    return late.VALUE


VALUE = setup()

with Workflow(name='w') as w:
    PythonOperator(name='t', python_callable=run)
`
	_, modules, diags := newTestLoader(t).Load(context.Background(), filepath.Join(dir, "wf.py"), []byte(src))
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	var got []string
	for _, m := range modules {
		rel, err := filepath.Rel(dir, m)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, filepath.ToSlash(rel))
	}
	want := []string{"pkg/__init__.py", "pkg/sub/__init__.py", "pkg/sub/sibling.py", "pkg/sub/leaf.py",
		"pkg/common.py", "ns/mod.py", "late.py"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("modules (-want +got):\n%s", diff)
	}
}
