package yamldef

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/aiflow-go/aiflow/operator"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"go.yaml.in/yaml/v3"

	"github.com/aiflow-go/aiflow/internal/golden"
	"github.com/aiflow-go/aiflow/ir"
)

func parseCanonical(t *testing.T, name string, src []byte) ([]*ir.Workflow, ir.Diagnostics) {
	t.Helper()
	ws, diags := Parse(name, src)
	for _, w := range ws {
		w.Canonicalize()
	}
	return ws, diags
}

// TestGood compares the canonical IR of every testdata/good/X.yaml with
// X.ir.json.
func TestGood(t *testing.T) {
	files, err := filepath.Glob("testdata/good/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no good files: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ws, diags := parseCanonical(t, f, src)
			// The good files are valid workflows, not only valid YAML.
			diags = append(diags, ir.Validate(ws)...)
			for _, d := range diags {
				t.Errorf("unexpected diagnostic: %v", d)
			}
			got, err := ir.EncodeJSON(ws)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, strings.TrimSuffix(f, ".yaml")+".ir.json", got)
		})
	}
}

// format renders a diagnostic as "line:col code: message" for the tables.
func format(d ir.Diagnostic) string {
	return fmt.Sprintf("%d:%d %s: %s", d.Span.Start.Line, d.Span.Start.Col, d.Code, d.Message)
}

// head starts a workflow document whose tasks follow.
const head = "name: wf\ntasks:\n"

