package parser_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// writeFiles writes files (slash path -> content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// symlink makes link (under dir) point to target, or skips the test where
// links cannot be made.
func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlink: %v", err)
	}
}

// TestHelpers checks the files ParseFile reports as needed next to a
// definition: the Python modules it imports (with package __init__.py and
// relative imports, a link inside the folder under its own name), not a
// stubbed library nor a module reached through a link that leaves the
// folder; for YAML, the files its tasks name and its custom conditions'
// files with what they import, and a task file that links out of the folder
// is left out with a warning.
func TestHelpers(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "flows")
	writeFiles(t, root, map[string]string{
		"outside/escape.py":     "E = 1\n",
		"flows/lib/__init__.py": "from .conds import Threshold\n",
		"flows/lib/conds.py": `from ai_flow.model.condition import Condition
from .consts import LIMIT


class Threshold(Condition):
    def is_met(self, event, context):
        return int(event.value) >= LIMIT
`,
		"flows/lib/consts.py":  "LIMIT = 10\n",
		"flows/real.py":        "R = 1\n",
		"flows/tasks/train.py": "def train():\n    pass\n",
		"flows/ops.py": `from ai_flow.model.operator import AIFlowOperator


class Op(AIFlowOperator):
    def start(self, context):
        pass
`,
		"flows/wf.py": `import sklearn
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
from lib import Threshold
import alias
import escape

with Workflow(name='py') as w:
    BashOperator(name='a', bash_command='echo a')
`,
		"flows/wf.yaml": `name: yml
tasks:
  - name: train
    operator: python
    file: tasks/train.py
    python_callable: train
  - name: op
    operator: custom
    file: ops.py
    class: Op
    rules:
      - action: START
        condition:
          custom: {file: lib/conds.py, class: Threshold, expect_event_keys: [n]}
`,
		"flows/link.yaml": `name: link
tasks:
  - {name: t, operator: python, file: escape.py, python_callable: run}
`,
	})
	symlink(t, "real.py", filepath.Join(dir, "alias.py"))
	symlink(t, filepath.Join("..", "outside", "escape.py"), filepath.Join(dir, "escape.py"))
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		t.Fatal(err)
	}
	p := newParser(t)
	for _, tc := range []struct {
		file string
		want []string
		warn string // the diagnostics, one per line
	}{
		{"wf.py", []string{"alias.py", "lib/__init__.py", "lib/conds.py", "lib/consts.py"}, ""},
		{"wf.yaml", []string{"lib/__init__.py", "lib/conds.py", "lib/consts.py", "ops.py", "tasks/train.py"}, ""},
		{"link.yaml", nil, "link.yaml:3:39: warning: file \"escape.py\" of python task \"t\" in workflow \"link\" is a link to \"" +
			filepath.Join(realRoot, "outside", "escape.py") + "\", outside the folder of \"link.yaml\"; uploads include only the files next to the definition [missing-file]\n"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, diags := p.ParseFile(context.Background(), path, src)
			var got strings.Builder
			for _, d := range diags {
				got.WriteString(strings.TrimPrefix(d.Error(), dir+string(filepath.Separator)) + "\n")
			}
			if diff := cmp.Diff(tc.warn, got.String()); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, f.Helpers); diff != "" {
				t.Errorf("helpers (-want +got):\n%s", diff)
			}
		})
	}
}
