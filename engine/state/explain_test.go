package state

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

func expression(when string, update map[string]string, keys ...string) *ir.Condition {
	return &ir.Condition{Kind: ir.ExpressionCondition, Keys: keys, When: when, Update: update}
}

// TestExpressionConditions: a running sum kept in the rule's state map
// starts the consumer once it reaches the threshold; a failing evaluation
// keeps the state and is reported; tasks.<name>.status reads the runs.
func TestExpressionConditions(t *testing.T) {
	w := workflow("wf", "producer", "consumer", "check")
	sum := map[string]string{"sum": "state.sum + double(event.value)"}
	rule(w, "consumer", ir.Start, expression("state.sum + double(event.value) >= 10.0", sum, "num"))
	rule(w, "check", ir.Start, meetAny(onEvent("never"), expression("tasks.producer.status == 'RUNNING'", nil, "num")))
	w.Canonicalize()
	x := Execution{ID: 1, Status: eRunning, Plan: NewPlan(w), Latest: map[string]Run{}}
	name := StateName("consumer", 1)
	var st Values
	send := func(v string) Reaction {
		t.Helper()
		r := EvaluateRules(x, Event{Key: "num", Value: v, Namespace: "default"}, st)
		st = r.State
		return r
	}
	if r := send("4"); len(r.Decisions) != 0 || string(st[name]) != `{"sum":4.0}` {
		t.Fatalf("after 4: decisions %v, state %s", r.Decisions, st[name])
	}
	r := send("oops")
	if len(r.Decisions) != 0 || string(st[name]) != `{"sum":4.0}` || r.Evaluations[0].Result() != storage.Failed ||
		!strings.Contains(r.Evaluations[0].ErrorText(), "state.sum + double(event.value) >= 10.0") {
		t.Fatalf("bad value: decisions %v, state %s, evaluation %+v %s", r.Decisions, st[name], r.Evaluations[0], r.Evaluations[0].ErrorText())
	}
	x.SetRun(Run{Execution: 1, Task: "producer", Seq: 1, Try: 1, Status: tRunning})
	r = send("7")
	if diff := cmp.Diff([]Decision{{Task: "consumer", Action: ir.Start, Seq: 1}, {Task: "check", Action: ir.Start, Seq: 1}}, r.Decisions); diff != "" {
		t.Errorf("decisions (-want +got):\n%s", diff)
	}
	if string(st[name]) != `{"sum":11.0}` {
		t.Errorf("state = %s", st[name])
	}
	// A trigger keeps its map under its own name, in the workflow's scope.
	tr := NewTrigger(expression("state.n + 1 >= 2", map[string]string{"n": "state.n + 1"}, "go"), TriggerStateName(4))
	var ts Values
	for i, want := range []bool{false, true, true} {
		fired, next, ev := tr.Evaluate(Event{Key: "go"}, Scope{WorkflowID: 1}, ts)
		ts = next
		if fired != want || ev.Err != nil {
			t.Errorf("trigger event %d: fired %v (%v), want %v", i, fired, ev.Err, want)
		}
	}
	if got := string(ts[TriggerStateName(4)]); got != `{"n":3}` {
		t.Errorf("trigger state = %s", got)
	}
}

func TestDescribe(t *testing.T) {
	w := workflow("wf", "a", "b")
	foreign := &ir.Condition{Kind: ir.TaskStatusCondition, Namespace: "default", Workflow: "up", Task: "t", Status: "FAILED"}
	for _, tt := range []struct {
		c    *ir.Condition
		want string
	}{
		{onEvent("k"), "event 'k'"},
		{taskStatus("a", "SUCCESS"), "task a is SUCCESS"},
		{foreign, "task up.t is FAILED"},
		{&ir.Condition{Kind: ir.AllMetCondition, Conditions: []*ir.Condition{taskStatus("a", "SUCCESS"), taskStatus("b", "FAILED")}},
			"task a is SUCCESS and task b is FAILED"},
		{meetAll("s", onEvent("x"), meetAny(onEvent("y"), onEvent("z"))), "all of (event 'x', any of (event 'y', event 'z'))"},
		{&ir.Condition{Kind: ir.CustomCondition, Class: "NumCondition", Keys: []string{"num"}, Args: []any{1.0}, Kwargs: map[string]any{"limit": 100.0, "expect_event_keys": []any{"num"}}},
			"NumCondition(1, limit=100) on event 'num'"},
		{expression("state.sum\n  >= 100.0", map[string]string{"sum": "1", "n": "2"}, "a", "b"), "on events 'a', 'b' when state.sum >= 100.0; update n, sum"},
	} {
		if got := Describe(w, tt.c); got != tt.want {
			t.Errorf("Describe = %q, want %q", got, tt.want)
		}
	}
}