// diagnosticCases pin every structural diagnostic: code, position and
// message. FuzzParse starts from them too.
var diagnosticCases = []struct {
	name string
	src  string
	want []string
}{
	{"empty file", "", []string{`1:1 no-workflow: "t.yaml" declares no workflow: the file has no yaml document`}},
	{"only comments", "# nothing\n---\n", []string{`1:1 no-workflow: "t.yaml" declares no workflow: the file has no yaml document`}},
	{"scanner error", "name: wf\ntasks: a: b\n", []string{`2:9 syntax-error: invalid yaml: mapping values are not allowed in this context`}},
	{"parser error", "name: wf\ntasks: [a, b\nnamespace: x\n", []string{`3:1 syntax-error: invalid yaml: did not find expected ',' or ']'`}},
	{"at sign", "name: wf\ntasks: []\nnamespace: @x\n", []string{`3:12 syntax-error: invalid yaml: found character that cannot start any token`}},
	{"bad indentation in a list item", head + "  - name: t\n    operator: noop\n   retries: 1\n", []string{
		`5:4 syntax-error: invalid yaml: did not find expected '-' indicator`}},
	{"key at the indentation of the list", head + "  - name: t\n  operator: noop\n", []string{
		`4:3 syntax-error: invalid yaml: did not find expected '-' indicator`}},
	{"unclosed flow list", head + "  - name: t\n    start_after: [a, b\n  - name: u\n", []string{
		`5:3 syntax-error: invalid yaml: did not find expected ',' or ']'`}},
	{"tab on first line", "\tname: wf\n", []string{`1:1 syntax-error: invalid yaml: found character that cannot start any token`}},
	{"control character", "name: wf\ntasks: []\nnamespace: \x01\n", []string{`3:0 syntax-error: invalid yaml: control characters are not allowed`}},
	{"unknown anchor", "name: *nope\n", []string{`1:0 syntax-error: invalid yaml: unknown anchor 'nope' referenced`}},
	{"root not a mapping", "- a\n- b\n", []string{`1:1 bad-type: workflow document #1 must be a mapping, not a list`}},
	{"missing name and tasks", "namespace: x\n", []string{
		`1:1 missing-argument: missing key "name" in workflow #1`,
		`1:1 missing-argument: missing key "tasks" in workflow #1`,
	}},
	{"recursive alias in a list", "name: wf\ntasks: &t\n  - {name: a, operator: noop}\n  - *t\n", []string{
		`4:5 syntax-error: recursive alias "t": the anchored value contains itself`}},
	{"unknown workflow key", "name: wf\ntask: []\ntasks: []\n", []string{`2:1 unknown-key: unknown key "task" in workflow "wf"; did you mean "tasks"?`}},
	{"unknown key without suggestion", "name: wf\ntasks: []\nowner: me\n", []string{
		`3:1 unknown-key: unknown key "owner" in workflow "wf"; expected one of "config", "name", "namespace", "schedules", "tasks", "triggers"`}},
	{"duplicate key", "name: wf\ntasks: []\nname: wf2\n", []string{`3:1 duplicate-key: duplicate key "name" in workflow "wf"`}},
	{"name not a string", "name: [a]\ntasks: []\n", []string{`1:7 bad-type: "name" in workflow #1 must be a string, not a list`}},
	{"tasks not a list", "name: wf\ntasks: {a: 1}\n", []string{`2:8 bad-type: "tasks" in workflow "wf" must be a list, not a mapping`}},
	{"schedule not a string", "name: wf\nschedules: [5]\ntasks: []\n", []string{`2:13 bad-type: schedule #1 of workflow "wf" must be a string, not an integer`}},
	{"task not a mapping", head + "  - extract\n", []string{`3:5 bad-type: task #1 of workflow "wf" must be a mapping, not a string`}},
	{"task without name", head + "  - bash_command: x\n", []string{`3:5 missing-argument: missing key "name" in task #1 of workflow "wf"`}},
	{"misspelt task key", head + "  - name: extract\n    operator: bash\n    bash_comand: x\n", []string{
		`5:5 unknown-key: unknown key "bash_comand" in task "extract"; did you mean "bash_command"?`}},
	{"key of another operator", head + "  - name: t\n    operator: python\n    file: f.py\n    python_callable: f\n    bash_command: x\n", []string{
		`7:5 unknown-key: unknown key "bash_command" in python task "t"; only the bash operator takes it`}},
	{"key of two other operators", head + "  - name: t\n    operator: bash\n    bash_command: x\n    application: a.jar\n", []string{
		`6:5 unknown-key: unknown key "application" in bash task "t"; only the flink and spark-submit operators take it`}},
	{"unknown operator takes any operator's keys", head + "  - name: t\n    operator: bsh\n    bash_command: x\n    application: a\n    bogus: 1\n", []string{
		`7:5 unknown-key: unknown key "bogus" in task "t"; expected one of "application", "application_args", "application_mode", "application_name", ` +
			`"bash_command", "class", "command", "command_options", "config", "cwd", "deploy_mode", "env", "env_vars", "executable_path", "file", "image", ` +
			`"jobs_info_poll_interval", "k8s_namespace", "kubernetes_cluster_id", "master", "name", "network", "op_args", "op_kwargs", "operator", ` +
			`"periodic_expression", "python_callable", "retries", "retry_delay", "retry_exponential_backoff", "rules", "sql", "start_after", ` +
			`"stop_with_savepoint", "submit_options", "target", "timeout", "volumes"`}},
	{"bad int", head + "  - name: t\n    operator: noop\n    retries: two\n", []string{`5:14 bad-type: "retries" in task "t" must be an integer, not a string`}},
	{"float for int", head + "  - name: t\n    operator: noop\n    retries: 1.5\n", []string{`5:14 bad-type: "retries" in task "t" must be an integer, not a number`}},
	{"bad duration", head + "  - name: t\n    operator: noop\n    timeout: 10 minutes\n", []string{
		`5:14 bad-value: "timeout" in task "t" must be a number of seconds or a duration such as "90s" or "1h30m", not "10 minutes"`}},
	{"infinite number", head + "  - name: t\n    operator: noop\n    timeout: .inf\n", []string{
		`5:14 bad-value: "timeout" in task "t": bad number ".inf": infinite or not-a-number values are not supported`}},
	{"bool as string", head + "  - name: t\n    operator: flink\n    application: a\n    application_mode: yes\n", []string{
		`6:23 bad-type: "application_mode" in task "t" must be true or false, not a string`}},
	{"string list item", head + "  - name: t\n    operator: flink\n    application: a\n    application_args: [a, 1]\n", []string{
		`6:27 bad-type: item #2 of "application_args" in task "t" must be a string, not an integer`}},
	{"env value not a string", head + "  - name: t\n    operator: bash\n    bash_command: x\n    env: {A: 1}\n", []string{
		`6:14 bad-type: "A" in "env" in task "t" must be a string, not an integer`}},
	{"config not a mapping", head + "  - name: t\n    operator: noop\n    config: [1]\n", []string{`5:13 bad-type: "config" in task "t" must be a mapping, not a list`}},
	{"duplicate key in task", head + "  - name: t\n    operator: noop\n    retries: 1\n    retries: 2\n", []string{`6:5 duplicate-key: duplicate key "retries" in task "t"`}},
	{"start_after not names", head + "  - name: t\n    operator: noop\n    start_after: {a: 1}\n", []string{
		`5:18 bad-type: "start_after" in task "t" must be a task name or a list of task names, not a mapping`}},
	{"rule without action", head + "  - name: t\n    operator: noop\n    rules:\n      - event: e\n", []string{`6:9 missing-argument: missing key "action" in rule #1 of task "t"`}},
	{"rule without condition", head + "  - name: t\n    operator: noop\n    rules:\n      - action: START\n", []string{
		`6:9 missing-argument: rule #1 of task "t" has no condition; give one of "condition", "event", "task_status"`}},
	{"rule with two forms", head + "  - name: t\n    operator: noop\n    rules:\n      - action: START\n        event: e\n        condition: {event: f}\n", []string{
		`8:9 bad-value: rule #1 of task "t" has both "event" and "condition"; give exactly one of "condition", "event", "task_status"`}},
	{"unknown action", head + "  - name: t\n    operator: noop\n    rules:\n      - {action: begin, event: e}\n", []string{
		`6:18 bad-value: unknown action "begin" in rule #1 of task "t"; expected one of "RESTART", "START", "STOP"`}},
	{"misspelt action", head + "  - name: t\n    operator: noop\n    rules:\n      - {action: strt, event: e}\n", []string{
		`6:18 bad-value: unknown action "strt" in rule #1 of task "t"; did you mean "START"?`}},
	{"unknown rule key", head + "  - name: t\n    operator: noop\n    rules:\n      - {action: START, evnt: e}\n", []string{
		`6:9 missing-argument: rule #1 of task "t" has no condition; give one of "condition", "event", "task_status"`,
		`6:25 unknown-key: unknown key "evnt" in rule #1 of task "t"; did you mean "event"?`,
	}},
	{"unknown status", head + "  - name: t\n    operator: noop\n    rules:\n      - {action: START, task_status: {a: SUCESS}}\n", []string{
		`6:42 bad-value: unknown status "SUCESS" in "task_status" in rule #1 of task "t"; did you mean "SUCCESS"?`}},
	{"single form in rule task_status", head + "  - name: t\n    operator: noop\n    rules:\n      - {action: START, task_status: {task: a, status: SUCCESS}}\n", []string{
		`6:38 bad-value: "task_status" in rule #1 of task "t" maps task names to statuses, such as {extract: SUCCESS}; for a single task-status condition write condition: {task_status: {task: ..., status: ...}}`}},
	{"unknown condition kind", head + "  - name: t\n    operator: noop\n    rules:\n      - action: START\n        condition: {evnt: e}\n", []string{
		`7:21 bad-value: unknown condition kind "evnt" in condition of rule #1 of task "t"; did you mean "event"?`}},
	{"two condition kinds", "name: wf\ntriggers:\n  - {event: a, meet_any: []}\ntasks: []\n", []string{
		`3:16 bad-value: trigger #1 of workflow "wf" has both "event" and "meet_any"; a condition has exactly one key`}},
	{"empty condition", "name: wf\ntriggers:\n  - {}\ntasks: []\n", []string{
		`3:5 bad-value: empty condition in trigger #1 of workflow "wf"; expected one of "all_met", "custom", "event", "expression", "meet_all", "meet_any", "task_status"`}},
	{"condition not a mapping", "name: wf\ntriggers: [e]\ntasks: []\n", []string{
		`2:12 bad-type: trigger #1 of workflow "wf" must be a condition mapping with one of "all_met", "custom", "event", "expression", "meet_all", "meet_any", "task_status", not a string`}},
	{"task_status without status", "name: wf\ntriggers:\n  - task_status: {task: a}\ntasks: []\n", []string{
		`3:18 missing-argument: missing key "status" in "task_status" in trigger #1 of workflow "wf"`}},
	{"meet_all without name", "name: wf\ntriggers:\n  - meet_all: {conditions: [{event: a}]}\ntasks: []\n", []string{
		`3:15 missing-argument: missing key "name" in "meet_all" in trigger #1 of workflow "wf"`}},
	{"custom condition unknown key", "name: wf\ntriggers:\n  - custom: {file: c.py, class: C, keys: [a]}\ntasks: []\n", []string{
		`3:36 unknown-key: unknown key "keys" in "custom" in trigger #1 of workflow "wf"; expected one of "args", "class", "expect_event_keys", "file", "kwargs"`}},
	{"all_met item bad status", "name: wf\ntriggers:\n  - all_met: [{task: a, status: done}]\ntasks: []\n", []string{
		`3:33 bad-value: unknown status "done" in item #1 of "all_met" in trigger #1 of workflow "wf"; expected one of "INIT", "QUEUED", "RUNNING", "SUCCESS", "FAILED", "STOPPING", "STOPPED", "RETRYING"`}},
	{"when without event", head + "  - name: t\n    operator: noop\n    rules:\n      - {action: START, when: 'true'}\n", []string{
		`6:25 bad-value: rule #1 of task "t" has "when" but no "event"; give the event keys the expression listens to in "event"`}},
	{"when with task_status", head + "  - name: t\n    operator: noop\n    rules:\n      - {action: START, task_status: {a: SUCCESS}, when: 'true'}\n", []string{
		`6:52 bad-value: rule #1 of task "t" has both "task_status" and "when"; when goes with event, or write condition: {expression: {...}}`}},
	{"update without when", head + "  - name: t\n    operator: noop\n    rules:\n      - {action: START, event: e, update: {n: '1'}}\n", []string{
		`6:35 bad-value: rule #1 of task "t" has "update" but no "when"; update sets the state of the expression in when`}},
	{"event list without when", head + "  - name: t\n    operator: noop\n    rules:\n      - {action: START, event: [a, b]}\n", []string{
		`6:32 bad-type: "event" in rule #1 of task "t" must be a string (a list of event keys needs when), not a list`}},
	{"shorthand when not a string", head + "  - name: t\n    operator: noop\n    rules:\n      - {action: START, event: e, when: true}\n", []string{
		`6:41 bad-type: "when" in rule #1 of task "t" must be a string, not a boolean`}},
	{"shorthand update value not a string", head + "  - name: t\n    operator: noop\n    rules:\n      - {action: START, event: e, when: x, update: {n: 1}}\n", []string{
		`6:56 bad-type: "n" in "update" in rule #1 of task "t" must be a string, not an integer`}},
	{"expression unknown key", "name: wf\ntriggers:\n  - expression: {expect_event_keys: [a], when: 'true', updates: {}}\ntasks: []\n", []string{
		`3:56 unknown-key: unknown key "updates" in "expression" in trigger #1 of workflow "wf"; did you mean "update"?`}},
	{"expression update not a mapping", "name: wf\ntriggers:\n  - expression: {expect_event_keys: [a], when: 'true', update: [x]}\ntasks: []\n", []string{
		`3:64 bad-type: "update" in "expression" in trigger #1 of workflow "wf" must be a mapping, not a list`}},
	{"expression keys not a list", "name: wf\ntriggers:\n  - expression: {expect_event_keys: a, when: 'true'}\ntasks: []\n", []string{
		`3:37 bad-type: "expect_event_keys" in "expression" in trigger #1 of workflow "wf" must be a list, not a string`}},
	{"recursive alias", "name: wf\nconfig: &c {self: *c}\ntasks: []\n", []string{`2:19 syntax-error: recursive alias "c": the anchored value contains itself`}},
	{"bad merge value", "name: wf\ntasks: []\nconfig: {<<: 5}\n", []string{`3:14 bad-type: the merge key (<<) in "config" in workflow "wf" takes a mapping or a list of mappings, not an integer`}},
	{"non-string key", "name: wf\ntasks: []\n[a]: 1\n", []string{`3:1 bad-type: keys of workflow "wf" must be strings, not a list`}},
	{"error in aliased value is reported once", "name: wf\ntasks:\n  - &t {name: a, operator: noop, retries: x}\n  - *t\n", []string{
		`3:43 bad-type: "retries" in task "a" must be an integer, not a string`}},
	{"billion laughs", laughs(), []string{`5:52 bad-value: aliases expand this document to more than 112340 values`}},
	{"error in second document keeps the first", "name: a\ntasks: []\n---\nname: b\ntasks: [\n", []string{
		`6:0 syntax-error: invalid yaml: did not find expected node content`}},
}

