package pydef

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aiflow-go/aiflow/ir"
)

const header = `from ai_flow import ops
from ai_flow.model.action import TaskAction
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator
`

// TestDiagnostics checks every diagnostic kind the loader reports, with its
// position. Each source follows header (5 lines), so its lines start at 6.
func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		steps   int64
		want    string // "severity code line:col"
		message string // a substring of the message
	}{
		{name: "unsupported walrus", src: "if (n := 10) > 5:\n    pass\n",
			want: "error unsupported-syntax 6:7", message: ":="},
		{name: "syntax error", src: "with Workflow(name='w') as w\n    BashOperator(name='t', bash_command='x')\n",
			want: "error syntax-error 6:29", message: "invalid syntax"},
		{name: "syntax error after an f-string", src: "x = f'{1}' +\n",
			want: "error syntax-error 6:13"},
		{name: "name error", src: "with Workflow(name='w') as w:\n    BashOperator(name='t', bash_command=undefined_name)\n",
			want: "error python-error 7:41", message: "NameError: name 'undefined_name' is not defined"},
		{name: "attribute error", src: "with Workflow(name='w') as w:\n    t = BashOperator(name='t', bash_command='x')\n    t.start_afterr([t])\n",
			want: "error python-error 8:5", message: "AttributeError"},
		{name: "other exception", src: "x = 1\n  # comment\ny = [1][3]\n",
			want: "error python-error 8:1", message: "IndexError"},
		{name: "exception in a function", src: "def helper(x):\n    y = x + 1\n    raise ValueError('bad %d' % y)\n\nz = 1\nhelper(1)\n",
			want: "error python-error 8:5", message: "ValueError: bad 2"},
		{name: "task-only import", src: "import numpy as np\nX = np.zeros(3)\n",
			want: "error task-only-import 7:1", message: `"numpy"`},
		{name: "stubbed import", src: "import nosuchmodule\nwith Workflow(name='w') as w:\n    BashOperator(name='t', bash_command='x')\n",
			want: "warning stubbed-import 6:1", message: `"nosuchmodule"`},
		{name: "sandbox file write", src: "x = 1\nopen('/tmp/aiflow-pydef-test', 'w')\n",
			want: "error sandbox-violation 7:1", message: "open"},
		{name: "sandbox ops call", src: "with Workflow(name='w') as w:\n    BashOperator(name='t', bash_command='x')\nops.start_workflow_execution('w')\n",
			want: "error sandbox-violation 8:1", message: "ai_flow.ops.start_workflow_execution"},
		{name: "sandbox ops call caught", src: "with Workflow(name='w') as w:\n    BashOperator(name='t', bash_command='x')\ntry:\n    ops.upload_workflows('x.py')\nexcept Exception:\n    pass\n",
			want: "error sandbox-violation 9:5", message: "ai_flow.ops.upload_workflows"},
		// One line, so that the line the budget runs out on does not depend
		// on how many steps importing the shim took.
		{name: "budget", src: "while True: pass\n", steps: 10000,
			want: "error load-budget-exceeded 6:1", message: "within 10000 steps"},
		// The memory budget (fork patch 39): positioned at the growing line.
		{name: "memory budget", src: "keep = []\nfor i in range(1000):\n    keep.append('x' * (60 << 20) + str(i))\n",
			want: "error load-budget-exceeded 8:5", message: "more than 256 MiB of objects"},
		// Work done in Go inside one operation (fork patches 34, 35).
		{name: "modular pow budget", src: "pow(3, 10**100000, 10**100000+7)\n",
			want: "error load-budget-exceeded 6:1", message: "steps"},
		// Each list is 3M items: the memory budget runs out before the steps.
		{name: "list repeat budget", src: "[len([0]*(3<<20)) for i in range(2000)]\n",
			want: "error load-budget-exceeded 6:1", message: "memory budget"},
		{name: "int of a huge str", src: "x = 1\ny = int('9' * 10**7)\n",
			want: "error python-error 7:1", message: "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 10000000 digits"},
		{name: "huge int literal", src: "x = 1\ny = " + strings.Repeat("9", 5000) + "\n",
			want: "error syntax-error 7:5", message: "Exceeds the limit (4300 digits)"},
		{name: "repr of a deep dict", src: "d = {}\nx = d\nfor i in range(200000):\n    x['a'] = {}\n    x = x['a']\ns = str(d)\n",
			want: "error python-error 11:1", message: "RecursionError: maximum recursion depth exceeded while getting the repr of an object"},
		{name: "task outside workflow", src: "t = BashOperator(name='t', bash_command='x')\nwith Workflow(name='w') as w:\n    BashOperator(name='u', bash_command='x')\n",
			want: "error task-outside-workflow 6:5", message: `operator "t"`},
		{name: "nested workflow", src: "with Workflow(name='a') as a:\n    with Workflow(name='b') as b:\n        BashOperator(name='t', bash_command='x')\n",
			want: "error nested-workflow 7:10", message: `"b"`},
		{name: "no workflow", src: "x = 1\n",
			want: "error no-workflow 1:1"},
		{name: "unbound workflow", src: "with Workflow(name='w'):\n    BashOperator(name='t', bash_command='x')\n",
			want: "error no-workflow 6:6", message: "module-level name"},
		{name: "lambda callable", src: "with Workflow(name='w') as w:\n    PythonOperator(name='t', python_callable=lambda: 1)\n",
			want: "error bad-callable 7:46", message: "lambda"},
		{name: "nested callable", src: "def outer():\n    def inner():\n        pass\n    return inner\nwith Workflow(name='w') as w:\n    PythonOperator(name='t', python_callable=outer())\n",
			want: "error bad-callable 11:46", message: `nested function "inner"`},
		{name: "unknown argument", src: "with Workflow(name='w') as w:\n    BashOperator(name='t', bash_comand='x')\n",
			want: "warning unknown-argument 7:28", message: `did you mean "bash_command"?`},
		{name: "bad type", src: "with Workflow(name='w') as w:\n    BashOperator(name='t', bash_command='x', retries='3')\n",
			want: "error bad-type 7:54", message: `"retries"`},
		{name: "schedule of unknown workflow", src: "with Workflow(name='daily') as w:\n    BashOperator(name='t', bash_command='x')\nops.add_workflow_schedule('cron@0 0 * * *', workflow_name='dayly')\n",
			want: "error bad-value 8:59", message: `did you mean "daily"?`},
		{name: "rule without condition", src: "with Workflow(name='w') as w:\n    t = BashOperator(name='t', bash_command='x')\n    t.action_on_condition(TaskAction.START, None)\n",
			want: "error bad-condition 8:5", message: "None"},
		{name: "condition of the wrong type", src: "with Workflow(name='w') as w:\n    t = BashOperator(name='t', bash_command='x')\n    t.action_on_condition(action=TaskAction.START, condition='key')\n",
			want: "error bad-condition 8:62", message: "got str"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := NewLoader(Options{MaxSteps: tt.steps})
			if err != nil {
				t.Fatal(err)
			}
			src := header + tt.src
			_, _, diags := l.Load(context.Background(), "wf.py", []byte(src))
			var got []string
			for _, d := range diags {
				s := fmt.Sprintf("%s %s %d:%d", d.Severity, d.Code, d.Span.Start.Line, d.Span.Start.Col)
				if s == tt.want && strings.Contains(d.Message, tt.message) && d.Span.File == "wf.py" {
					return
				}
				got = append(got, s+" "+d.Message)
			}
			t.Errorf("want %q with message containing %q, got:\n%s", tt.want, tt.message, strings.Join(got, "\n"))
		})
	}
}

