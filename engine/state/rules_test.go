package state

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

// statusEvent is the task-status-changed event of task in workflow wf of
// namespace default, execution 1, reporting status.
func statusEvent(task, status string) Event {
	return StatusChanged("default", "wf", Run{Execution: 1, Task: task, Status: storage.TaskStatus(status)}).event()
}

func (p PublishStatusChanged) event() Event {
	return Event{Key: p.Key, Value: p.Value, Namespace: p.Namespace, Context: p.Context}
}

// TestConditionsM3 adapts AIFlow's model tests of conditions. AIFlow used
// custom test conditions (c1 always true on key "1", c2 always false on key
// "2", c3 alternating); here c1 is an event condition on "1", c2 a
// task-status condition on task x fed a status that does not match, and c3
// a task-status condition on task y fed SUCCESS then FAILED. A condition is
// met iff a START rule on a task that never ran decides to start it.
func TestConditionsM3(t *testing.T) {
	c1 := onEvent("1")
	c2 := taskStatus("x", ir.StatusSuccess)
	c3 := taskStatus("y", ir.StatusSuccess)
	key1 := Event{Key: "1", Namespace: "default"}
	key2false := statusEvent("x", ir.StatusFailed)
	key2true := statusEvent("x", ir.StatusSuccess)
	c3true := statusEvent("y", ir.StatusSuccess)
	c3false := statusEvent("y", ir.StatusFailed)

	type step struct {
		ev   Event
		want bool
	}
	tests := []struct {
		name  string
		cond  *ir.Condition
		steps []step
	}{
		{"single event", c1, []step{{key1, true}}},
		{"meet-any c1 c1", meetAny(c1, c1), []step{{key1, true}}},
		{"meet-any c2 c2", meetAny(c2, c2), []step{{key2false, false}}},
		{"meet-any c1 c2", meetAny(c1, c2), []step{{key1, true}, {key2false, false}}},
		{"meet-all keeps state", meetAll("s", c1, c2), []step{{key1, false}, {key2true, true}}},
		{"meet-all re-evaluates a flag", meetAll("s", c2, c3), []step{{key2true, false}, {c3true, true}, {c3false, false}}},
		{"meet-all never resets after firing", meetAll("s", c1, c2), []step{{key1, false}, {key2true, true}, {key1, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := workflow("wf", "x", "y", "z")
			rule(w, "z", ir.Start, tt.cond)
			w.Canonicalize()
			x := Execution{ID: 1, Status: eRunning, Plan: NewPlan(w), Latest: map[string]Run{}}
			var st Values
			for i, s := range tt.steps {
				r := EvaluateRules(x, s.ev, st)
				st = r.State
				if got := len(r.Decisions) == 1; got != s.want {
					t.Errorf("step %d (%s): met = %v, want %v", i, s.ev.Key, got, s.want)
				}
			}
		})
	}
}

// flags is the stored form of meet-all flags.
func flags(b ...bool) json.RawMessage {
	data, _ := json.Marshal(b)
	return data
}

func meetAny(cs ...*ir.Condition) *ir.Condition {
	return &ir.Condition{Kind: ir.MeetAnyCondition, Conditions: cs}
}

func meetAll(name string, cs ...*ir.Condition) *ir.Condition {
	return &ir.Condition{Kind: ir.MeetAllCondition, Name: name, Conditions: cs}
}

// TestMeetAllStateIsData: the meet-all flags are returned as plain data and
// the caller's state is not modified.
func TestMeetAllStateIsData(t *testing.T) {
	w := workflow("wf", "a", "b")
	rule(w, "b", ir.Start, meetAll("both", onEvent("k1"), onEvent("k2")))
	w.Canonicalize()
	x := Execution{ID: 1, Status: eRunning, Plan: NewPlan(w), Latest: map[string]Run{}}
	in := Values{"both": flags(false, false)}
	out := EvaluateRules(x, Event{Key: "k2", Namespace: "default"}, in).State
	if diff := cmp.Diff(Values{"both": flags(false, true)}, out); diff != "" {
		t.Errorf("state (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Values{"both": flags(false, false)}, in); diff != "" {
		t.Errorf("input state modified (-want +got):\n%s", diff)
	}
}

// TestRuleExecutor adapts AIFlow's test_rule_executor. op_2's condition,
// false in AIFlow's test, is a meet-all over event_2 and an event that never
// comes; op_5's counter condition (true on every second evaluation) is a
// task-status condition fed FAILED, SUCCESS, FAILED.
func TestRuleExecutor(t *testing.T) {
	w := workflow("wf", "op_1", "op_2", "op_3", "op_4", "op_5", "op_6")
	rule(w, "op_1", ir.Start, onEvent("event_1"))
	rule(w, "op_2", ir.Start, meetAll("never", onEvent("event_2"), onEvent("never")))
	rule(w, "op_3", ir.Stop, onEvent("event_3"))
	rule(w, "op_4", ir.Restart, onEvent("event_4"))
	rule(w, "op_5", ir.Restart, taskStatus("op_6", ir.StatusSuccess))
	w.Canonicalize()
	run := func(task string, s storage.TaskStatus) Run {
		return Run{Execution: 1, Task: task, Seq: 1, Try: 1, Status: s}
	}
	x := Execution{ID: 1, Status: eRunning, Plan: NewPlan(w), Latest: map[string]Run{
		"op_1": run("op_1", tSuccess),
		"op_3": run("op_3", tInit),
		"op_4": run("op_4", tInit),
	}}
	op3, op4 := run("op_3", tInit), run("op_4", tInit)
	tests := []struct {
		name string
		ev   Event
		want []Decision
	}{
		{"E1", Event{Key: "event_1", Namespace: "default"}, []Decision{{Task: "op_1", Action: ir.Start, Seq: 2}}},
		{"E2", Event{Key: "event_2", Namespace: "default"}, nil},
		{"E3", Event{Key: "event_3", Namespace: "default"}, []Decision{{Task: "op_3", Action: ir.Stop, Stop: &op3}}},
		{"E4", Event{Key: "event_4", Namespace: "default"}, []Decision{{Task: "op_4", Action: ir.Restart, Stop: &op4, Seq: 2}}},
		{"E5 first", statusEvent("op_6", ir.StatusFailed), nil},
		{"E5 second", statusEvent("op_6", ir.StatusSuccess), []Decision{{Task: "op_5", Action: ir.Restart, Seq: 1}}},
		{"E5 third", statusEvent("op_6", ir.StatusFailed), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := EvaluateRules(x, tt.ev, nil).Decisions
			if diff := cmp.Diff(tt.want, ds); diff != "" {
				t.Errorf("decisions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRuleActions(t *testing.T) {
	w := workflow("wf", "s", "r", "p")
	rule(w, "s", ir.Start, onEvent("k"))
	rule(w, "r", ir.Restart, onEvent("k"))
	rule(w, "p", ir.Stop, onEvent("k"))
	w.Canonicalize()
	ev := Event{Key: "k", Namespace: "default"}
	run := func(task string, seq int, s storage.TaskStatus) Run {
		return Run{Execution: 1, Task: task, Seq: seq, Try: 1, Status: s}
	}
	tests := []struct {
		name   string
		latest map[string]Run
		want   []Effect
	}{
		// STOP on a task that never ran is a no-op (Fix 4; AIFlow raised and
		// dropped every command of the event).
		{"never ran", nil, []Effect{StartTask{"s", 1}, StartTask{"r", 1}}},
		{"alive", map[string]Run{
			"s": run("s", 2, tRunning), "r": run("r", 2, tRetrying), "p": run("p", 1, tQueued),
		}, []Effect{StopTask{run("r", 2, tRetrying), true}, StartTask{"r", 3}, StopTask{run("p", 1, tQueued), false}}},
		// A finished run is not stopped again (AIFlow published a STOPPED
		// event for it anyway).
		{"finished", map[string]Run{
			"s": run("s", 1, tFailed), "r": run("r", 1, tSuccess), "p": run("p", 1, tSuccess),
		}, []Effect{StartTask{"s", 2}, StartTask{"r", 2}}},
		// A new run replaces a stopping one, which is then told so: its
		// STOPPED event goes out before the new run's.
		{"stopping", map[string]Run{
			"s": run("s", 1, tStopping), "r": run("r", 1, tStopping), "p": run("p", 1, tStopping),
		}, []Effect{StopTask{run("s", 1, tStopping), true}, StartTask{"s", 2}, StopTask{run("r", 1, tStopping), true}, StartTask{"r", 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Execution{ID: 1, Status: eRunning, Plan: NewPlan(w), Latest: tt.latest}
			ds := EvaluateRules(x, ev, nil).Decisions
			var fx []Effect
			for _, d := range ds {
				fx = append(fx, d.Effects()...)
			}
			if diff := cmp.Diff(tt.want, fx); diff != "" {
				t.Errorf("effects (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFirstMetRuleDecides: later rules of the task are not evaluated, so a
// stateful condition behind a met rule does not see the event (§3.2).
func TestFirstMetRuleDecides(t *testing.T) {
	w := workflow("wf", "a")
	rule(w, "a", ir.Stop, meetAll("unmet", onEvent("k"), onEvent("other")))
	rule(w, "a", ir.Restart, onEvent("k"))
	rule(w, "a", ir.Stop, meetAll("late", onEvent("k")))
	w.Canonicalize()
	run := Run{Execution: 1, Task: "a", Seq: 1, Try: 1, Status: tRunning}
	x := Execution{ID: 1, Status: eRunning, Plan: NewPlan(w), Latest: map[string]Run{"a": run}}
	r := EvaluateRules(x, Event{Key: "k", Namespace: "default"}, nil)
	ds, st := r.Decisions, r.State
	if diff := cmp.Diff([]Decision{{Task: "a", Action: ir.Restart, Stop: &run, Seq: 2}}, ds); diff != "" {
		t.Errorf("decisions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Values{"unmet": flags(true, false)}, st); diff != "" {
		t.Errorf("state (-want +got):\n%s", diff)
	}
}

func TestAllMetReadsLatestRuns(t *testing.T) {
	w := workflow("wf", "a", "b", "c")
	startAfter(w, "c", "a", "b")
	w.Canonicalize()
	ev := statusEvent("b", ir.StatusSuccess)
	for _, tt := range []struct {
		name   string
		latest map[string]storage.TaskStatus
		want   bool
	}{
		{"both succeeded", map[string]storage.TaskStatus{"a": tSuccess, "b": tSuccess}, true},
		{"one never ran", map[string]storage.TaskStatus{"b": tSuccess}, false},
		{"latest run of a failed", map[string]storage.TaskStatus{"a": tFailed, "b": tSuccess}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			x := Execution{ID: 1, Status: eRunning, Plan: NewPlan(w), Latest: map[string]Run{}}
			for task, s := range tt.latest {
				x.SetRun(Run{Execution: 1, Task: task, Seq: 1, Try: 1, Status: s})
			}
			ds := EvaluateRules(x, ev, nil).Decisions
			if got := len(ds) == 1; got != tt.want {
				t.Errorf("started = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestEventScoping: events naming an execution reach only it; others reach
// executions of their namespace; only RUNNING executions react.
func TestEventScoping(t *testing.T) {
	w := workflow("wf", "a")
	rule(w, "a", ir.Start, onEvent("k"))
	w.Canonicalize()
	tests := []struct {
		name   string
		status storage.ExecutionStatus
		ev     Event
		want   bool
	}{
		{"namespace", eRunning, Event{Key: "k", Namespace: "default"}, true},
		{"other namespace", eRunning, Event{Key: "k", Namespace: "other"}, false},
		{"no namespace", eRunning, Event{Key: "k"}, false},
		{"own id in another namespace", eRunning, Event{Key: "k", Namespace: "other", Context: `{"workflow_execution_id": 3}`}, true},
		{"id as string", eRunning, Event{Key: "k", Context: `{"workflow_execution_id": "3"}`}, true},
		{"other execution", eRunning, Event{Key: "k", Namespace: "default", Context: `{"workflow_execution_id": 4}`}, false},
		{"context not json", eRunning, Event{Key: "k", Namespace: "default", Context: "hello"}, true},
		{"other key", eRunning, Event{Key: "kk", Namespace: "default"}, false},
		{"finished", eSuccess, Event{Key: "k", Context: `{"workflow_execution_id": 3}`}, false},
		{"init", eInit, Event{Key: "k", Namespace: "default"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Execution{ID: 3, Status: tt.status, Plan: NewPlan(w)}
			ds := EvaluateRules(x, tt.ev, nil).Decisions
			if got := len(ds) == 1; got != tt.want {
				t.Errorf("reacted = %v, want %v", got, tt.want)
			}
		})
	}
}

// fakePython is a custom condition evaluator: a condition is met when its
// class is "Yes", raises when it is "Raise", and counts its evaluations in
// the ValueState "n" either way.
type fakePython struct{ calls int }

func (f *fakePython) IsMet(c *ir.Condition, in Input) (bool, error) {
	f.calls++
	n := 0
	if b, ok := in.State.Get("n"); ok {
		_ = json.Unmarshal(b, &n)
	}
	in.State.Put("n", json.RawMessage(strconv.Itoa(n+1)))
	switch c.Class {
	case "Raise":
		return false, errors.New("ZeroDivisionError: division by zero")
	case "Scope":
		return in.Scope.ExecutionID == 1 && in.Scope.Workflow == "wf" && in.Latest["a"].Status == tSuccess, nil
	}
	return c.Class == "Yes", nil
}

func custom(class string, keys ...string) *ir.Condition {
	return &ir.Condition{Kind: ir.CustomCondition, File: "c.py", Class: class, Keys: keys}
}

// TestCustomConditions: custom conditions go to the plan's Python
// evaluator with the event, the scope, the runs and the state; a failing
// one counts as not met, keeps no state change, and is reported with its
// rule's evaluation, while the other members of a meet_any still decide.
func TestCustomConditions(t *testing.T) {
	w := workflow("wf", "a", "b", "c", "d")
	rule(w, "b", ir.Start, custom("Yes", "k"))
	rule(w, "c", ir.Start, meetAny(custom("Raise", "k"), onEvent("k")))
	rule(w, "d", ir.Start, custom("Scope", "k"))
	w.Canonicalize()
	py := &fakePython{}
	p := NewPlan(w)
	if !p.HasPython() {
		t.Fatal("HasPython = false")
	}
	p.Python = py
	x := Execution{ID: 1, WorkflowID: 7, Status: eRunning, Plan: p,
		Latest: map[string]Run{"a": {Execution: 1, Task: "a", Seq: 1, Try: 1, Status: tSuccess}}}
	r := EvaluateRules(x, Event{Key: "k", Namespace: "default"}, Values{"n": json.RawMessage("5")})
	if diff := cmp.Diff([]Decision{{Task: "b", Action: ir.Start, Seq: 1}, {Task: "c", Action: ir.Start, Seq: 1},
		{Task: "d", Action: ir.Start, Seq: 1}}, r.Decisions); diff != "" {
		t.Errorf("decisions (-want +got):\n%s", diff)
	}
	// Yes and Scope counted; Raise's count was dropped.
	if got := string(r.State["n"]); got != "7" || py.calls != 3 {
		t.Errorf("state n = %s after %d calls, want 7 after 3", got, py.calls)
	}
	if len(r.Evaluations) != 3 {
		t.Fatalf("evaluations = %+v", r.Evaluations)
	}
	c := r.Evaluations[1]
	if c.Rule != 1 || !c.Met || c.Result() != storage.Met || !strings.Contains(c.ErrorText(), "condition Raise: ZeroDivisionError") {
		t.Errorf("evaluation of c = %+v (%s)", c, c.ErrorText())
	}
	// Without an evaluator every custom condition fails, recorded.
	p.Python = nil
	r = EvaluateRules(x, Event{Key: "k", Namespace: "default"}, nil)
	if len(r.Decisions) != 1 || r.Evaluations[0].Result() != storage.Failed {
		t.Errorf("without Python: decisions %v, evaluations %+v", r.Decisions, r.Evaluations)
	}
	// A never-run task waiting on a custom condition keeps the execution open.
	if got := Outcome(x); got != eRunning {
		t.Errorf("Outcome = %s, want RUNNING", got)
	}
}

func TestExecutionID(t *testing.T) {
	for ctx, want := range map[string]int64{
		`{"workflow_execution_id": 12}`:   12,
		`{"workflow_execution_id": "12"}`: 12,
		`{"workflow_execution_id": null}`: 0,
		`{"other": 1}`:                    0,
		`[1]`:                             0,
		``:                                0,
	} {
		if got := (Event{Context: ctx}).ExecutionID(); got != want {
			t.Errorf("ExecutionID(%s) = %d, want %d", ctx, got, want)
		}
	}
}

// TestTrigger covers workflow triggers (§3.9, §10 E6): an event condition
// fires on its key only, a meet-all keeps its flags in the workflow's state
// across events, a task-status condition reads the status an event of
// another workflow reports, a task_status map (all_met) never fires
// without runs, and a failing custom condition does not fire.
func TestTrigger(t *testing.T) {
	meetAll := &ir.Condition{Kind: ir.MeetAllCondition, Name: "both", Conditions: []*ir.Condition{onEvent("a"), onEvent("b")}}
	status := &ir.Condition{Kind: ir.TaskStatusCondition, Namespace: "default", Workflow: "up", Task: "t", Status: ir.StatusSuccess}
	statusEvent := func(s storage.TaskStatus) Event {
		p := StatusChanged("default", "up", Run{Execution: 7, Task: "t", Seq: 1, Try: 1, Status: s})
		return Event{Key: p.Key, Value: p.Value, Namespace: p.Namespace, Context: p.Context}
	}
	allMet := &ir.Condition{Kind: ir.AllMetCondition, Conditions: []*ir.Condition{status}}
	tests := []struct {
		name   string
		c      *ir.Condition
		events []Event
		want   []bool
	}{
		{"event", onEvent("go"), []Event{{Key: "go"}, {Key: "other"}, {Key: "go"}}, []bool{true, false, true}},
		{"meet all keeps state", meetAll, []Event{{Key: "a"}, {Key: "a"}, {Key: "b"}, {Key: "a"}}, []bool{false, false, true, true}},
		{"task status of another workflow", status, []Event{statusEvent(storage.TaskRunning), statusEvent(storage.TaskSuccess)}, []bool{false, true}},
		{"all met needs runs", allMet, []Event{statusEvent(storage.TaskSuccess)}, []bool{false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := NewTrigger(tt.c, TriggerStateName(1))
			var st Values
			for i, ev := range tt.events {
				got, next, _ := tr.Evaluate(ev, Scope{WorkflowID: 1, Namespace: "default", Workflow: "wf"}, st)
				if got != tt.want[i] {
					t.Errorf("event %d (%s): fired %v, want %v", i, ev.Key, got, tt.want[i])
				}
				st = next
			}
		})
	}
	py := NewTrigger(custom("Raise", "k"), TriggerStateName(1))
	if !py.HasPython() {
		t.Fatal("HasPython = false")
	}
	py.Python = &fakePython{}
	fired, st, ev := py.Evaluate(Event{Key: "k"}, Scope{WorkflowID: 1}, nil)
	if fired || len(st) != 0 || ev.Result() != storage.Failed {
		t.Errorf("failing custom condition: fired %v, state %v, evaluation %+v", fired, st, ev)
	}
}

// The event a step hands its own rules says what its stored context says.
func TestPublishedEventContext(t *testing.T) {
	for _, st := range allTaskStatuses {
		f := StatusChanged("ns", "wf", Run{Execution: 42, Task: "a", Seq: 2, Try: 3, Status: st})
		ev := f.Event(7, "aiflow_scheduler", t0)
		stored := ev
		stored.Run = nil
		if got, want := ev.context(), stored.context(); got != want {
			t.Errorf("%s: typed context %+v, stored context %+v", st, got, want)
		}
	}
}