func TestDiagnostics(t *testing.T) {
	for _, tc := range diagnosticCases {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := Parse("t.yaml", []byte(tc.src))
			diags.Sort()
			var got []string
			for _, d := range diags {
				got = append(got, format(d))
				if d.Span.File != "t.yaml" {
					t.Errorf("diagnostic %v: file %q", d, d.Span.File)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// laughs is a document whose aliases expand to 10^9 values.
func laughs() string {
	var b strings.Builder
	b.WriteString("name: wf\ntasks: []\nconfig:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "  l%d: &l%d [", i, i)
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func TestPartialResults(t *testing.T) {
	ws, diags := Parse("t.yaml", []byte("name: a\ntasks: []\n---\nname: b\ntasks: [\n"))
	if len(ws) != 1 || ws[0].Name != "a" || len(diags) != 1 {
		t.Errorf("got %d workflows, diagnostics %v; want workflow a and one syntax error", len(ws), diags)
	}
	// A task without a name is dropped, the rest of the workflow kept.
	ws, _ = Parse("t.yaml", []byte("name: a\ntasks:\n  - operator: noop\n  - {name: b, operator: noop}\n"))
	if len(ws) != 1 || len(ws[0].Tasks) != 1 || ws[0].Tasks[0].Name != "b" {
		t.Errorf("got %+v, want workflow a with task b only", ws)
	}
	// A bash task without bash_command keeps an empty command for ir.Validate.
	ws, diags = Parse("t.yaml", []byte("name: a\ntasks:\n  - {name: b, operator: bash}\n"))
	if len(diags) != 0 || len(ws) != 1 || ws[0].Tasks[0].Args == nil || ws[0].Tasks[0].Args.(*operator.BashArgs).Command != "" {
		t.Errorf("got %+v %v, want a bash task with an empty command and no diagnostics", ws, diags)
	}
}

// TestLeftToValidate checks that what ir.Validate reports is not reported
// here too: each input yields exactly one diagnostic from Parse and Validate
// together, with the code given.
func TestLeftToValidate(t *testing.T) {
	tests := []struct {
		name, src string
		code      ir.Code
	}{
		{"no tasks key", "name: wf\n", ir.CodeMissingArgument},
		{"tasks not a list", "name: wf\ntasks: {a: 1}\n", ir.CodeBadType},
		{"empty tasks", "name: wf\ntasks: []\n", ir.CodeEmptyWorkflow},
		{"no operator", head + "  - name: t\n", ir.CodeMissingArgument},
		{"unknown operator", head + "  - name: t\n    operator: bsh\n", ir.CodeBadValue},
		{"bash without command", head + "  - name: t\n    operator: bash\n", ir.CodeMissingArgument},
		{"python without file", head + "  - name: t\n    operator: python\n    python_callable: f\n", ir.CodeMissingArgument},
		{"custom without class", head + "  - name: t\n    operator: custom\n    file: f.py\n", ir.CodeMissingArgument},
		{"custom condition without keys", head + "  - name: t\n    operator: noop\n    rules:\n      - action: START\n        condition: {custom: {file: c.py, class: C}}\n", ir.CodeBadCondition},
		{"rule on a missing task", head + "  - name: t\n    operator: noop\n    start_after: u\n", ir.CodeUnknownTask},
		{"bad status in rule", head + "  - name: t\n    operator: noop\n    rules: [{action: START, task_status: {t: DONE}}]\n", ir.CodeBadValue},
		{"bad required argument", head + "  - name: t\n    operator: bash\n    bash_command: [echo, 1]\n  - {name: u, operator: noop, start_after: t}\n", ir.CodeBadType},
		{"bad callable", head + "  - name: t\n    operator: python\n    file: f.py\n    python_callable: {f: 1}\n", ir.CodeBadType},
		{"bad operator", head + "  - name: t\n    operator: [bash]\n", ir.CodeBadType},
		{"missing action", head + "  - name: t\n    operator: noop\n    rules: [{event: e}]\n", ir.CodeMissingArgument},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws, diags := parseCanonical(t, "t.yaml", []byte(tc.src))
			diags = append(diags, ir.Validate(ws)...)
			if len(diags) != 1 || diags[0].Code != tc.code {
				t.Errorf("got %v, want one %s diagnostic", diags, tc.code)
			}
		})
	}
}

func TestSpans(t *testing.T) {
	src := "name: wf   # comment\n" + // 1
		"tasks:\n" + // 2
		"  - name: \"ex\\\"t\"\n" + // 3
		"    operator: bash\n" + // 4
		"    bash_command: échoé x\n" + // 5
		"    env: {A: 'it''s'}\n" + // 6
		"    start_after: [a, b]\n" + // 7
		"    rules:\n" + // 8
		"      - action: START\n" + // 9
		"        task_status: {a: SUCCESS}\n" + // 10
		"triggers:\n" + // 11
		"  - event: &k key\n" + // 12
		"schedules: [\"cron@0 * * * *\" ]\n" // 13
	ws, diags := Parse("s.yaml", []byte(src))
	if len(diags) > 0 || len(ws) != 1 {
		t.Fatalf("diagnostics: %v", diags)
	}
	w := ws[0]
	tk := w.Tasks[0]
	sp := func(l1, c1, l2, c2 int) ir.Span {
		return ir.Span{File: "s.yaml", Start: ir.Pos{Line: l1, Col: c1}, End: ir.Pos{Line: l2, Col: c2}}
	}
	tests := []struct {
		name string
		got  ir.Span
		want ir.Span
	}{
		{"workflow", w.Span, sp(1, 1, 13, 31)},
		{"workflow name", w.Fields.At("name", ir.Span{}), sp(1, 7, 1, 9)},
		{"schedules", w.Fields.At("schedules", ir.Span{}), sp(13, 12, 13, 31)},
		{"schedule", w.Schedules[0].Span, sp(13, 13, 13, 29)},
		{"trigger", w.Triggers[0].Span, sp(12, 5, 12, 18)},
		{"trigger event", w.Triggers[0].Condition.Fields.At("event_key", ir.Span{}), sp(12, 12, 12, 18)},
		{"task", tk.Span, sp(3, 5, 10, 34)},
		{"task name", tk.Fields.At("name", ir.Span{}), sp(3, 11, 3, 18)},
		{"bash_command", tk.Fields.At("bash.bash_command", ir.Span{}), sp(5, 19, 5, 26)},
		{"env", tk.Fields.At("bash.env", ir.Span{}), sp(6, 10, 6, 22)},
		{"start_after rule", w.Rules[0].Span, sp(7, 5, 7, 24)},
		{"start_after item", w.Rules[0].Condition.Conditions[1].Fields.At("task", ir.Span{}), sp(7, 22, 7, 23)},
		{"rule", w.Rules[1].Span, sp(9, 9, 10, 34)},
		{"rule action", w.Rules[1].Fields.At("action", ir.Span{}), sp(9, 17, 9, 22)},
		{"status map", w.Rules[1].Condition.Span, sp(10, 22, 10, 34)},
		{"status entry", w.Rules[1].Condition.Conditions[0].Span, sp(10, 23, 10, 33)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("span %v-%v, want %v-%v", tc.got, tc.got.End, tc.want, tc.want.End)
			}
		})
	}
	if a := tk.Args.(*operator.BashArgs); a.Command != "échoé x" || tk.Name != `ex"t` || a.Env["A"] != "it's" {
		t.Errorf("values: %q %q %q", a.Command, tk.Name, a.Env["A"])
	}
}

// TestExpressionSpans checks that an expression's span is its own text
// when the source holds it verbatim on one line, and the scalar otherwise.
func TestExpressionSpans(t *testing.T) {
	src := "name: wf\n" + // 1
		"tasks:\n" + // 2
		"  - name: t\n" + // 3
		"    operator: noop\n" + // 4
		"    rules:\n" + // 5
		"      - action: START\n" + // 6
		"        event: [a, b]\n" + // 7
		"        when: state.n > 2\n" + // 8
		"        update: {n: state.n + 1, s: 'it''s', d: \"a\\tb\", q: \"x == 'y'\"}\n" + // 9
		"triggers:\n" + // 10
		"  - expression:\n" + // 11
		"      expect_event_keys: [a]\n" + // 12
		"      when: &w \"event.value == 'é'\"\n" + // 13
		"      update:\n" + // 14
		"        m: |\n" + // 15
		"          {'a': 1}\n" + // 16
		"  - expression: {expect_event_keys: [a], when: *w}\n" // 17
	ws, diags := Parse("e.yaml", []byte(src))
	if len(diags) > 0 || len(ws) != 1 {
		t.Fatalf("diagnostics: %v", diags)
	}
	w := ws[0]
	sp := func(l1, c1, l2, c2 int) ir.Span {
		return ir.Span{File: "e.yaml", Start: ir.Pos{Line: l1, Col: c1}, End: ir.Pos{Line: l2, Col: c2}}
	}
	rule := w.Rules[0].Condition
	trig := w.Triggers[0].Condition
	tests := []struct {
		name string
		got  ir.Span
		want ir.Span
	}{
		{"keys", rule.Fields.At("expect_event_keys", ir.Span{}), sp(7, 16, 7, 22)},
		{"plain", rule.Fields.At("when", ir.Span{}), sp(8, 15, 8, 26)},
		{"plain in a flow mapping", rule.Fields.At("update.n", ir.Span{}), sp(9, 21, 9, 32)},
		{"single-quoted with an escape", rule.Fields.At("update.s", ir.Span{}), sp(9, 37, 9, 44)},
		{"double-quoted with an escape", rule.Fields.At("update.d", ir.Span{}), sp(9, 49, 9, 55)},
		{"double-quoted", rule.Fields.At("update.q", ir.Span{}), sp(9, 61, 9, 69)},
		{"double-quoted with an anchor", trig.Fields.At("when", ir.Span{}), sp(13, 17, 13, 35)},
		{"block scalar", trig.Fields.At("update.m", ir.Span{}), sp(15, 12, 0, 0)},
		{"alias", w.Triggers[1].Condition.Fields.At("when", ir.Span{}), sp(13, 17, 13, 35)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("span %v-%v, want %v-%v", tc.got, tc.got.End, tc.want, tc.want.End)
			}
		})
	}
	want := &ir.Condition{Kind: ir.ExpressionCondition, Keys: []string{"a", "b"}, When: "state.n > 2",
		Update: map[string]string{"n": "state.n + 1", "s": "it's", "d": "a\tb", "q": "x == 'y'"}}
	if diff := cmp.Diff(want, rule, cmpopts.IgnoreFields(ir.Condition{}, "Span", "Fields")); diff != "" {
		t.Errorf("condition (-want +got):\n%s", diff)
	}
}

func TestDuplicateKeyRelated(t *testing.T) {
	_, diags := Parse("d.yaml", []byte("name: wf\ntasks: []\nname: other\n"))
	want := ir.Related{Message: "first defined here", Span: ir.Span{File: "d.yaml", Start: ir.Pos{Line: 1, Col: 1}, End: ir.Pos{Line: 1, Col: 5}}}
	if len(diags) != 1 || len(diags[0].Related) != 1 || diags[0].Related[0] != want {
		t.Errorf("got %+v, want one duplicate-key diagnostic related to %+v", diags, want)
	}
}

// TestAliasSpans checks that a task written as an alias is placed at the
// alias, and its fields at the anchored value.
func TestAliasSpans(t *testing.T) {
	src := "name: wf\nconfig: {t: &t {name: a, operator: noop}}\ntasks:\n  - *t\n"
	ws, diags := Parse("a.yaml", []byte(src))
	if len(diags) > 0 || len(ws) != 1 || len(ws[0].Tasks) != 1 {
		t.Fatalf("got %v %v", ws, diags)
	}
	task := ws[0].Tasks[0]
	if got, want := task.Span, (ir.Span{File: "a.yaml", Start: ir.Pos{Line: 4, Col: 5}, End: ir.Pos{Line: 4, Col: 7}}); got != want {
		t.Errorf("task span %+v, want %+v", got, want)
	}
	if got := task.Fields.At("name", ir.Span{}).Start; got != (ir.Pos{Line: 2, Col: 23}) {
		t.Errorf("name at %+v, want 2:23", got)
	}
}

// TestTablesFitIR checks that every operator key and common argument has an
// IR field of a matching type, by storing a value of its kind.
func TestTablesFitIR(t *testing.T) {
	sample := map[kind]any{
		kind(operator.TString): "s", kind(operator.TBool): true, kind(operator.TInt): int64(1), kNumberValue: 1.5,
		kind(operator.TStrings): []string{"a"}, kind(operator.TStrMap): map[string]string{"a": "b"},
		kind(operator.TList): []any{1}, kind(operator.TMap): map[string]any{"a": 1},
	}
	for _, k := range commonKeys() {
		t.Run("common/"+k.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Error(r)
				}
			}()
			operator.Set(&ir.Task{}, k.name, sample[k.kind])
		})
	}
	for _, o := range operatorTable() {
		for _, k := range o.keys {
			t.Run(string(o.kind)+"/"+k.name, func(t *testing.T) {
				defer func() {
					if r := recover(); r != nil {
						t.Error(r)
					}
				}()
				task := &ir.Task{Operator: o.kind}
				args, _ := newArgs(task)
				operator.Set(args, k.name, sample[k.kind])
			})
		}
	}
}

