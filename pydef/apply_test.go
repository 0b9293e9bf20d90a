package pydef

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aiflow-go/aiflow/ir"
)

// fakeServer answers the binding's calls from memory and logs them.
type fakeServer struct {
	calls     []string // op and arguments as JSON
	schedules map[string][]map[string]any
	errs      map[string]*OpsError // by op
}

func (f *fakeServer) Call(_ context.Context, op string, args []any) (json.RawMessage, error) {
	b, _ := json.Marshal(args)
	f.calls = append(f.calls, op+" "+string(b))
	if e := f.errs[op]; e != nil {
		return nil, e
	}
	var answer any
	switch op {
	case "upload":
		answer = map[string]any{"workflows": []any{
			map[string]any{"id": 1, "name": "one", "namespace": "default", "is_enabled": true,
				"create_time": "2026-03-04T05:06:07.5Z"},
		}}
	case "schedules":
		answer = f.schedules[args[1].(string)]
	case "add_schedule":
		if f.schedules == nil {
			f.schedules = map[string][]map[string]any{}
		}
		name := args[1].(string)
		s := map[string]any{"id": len(f.calls), "workflow_id": 1, "expression": args[2], "is_paused": false,
			"create_time": "2026-03-04T05:06:07Z"}
		f.schedules[name] = append(f.schedules[name], s)
		answer = s
	case "add_trigger":
		answer = map[string]any{"id": 3, "workflow_id": 2, "condition": args[2], "is_paused": false}
	case "start_execution":
		answer = map[string]any{"id": 7, "workflow_id": 1, "status": "INIT", "run_type": "MANUAL"}
	default:
		answer = map[string]any{}
	}
	return json.Marshal(answer)
}

const applyHeader = `from ai_flow import ops
from ai_flow.common.exception.exceptions import AIFlowException
from ai_flow.model.internal.conditions import SingleEventCondition
from ai_flow.model.rule import WorkflowRule
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='one') as w1:
    BashOperator(name='t', bash_command='echo one')

with Workflow(name='two') as w2:
    BashOperator(name='t', bash_command='echo two')
`

// applyHeaderLines is the line count of applyHeader: sources start after it.
var applyHeaderLines = strings.Count(applyHeader, "\n")

func apply(t *testing.T, srv *fakeServer, src string) (string, []*ir.Workflow, ir.Diagnostics) {
	t.Helper()
	var out bytes.Buffer
	l, err := NewLoader(Options{Stdout: &out})
	if err != nil {
		t.Fatal(err)
	}
	ws, diags := l.Apply(context.Background(), "flows.py", []byte(applyHeader+src), srv)
	return out.String(), ws, diags
}

// TestApply runs files as __main__ against a fake server: the calls of the
// main block reach it with the binding's arguments, answers come back as
// AIFlow's metadata objects, errors as AIFlowException.
func TestApply(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		errs  map[string]*OpsError
		calls []string
		out   string
	}{
		{name: "periodic sample", src: `
if __name__ == "__main__":
    ops.upload_workflows(__file__)
    if not ops.list_workflow_schedules("one"):
        ops.add_workflow_schedule(expression="cron@*/1 * * * *", workflow_name="one")
    s = ops.list_workflow_schedules("one")[0]
    print(s.id, s.workflow_id, s.expression, s.is_paused, s.create_time.year)
`, calls: []string{
			`upload ["flows.py",null]`,
			`schedules [null,"one"]`,
			`add_schedule [null,"one","cron@*/1 * * * *"]`,
			`schedules [null,"one"]`,
		}, out: "3 1 cron@*/1 * * * * False 2026\n"},
		{name: "event trigger sample", src: `
if __name__ == "__main__":
    print([w.name for w in ops.upload_workflows(__file__)])
    rule = WorkflowRule(SingleEventCondition(expect_event_key="go"))
    t = ops.add_workflow_trigger(rule=rule, workflow_name='two')
    print(t.id, t.rule)
    print(ops.start_workflow_execution('one', namespace='other'))
`, calls: []string{
			`upload ["flows.py",null]`,
			`add_trigger [null,"two",{"kind":"event","event_key":"go"}]`,
			`start_execution ["other","one"]`,
		}, out: "['one']\n3 {\"event_key\": \"go\", \"kind\": \"event\"}\n7\n"},
		{name: "custom condition", src: `
from ai_flow.model.condition import Condition

class Threshold(Condition):
    def __init__(self, limit):
        Condition.__init__(self, ['n'])
        self.limit = limit

    def is_met(self, event, context):
        return int(event.value) > self.limit

if __name__ == "__main__":
    ops.add_workflow_trigger(WorkflowRule(Threshold(10)), 'two', 'team')
`, calls: []string{`add_trigger ["team","two",{"kind":"custom","file":"flows.py","class":"Threshold","expect_event_keys":["n"],"args":[10]}]`}},
		{name: "a function called from the main block", src: `
def setup():
    ops.add_workflow_schedule('interval@0 0 1 0', 'two')

if __name__ == "__main__":
    setup()
`, calls: []string{`add_schedule [null,"two","interval@0 0 1 0"]`}},
		{name: "not found is None", src: `
if __name__ == "__main__":
    print(ops.get_workflow('nope'), ops.get_workflow_schedule(9))
`, errs: map[string]*OpsError{"workflow": {Code: "not_found", Message: "no such workflow"}, "schedule": {Code: "not_found"}},
			calls: []string{`workflow [null,"nope"]`, `schedule [9]`}, out: "None None\n"},
		{name: "caught error", src: `
if __name__ == "__main__":
    try:
        ops.start_workflow_execution('one')
    except AIFlowException as e:
        print('caught:', e.code, str(e))
`, errs: map[string]*OpsError{"start_execution": {Code: "conflict", Message: "workflow default.one is disabled"}},
			calls: []string{`start_execution [null,"one"]`}, out: "caught: conflict workflow default.one is disabled\n"},
		{name: "list limit and offset", src: `
if __name__ == "__main__":
    for e in ['a', 'b', 'c']:
        ops.add_workflow_schedule('cron@0 * * * *', 'one')
    print([s.id for s in ops.list_workflow_schedules('one', limit=1, offset=1)], ops.list_workflow_schedules('two'))
`, calls: []string{
			`add_schedule [null,"one","cron@0 * * * *"]`,
			`add_schedule [null,"one","cron@0 * * * *"]`,
			`add_schedule [null,"one","cron@0 * * * *"]`,
			`schedules [null,"one"]`,
			`schedules [null,"two"]`,
		}, out: "[2] None\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := &fakeServer{errs: tt.errs}
			out, ws, diags := apply(t, srv, tt.src)
			if len(diags) > 0 {
				t.Errorf("diagnostics: %v", diags)
			}
			if len(ws) != 2 {
				t.Errorf("got %d workflows, want 2", len(ws))
			}
			if diff := cmp.Diff(tt.calls, srv.calls); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if out != tt.out {
				t.Errorf("output %q, want %q", out, tt.out)
			}
		})
	}
}