// TestInternalError checks that a panic in the loader (here: a nil
// Loader) becomes an internal-error diagnostic instead of a crash.
func TestInternalError(t *testing.T) {
	var l *Loader
	r := l.run(context.Background(), "wf.py", []byte(header+"with Workflow(name='w') as w:\n    pass\n"), nil)
	if len(r.diags) != 1 || r.diags[0].Code != ir.CodeInternal || r.diags[0].Span.File != "wf.py" {
		t.Errorf("diags = %v, want one internal-error", r.diags)
	}
}

// TestHelperModule reports problems of a helper module next to the
// definition file in that module's file, at the user's columns although
// the module is rewritten before it is compiled.
func TestHelperModule(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string
	}{
		{"syntax", "def ok():\n    pass\ndef broken(:\n    pass\n", "helper.py:3:12: error: invalid syntax [syntax-error]"},
		{"after-fstring", "x = f'{1}' + f'{2}' +\n", "helper.py:1:22: error: invalid syntax [syntax-error]"},
		{"unsupported", "msg: str = f'{1}'\nif (n := len(msg)) > 0:\n    pass\n",
			"helper.py:2:7: error: assignment expressions (:=) are not supported by the definition loader; assign on a separate line [unsupported-syntax]"},
		{"modern", "class A(object):\n    def f(self) -> str:\n        x: int = 1_000\n        return f'{x:,}'\nclass B(A):\n    def f(self):\n        return super().f()\nassert B().f() == '1,000'\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			helper := filepath.Join(dir, "helper.py")
			if err := os.WriteFile(helper, []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			l := newTestLoader(t)
			_, _, diags := l.Load(context.Background(), filepath.Join(dir, "wf.py"), []byte(header+"import helper\nwith Workflow(name='w') as w:\n    BashOperator(name='a', bash_command='x')\n"))
			var got []string
			for _, d := range diags {
				got = append(got, strings.TrimPrefix(d.Error(), dir+string(filepath.Separator)))
			}
			var want []string
			if tc.want != "" {
				want = []string{tc.want}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCompileInterrupted checks that compiling a definition observes the
// load's context (fork patch 35): interrupted, it reports the budget
// diagnostic and is not cached, so a later load compiles it.
func TestCompileInterrupted(t *testing.T) {
	var b strings.Builder
	b.WriteString(header)
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "x%d = %d\n", i, i)
	}
	src := []byte(b.String())
	done := make(chan struct{})
	close(done)
	p := prepare("big.py", src, done)
	if p.code != nil || !p.stopped || len(p.diags) != 1 || p.diags[0].Code != ir.CodeLoadBudget {
		t.Fatalf("interrupted: code %v, stopped %v, diags %v", p.code != nil, p.stopped, p.diags)
	}
	if p := prepare("big.py", src, nil); p.code == nil || p.stopped || len(p.diags) != 0 {
		t.Fatalf("after the interruption: code %v, stopped %v, diags %v", p.code != nil, p.stopped, p.diags)
	}
}