func TestSchemaUpToDate(t *testing.T) {
	golden.Check(t, filepath.Join("..", SchemaFile), Schema())
}

// TestSchemaKeys checks that the schema describes exactly the keys the
// walker accepts, each with a description.
func TestSchemaKeys(t *testing.T) {
	var s map[string]any
	if err := json.Unmarshal(Schema(), &s); err != nil {
		t.Fatal(err)
	}
	defs := s["definitions"].(map[string]any)
	check := func(name string, schema map[string]any, keys []key) {
		t.Run(name, func(t *testing.T) {
			if schema["additionalProperties"] != false {
				t.Errorf("additionalProperties is %v", schema["additionalProperties"])
			}
			props := schema["properties"].(map[string]any)
			var got []string
			for k, v := range props {
				got = append(got, k)
				if d, _ := v.(map[string]any)["description"].(string); d == "" {
					t.Errorf("key %q has no description", k)
				}
			}
			slices.Sort(got)
			if diff := cmp.Diff(keyNames(keys), got); diff != "" {
				t.Errorf("keys (-walker +schema):\n%s", diff)
			}
		})
	}
	check("workflow", s, workflowKeys)
	check("task", defs["task"].(map[string]any), taskKeys(""))
	check("rule", defs["rule"].(map[string]any), ruleKeys)
	check("condition", defs["condition"].(map[string]any), conditionKeys)
	check("taskStatus", defs["taskStatus"].(map[string]any), taskStatusKeys)
	check("meetAll", defs["meetAll"].(map[string]any), meetAllKeys)
	check("customCondition", defs["customCondition"].(map[string]any), customConditionKeys)
	check("expressionCondition", defs["expressionCondition"].(map[string]any), expressionConditionKeys)

	// Every property anywhere in the schema is described.
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok {
				for name, p := range props {
					if p, ok := p.(map[string]any); ok && p["description"] == nil && p["const"] == nil {
						t.Errorf("%s.properties.%s has no description", path, name)
					}
				}
			}
			for k, sub := range v {
				walk(path+"."+k, sub)
			}
		case []any:
			for i, sub := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), sub)
			}
		}
	}
	walk("$", s)

	clauses := defs["task"].(map[string]any)["allOf"].([]any)
	if len(clauses) != len(operatorTable()) {
		t.Fatalf("%d operator clauses, want %d", len(clauses), len(operatorTable()))
	}
	for i, o := range operatorTable() {
		c := clauses[i].(map[string]any)
		op := c["if"].(map[string]any)["properties"].(map[string]any)["operator"].(map[string]any)["const"]
		var got []string
		for _, n := range c["then"].(map[string]any)["propertyNames"].(map[string]any)["enum"].([]any) {
			got = append(got, n.(string))
		}
		if op != string(o.kind) || !reflect.DeepEqual(got, keyNames(taskKeys(o.kind))) {
			t.Errorf("clause %d: operator %v keys %v, want %s %v", i, op, got, o.kind, keyNames(taskKeys(o.kind)))
		}
	}
}