// TestApplyOutsideMain checks that calls outside the main block keep
// their load meaning: declarations go into the IR, other calls are refused.
func TestApplyOutsideMain(t *testing.T) {
	srv := &fakeServer{}
	_, ws, diags := apply(t, srv, `
ops.add_workflow_schedule('cron@0 * * * *', 'one')
if __name__ == "__main__":
    pass
`)
	if len(diags) > 0 || len(srv.calls) > 0 {
		t.Fatalf("diagnostics %v, calls %v", diags, srv.calls)
	}
	if len(ws) != 2 || len(ws[0].Schedules) != 1 || ws[0].Schedules[0].Expression != "cron@0 * * * *" {
		t.Errorf("the top-level schedule is not declared: %+v", ws)
	}

	_, _, diags = apply(t, srv, "ops.list_workflows()\n")
	want := fmt.Sprintf("flows.py:%d:1: error: ai_flow.ops.list_workflows would talk to the AIFlow server; apply sends the calls of the `if __name__ == \"__main__\":` block only", applyHeaderLines+1)
	if len(diags) != 1 || !strings.HasPrefix(diags[0].Error(), want) {
		t.Errorf("got %v, want %s", diags, want)
	}
	if len(srv.calls) > 0 {
		t.Errorf("calls: %v", srv.calls)
	}
}

// TestApplyErrors checks the errors of an apply: an uncaught
// AIFlowException at the user's line, and a trigger condition that the
// exporter refuses, with its own position. Each source's failing call is
// on its third line.
func TestApplyErrors(t *testing.T) {
	tests := []struct {
		name, src string
		errs      map[string]*OpsError
		want      string // %[1]s is the failing call's file:line
	}{
		{name: "uncaught", src: `
if __name__ == "__main__":
    ops.add_workflow_schedule('cron@bad', 'one')
`, errs: map[string]*OpsError{"add_schedule": {Code: "invalid", Message: `bad cron expression "bad"`}},
			want: `%[1]s:5: error: AIFlowException: bad cron expression "bad" [python-error]`},
		{name: "a get that fails otherwise", src: `
if __name__ == "__main__":
    ops.get_workflow('one')
`, errs: map[string]*OpsError{"workflow": {Code: "unauthorized", Message: "wrong token"}},
			want: `%[1]s:5: error: AIFlowException: wrong token [python-error]`},
		{name: "bad condition", src: `
if __name__ == "__main__":
    ops.add_workflow_trigger(WorkflowRule(42), 'two')
`, want: `%[1]s:5: error: AIFlowException: %[1]s:5: error: a condition must be an ai_flow Condition, got int [bad-condition] [python-error]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := &fakeServer{errs: tt.errs}
			_, _, diags := apply(t, srv, tt.src)
			want := fmt.Sprintf(tt.want, fmt.Sprintf("flows.py:%d", applyHeaderLines+3))
			if len(diags) != 1 || diags[0].Error() != want {
				t.Errorf("got  %v\nwant %s", diags, want)
			}
		})
	}
}