func TestWaiting(t *testing.T) {
	w := workflow("wf", "a", "b", "c", "d", "e", "f")
	startAfter(w, "c", "a", "b")
	rule(w, "d", ir.Start, onEvent("go"))
	rule(w, "d", ir.Start, meetAll("both", onEvent("x"), onEvent("y")))
	rule(w, "e", ir.Start, &ir.Condition{Kind: ir.CustomCondition, Class: "NumCondition", Keys: []string{"num"}})
	rule(w, "f", ir.Start, expression("state.n > 3", map[string]string{"n": "state.n + 1"}, "tick"))
	rule(w, "f", ir.Stop, onEvent("halt"))
	w.Canonicalize()
	x := Execution{ID: 1, Status: eRunning, Plan: NewPlan(w), Latest: map[string]Run{
		"a": {Execution: 1, Task: "a", Seq: 1, Try: 1, Status: tRunning},
		"b": {Execution: 1, Task: "b", Seq: 1, Try: 1, Status: tQueued},
	}}
	st := Values{"both": json.RawMessage(`[false,true]`)}
	got := Waits(x, st)
	want := map[string]string{
		"c": "waits for task a to be SUCCESS (now RUNNING) and task b to be SUCCESS (now QUEUED)",
		"d": "waits for event key 'go' or all of (event key 'x'; 1 of 2 met)",
		"e": "waits for condition NumCondition to be met by event key 'num'",
		"f": "waits for event key 'tick' with state.n > 3",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Waiting (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"both"}, StateNames(w.RulesFor("d")[1].Condition, StateName("d", 2))); diff != "" {
		t.Errorf("StateNames (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"expr:f#1/2"}, StateNames(meetAny(onEvent("k"), expression("true", nil, "k")), StateName("f", 1))); diff != "" {
		t.Errorf("StateNames of a member (-want +got):\n%s", diff)
	}
}

// TestWaitingBlocked: a task whose START rules can no longer be met
// without a user says why; in a finished execution, that it never ran.
func TestWaitingBlocked(t *testing.T) {
	w := workflow("wf", "a", "b", "c", "d", "e", "f", "g", "h")
	startAfter(w, "c", "a", "b")
	startAfter(w, "d", "c")
	rule(w, "e", ir.Start, onEvent("go"))
	rule(w, "f", ir.Start, &ir.Condition{Kind: ir.TaskStatusCondition, Workflow: "up", Task: "t", Status: "SUCCESS"})
	// g waits on e, which an event may still start.
	startAfter(w, "g", "e")
	// h waits on a with a status that a, still running, may reach.
	rule(w, "h", ir.Start, taskStatus("a", "FAILED"))
	w.Canonicalize()
	run := func(task string, s storage.TaskStatus) Run {
		return Run{Execution: 1, Task: task, Seq: 1, Try: 1, Status: s}
	}
	waits := func(x Execution) map[string]string { return Waits(x, nil) }
	x := Execution{ID: 1, Status: eRunning, Plan: NewPlan(w), Latest: map[string]Run{"a": run("a", tRunning), "b": run("b", tFailed)}}
	want := map[string]string{
		"c": "cannot run: upstream b FAILED",
		"d": "cannot run: upstream c never ran",
		"e": "waits for event key 'go'",
		"f": "cannot run: the status events of task up.t never reach this execution",
		"g": "waits for task e to be SUCCESS (not started)",
		"h": "waits for task a to be FAILED (now RUNNING)",
	}
	if diff := cmp.Diff(want, waits(x)); diff != "" {
		t.Errorf("running (-want +got):\n%s", diff)
	}
	if Idle(x) {
		t.Error("Idle with a running task")
	}
	x.SetRun(run("a", tSuccess))
	want["h"] = "cannot run: upstream a SUCCESS"
	if diff := cmp.Diff(want, waits(x)); diff != "" {
		t.Errorf("a succeeded (-want +got):\n%s", diff)
	}
	if !Idle(x) {
		t.Error("not Idle with only e waiting for an event")
	}
	x.Status = eStopped
	want = map[string]string{
		"c": "never ran: upstream b FAILED",
		"d": "never ran: upstream c never ran",
		"e": "never ran: it waited for event key 'go'",
		"f": "never ran: the status events of task up.t never reach this execution",
		"g": "never ran: upstream e never ran",
		"h": "never ran: upstream a SUCCESS",
	}
	if diff := cmp.Diff(want, waits(x)); diff != "" {
		t.Errorf("stopped (-want +got):\n%s", diff)
	}
	if Idle(x) {
		t.Error("Idle when stopped")
	}
}