// TestDocsMentionEveryKey keeps docs/yaml.md in step with the key tables.
func TestDocsMentionEveryKey(t *testing.T) {
	doc, err := os.ReadFile("../docs/yaml.md")
	if err != nil {
		t.Fatal(err)
	}
	tables := [][]key{workflowKeys, taskKeys(""), ruleKeys, conditionKeys, taskStatusKeys, meetAllKeys, customConditionKeys, expressionConditionKeys}
	for _, keys := range tables {
		for _, k := range keys {
			if !strings.Contains(string(doc), "`"+k.name) && !strings.Contains(string(doc), " "+k.name+":") {
				t.Errorf("docs/yaml.md does not mention key %q", k.name)
			}
		}
	}
	for _, op := range operatorNames() {
		if !strings.Contains(string(doc), "`"+op+"`") {
			t.Errorf("docs/yaml.md does not mention operator %q", op)
		}
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/good/*.yaml")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("name: wf\nconfig: &c {self: *c}\ntasks: [{<<: *c}]\n"))
	for _, tc := range diagnosticCases {
		f.Add([]byte(tc.src))
	}
	codes := map[ir.Code]bool{}
	for _, c := range ir.Codes {
		codes[c.Code] = true
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		ws, diags := Parse("f.yaml", src)
		for _, d := range diags {
			if !codes[d.Code] {
				t.Errorf("unknown code in %v", d)
			}
			if d.Code == ir.CodeInternal {
				t.Errorf("internal error: %v", d)
			}
			if len(src) > 0 && d.Span.Start.Line < 1 {
				t.Errorf("no line in %v", d)
			}
		}
		for _, w := range ws {
			w.Canonicalize()
		}
		if _, err := ir.EncodeJSON(ws); err != nil {
			t.Errorf("encode: %v", err)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	src, err := os.ReadFile("testdata/bench.yaml")
	if err != nil {
		b.Fatal(err)
	}
	ws, diags := Parse("bench.yaml", src)
	if diags = append(diags, ir.Validate(ws)...); len(diags) > 0 {
		b.Fatal(diags)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := Parse("bench.yaml", src); len(diags) > 0 {
			b.Fatal(diags)
		}
	}
}

// BenchmarkDecodeYAML is the floor under BenchmarkParse: yaml.v3 alone
// decoding the same file into nodes.
func BenchmarkDecodeYAML(b *testing.B) {
	src, err := os.ReadFile("testdata/bench.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		var n yaml.Node
		if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&n); err != nil {
			b.Fatal(err)
		}
	}
}
