package state

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

var allExecutionStatuses = []storage.ExecutionStatus{eInit, eRunning, eSuccess, eFailed, eStopped}

// TestExecutionMachineExhaustive applies every event to an execution in
// every status; pairs missing from want must be rejected.
func TestExecutionMachineExhaustive(t *testing.T) {
	w := workflow("wf", "a", "b", "p")
	rule(w, "b", ir.Start, onEvent("go"))
	w.Task("p").PeriodicExpression = "interval@0 0 1 0"
	w.Canonicalize()
	run := func(task string, seq int, s storage.TaskStatus) Run {
		return Run{Execution: 5, Task: task, Seq: seq, Try: 1, Status: s}
	}
	exec := func(s storage.ExecutionStatus) Execution {
		x := Execution{ID: 5, Status: s, Plan: NewPlan(w), Latest: map[string]Run{}}
		switch s {
		case eRunning:
			x.SetRun(run("a", 1, tRunning))
		case eSuccess, eFailed, eStopped:
			x.SetRun(run("a", 1, tSuccess))
		}
		return x
	}
	events := []ExecutionEvent{Begin{Time: t0}, StopAll{Time: t0}, Settle{Time: t0},
		ManualStart{Task: "a"}, ManualRestart{Task: "a"}, ManualStop{Task: "a"}, PeriodicFired{Task: "p", Time: t0}}
	type want struct {
		to storage.ExecutionStatus
		fx []Effect
	}
	wants := map[string]want{
		"INIT Begin":            {eRunning, []Effect{StartTask{"a", 1}, StartTask{"p", 1}, ArmPeriodic{"p", "interval@0 0 1 0"}}},
		"RUNNING StopAll":       {eStopped, []Effect{StopTask{Run: run("a", 1, tRunning)}, DisarmPeriodic{"p"}}},
		"RUNNING Settle":        {eRunning, nil},
		"RUNNING ManualStart":   {eRunning, nil},
		"RUNNING ManualRestart": {eRunning, []Effect{StopTask{run("a", 1, tRunning), true}, StartTask{"a", 2}}},
		"RUNNING ManualStop":    {eRunning, []Effect{StopTask{Run: run("a", 1, tRunning)}}},
		"RUNNING PeriodicFired": {eRunning, []Effect{StartTask{"p", 1}}},
	}
	for _, s := range []storage.ExecutionStatus{eSuccess, eFailed, eStopped} {
		// decisions.md Fix 3: only a user's start reopens a finished
		// execution, and arms its periodic tasks again.
		reopen := []Effect{StartTask{"a", 2}, ArmPeriodic{"p", "interval@0 0 1 0"}}
		wants[string(s)+" ManualStart"] = want{eRunning, reopen}
		wants[string(s)+" ManualRestart"] = want{eRunning, reopen}
	}
	for _, status := range allExecutionStatuses {
		for _, ev := range events {
			t.Run(fmt.Sprintf("%s/%s", status, ev.Name()), func(t *testing.T) {
				w, ok := wants[fmt.Sprintf("%s %s", status, ev.Name())]
				got, fx, err := ApplyExecution(exec(status), ev)
				if !ok {
					if !errors.Is(err, ErrInvalidTransition) || got != status {
						t.Fatalf("ApplyExecution = %s, %v, %v; want ErrInvalidTransition", got, fx, err)
					}
					return
				}
				if err != nil {
					t.Fatalf("ApplyExecution: %v", err)
				}
				if got != w.to {
					t.Errorf("status = %s, want %s", got, w.to)
				}
				if diff := cmp.Diff(w.fx, fx); diff != "" {
					t.Errorf("effects (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestExecutionUnknownTask(t *testing.T) {
	x := Execution{ID: 1, Status: eRunning, Plan: NewPlan(workflow("wf", "a"))}
	_, _, err := ApplyExecution(x, ManualStart{Task: "nope"})
	if err == nil || errors.Is(err, ErrInvalidTransition) || err.Error() != `workflow "wf" has no task "nope"` {
		t.Errorf("err = %v", err)
	}
}

// TestWorkflowExecutor is AIFlow's test_workflow_executor: op_1 and op_2
// have START rules, op_3..op_5 none; start gives START for op_3..op_5 with
// seq 1 and a RUNNING execution; stop gives three STOPs and STOPPED.
func TestWorkflowExecutor(t *testing.T) {
	w := workflow("wf", "op_1", "op_2", "op_3", "op_4", "op_5")
	rule(w, "op_1", ir.Start, onEvent("event_1"))
	rule(w, "op_2", ir.Start, onEvent("event_2"))
	s := newSim(t, w)
	status, fx, err := ApplyExecution(s.x, Begin{Time: t0})
	if err != nil || status != eRunning {
		t.Fatalf("Begin = %s, %v", status, err)
	}
	want := []Effect{StartTask{"op_3", 1}, StartTask{"op_4", 1}, StartTask{"op_5", 1}}
	if diff := cmp.Diff(want, fx); diff != "" {
		t.Fatalf("start effects (-want +got):\n%s", diff)
	}
	s.exec(Begin{Time: t0})
	status, fx, err = ApplyExecution(s.x, StopAll{Time: t0})
	if err != nil || status != eStopped {
		t.Fatalf("StopAll = %s, %v", status, err)
	}
	want = []Effect{StopTask{Run: s.x.Latest["op_3"]}, StopTask{Run: s.x.Latest["op_4"]}, StopTask{Run: s.x.Latest["op_5"]}}
	if diff := cmp.Diff(want, fx); diff != "" {
		t.Errorf("stop effects (-want +got):\n%s", diff)
	}
}

// TestCompletion covers decisions.md Fix 3: an execution finishes when
// nothing can happen anymore, with an order-independent verdict.
func TestCompletion(t *testing.T) {
	t.Run("downstream of a failure never runs", func(t *testing.T) {
		// AIFlow (issue #367): B.start_after(A) with A FAILED stays RUNNING
		// forever because B has no run. Here B can never start: FAILED.
		w := workflow("wf", "a", "b")
		startAfter(w, "b", "a")
		s := newSim(t, w)
		s.exec(Begin{Time: t0})
		s.run("a", 1)
		if s.x.Status != eFailed {
			t.Errorf("status = %s, want FAILED; runs %v", s.x.Status, s.statuses())
		}
	})
	t.Run("chain succeeds", func(t *testing.T) {
		w := workflow("wf", "a", "b", "c")
		startAfter(w, "b", "a")
		startAfter(w, "c", "b")
		s := newSim(t, w)
		s.exec(Begin{Time: t0})
		for _, task := range []string{"a", "b"} {
			s.run(task, 0)
			if s.x.Status != eRunning {
				t.Fatalf("after %s: status %s, want RUNNING", task, s.x.Status)
			}
		}
		s.run("c", 0)
		if s.x.Status != eSuccess {
			t.Errorf("status = %s, want SUCCESS", s.x.Status)
		}
	})
	// AIFlow took the first finished task in definition order: [A FAILED,
	// B STOPPED] was FAILED but [A STOPPED, B FAILED] was STOPPED.
	for _, order := range [][2]string{{"a", "b"}, {"b", "a"}} {
		failed, stopped := order[0], order[1]
		t.Run("failed "+failed+" stopped "+stopped, func(t *testing.T) {
			s := newSim(t, workflow("wf", "a", "b"))
			s.exec(Begin{Time: t0})
			s.run(failed, 3)
			s.task(stopped, Started{Try: 1, Time: t0})
			s.exec(ManualStop{Task: stopped})
			if s.x.Status != eRunning {
				t.Fatalf("while stopping: status %s, want RUNNING", s.x.Status)
			}
			s.task(stopped, Exited{Try: 1, Code: -15, Time: t0})
			if s.x.Status != eFailed {
				t.Errorf("status = %s, want FAILED; runs %v", s.x.Status, s.statuses())
			}
		})
	}
	t.Run("stopped without failure", func(t *testing.T) {
		s := newSim(t, workflow("wf", "a", "b"))
		s.exec(Begin{Time: t0})
		s.run("a", 0)
		s.exec(ManualStop{Task: "b"}) // queued: dequeued, STOPPED at once
		if s.x.Status != eStopped {
			t.Errorf("status = %s, want STOPPED; runs %v", s.x.Status, s.statuses())
		}
	})
	t.Run("periodic task never completes", func(t *testing.T) {
		w := workflow("wf", "a", "p")
		w.Task("p").PeriodicExpression = "cron@*/5 * * * *"
		s := newSim(t, w)
		s.exec(Begin{Time: t0})
		s.run("a", 0)
		s.run("p", 0)
		if s.x.Status != eRunning {
			t.Errorf("status = %s, want RUNNING", s.x.Status)
		}
	})
	t.Run("waiting on another workflow's task", func(t *testing.T) {
		// Its status events carry their own execution's id and never
		// reach this one: b can never start.
		w := workflow("wf", "a", "b")
		rule(w, "b", ir.Start, &ir.Condition{Kind: ir.TaskStatusCondition, Workflow: "up", Task: "t", Status: "SUCCESS"})
		s := newSim(t, w)
		s.exec(Begin{Time: t0})
		s.run("a", 0)
		if s.x.Status != eSuccess {
			t.Errorf("status = %s, want SUCCESS", s.x.Status)
		}
	})
	t.Run("waiting on a user event", func(t *testing.T) {
		w := workflow("wf", "a", "b")
		rule(w, "b", ir.Start, onEvent("go"))
		s := newSim(t, w)
		s.exec(Begin{Time: t0})
		s.run("a", 0)
		if s.x.Status != eRunning {
			t.Fatalf("status = %s, want RUNNING", s.x.Status)
		}
		s.send(Event{Key: "go", Namespace: "default"})
		s.run("b", 0)
		if s.x.Status != eSuccess {
			t.Errorf("status = %s, want SUCCESS", s.x.Status)
		}
	})
	t.Run("waiting on a user event inside meet-any", func(t *testing.T) {
		w := workflow("wf", "a", "b")
		rule(w, "b", ir.Start, &ir.Condition{Kind: ir.MeetAnyCondition, Conditions: []*ir.Condition{
			taskStatus("a", ir.StatusSuccess), onEvent("go")}})
		s := newSim(t, w)
		s.exec(Begin{Time: t0})
		s.run("a", 1)
		if s.x.Status != eRunning {
			t.Errorf("status = %s, want RUNNING", s.x.Status)
		}
	})
	t.Run("retrying is not finished", func(t *testing.T) {
		w := workflow("wf", "a")
		w.Task("a").Retries = 1
		s := newSim(t, w)
		s.exec(Begin{Time: t0})
		s.run("a", 1)
		if s.x.Status != eRunning || s.x.Latest["a"].Status != tRetrying {
			t.Fatalf("status = %s, runs %v; want RUNNING with a RETRYING", s.x.Status, s.statuses())
		}
		s.task("a", RetryDue{Time: t0})
		s.run("a", 0)
		if s.x.Status != eSuccess {
			t.Errorf("status = %s, want SUCCESS", s.x.Status)
		}
	})
	t.Run("finished execution reopens on a manual start", func(t *testing.T) {
		w := workflow("wf", "a", "b")
		startAfter(w, "b", "a")
		s := newSim(t, w)
		s.exec(Begin{Time: t0})
		s.run("a", 1)
		if s.x.Status != eFailed {
			t.Fatalf("status = %s, want FAILED", s.x.Status)
		}
		// Rules of a finished execution do not react, even to its own id.
		s.send(Event{Key: "x", Context: `{"workflow_execution_id": 1}`})
		s.exec(ManualStart{Task: "a"})
		if s.x.Status != eRunning {
			t.Fatalf("after manual start: status = %s, want RUNNING", s.x.Status)
		}
		s.run("a", 0)
		s.run("b", 0)
		if s.x.Status != eSuccess {
			t.Errorf("status = %s, want SUCCESS; runs %v", s.x.Status, s.statuses())
		}
	})
	t.Run("outcome ignores task order", func(t *testing.T) {
		w := workflow("wf", "a", "b", "c")
		w.Canonicalize()
		for _, latest := range []map[string]storage.TaskStatus{
			{"a": tSuccess, "b": tStopped, "c": tFailed},
			{"a": tFailed, "b": tStopped, "c": tSuccess},
			{"a": tStopped, "b": tFailed},
		} {
			x := Execution{ID: 1, Status: eRunning, Plan: NewPlan(w), Latest: map[string]Run{}}
			for task, st := range latest {
				x.SetRun(Run{Task: task, Seq: 1, Try: 1, Status: st})
			}
			if got := Outcome(x); got != eFailed {
				t.Errorf("Outcome(%v) = %s, want FAILED", latest, got)
			}
		}
	})
}

// TestSchedulingEvents adapts AIFlow's test_scheduling_event_processor
// (task1; task2 after task1 SUCCESS).
func TestSchedulingEvents(t *testing.T) {
	build := func() *ir.Workflow {
		w := workflow("wf", "task1", "task2")
		startAfter(w, "task2", "task1")
		return w
	}
	t.Run("S1 start, start, restart, stop, stop all", func(t *testing.T) {
		s := newSim(t, build())
		s.exec(Begin{Time: t0})
		if diff := cmp.Diff([]string{"task1:1:QUEUED"}, s.statuses()); diff != "" {
			t.Fatalf("after start (-want +got):\n%s", diff)
		}
		// START_TASK_EXECUTION while alive: nothing.
		if _, fx, _ := ApplyExecution(s.x, ManualStart{Task: "task1"}); fx != nil {
			t.Errorf("start while alive: effects %v", fx)
		}
		// RESTART_TASK_EXECUTION: stop the live run, start seq 2. The queued
		// run is dequeued (Fix 5) rather than left to start later.
		s.process = nil
		s.exec(ManualRestart{Task: "task1"})
		first := Run{Execution: 1, Task: "task1", Seq: 1, Try: 1, Status: tStopped}
		second := Run{Execution: 1, Task: "task1", Seq: 2, Try: 1, Status: tQueued}
		want := []Effect{Dequeue{Run: first}, StartProcess{second}}
		if diff := cmp.Diff(want, s.process); diff != "" {
			t.Errorf("restart (-want +got):\n%s", diff)
		}
		// STOP_TASK_EXECUTION of the second run; here a run that was asked to
		// stop while QUEUED ends STOPPED at once and never starts (Fix 5).
		s.exec(ManualStop{Task: "task1"})
		if got := s.x.Latest["task1"]; got.Seq != 2 || got.Status != tStopped {
			t.Errorf("after stop: %+v", got)
		}
		// Nothing is alive and task2 can never start: the execution is
		// STOPPED already, so STOP_WORKFLOW_EXECUTION has nothing left to
		// do (AIFlow would overwrite the status with STOPPED again).
		if s.x.Status != eStopped {
			t.Errorf("status = %s, want STOPPED", s.x.Status)
		}
		if _, _, err := ApplyExecution(s.x, StopAll{Time: t0}); !errors.Is(err, ErrInvalidTransition) {
			t.Errorf("stop of a finished execution: err = %v", err)
		}
	})
	t.Run("S2 periodic task restarts", func(t *testing.T) {
		w := build()
		w.Task("task1").PeriodicExpression = "interval@0 0 0 1"
		s := newSim(t, w)
		s.exec(Begin{Time: t0})
		s.task("task1", Started{Try: 1, Time: t0})
		s.exec(PeriodicFired{Task: "task1", Time: t0})
		if diff := cmp.Diff([]string{"task1:2:QUEUED"}, s.statuses()); diff != "" {
			t.Errorf("after fire (-want +got):\n%s", diff)
		}
		if s.x.Status != eRunning {
			t.Errorf("status = %s, want RUNNING", s.x.Status)
		}
	})
	t.Run("S3 lost process fails, downstream never runs", func(t *testing.T) {
		// AIFlow: FAILED without a status event, execution stays RUNNING
		// because task2 has no run. Here the FAILED event is published
		// (Fix 2) and the execution ends FAILED (Fix 3).
		s := newSim(t, build())
		s.exec(Begin{Time: t0})
		s.task("task1", Started{Try: 1, Time: t0})
		if s.x.Latest["task1"].Status != tRunning {
			t.Fatalf("task1 = %s, want RUNNING", s.x.Latest["task1"].Status)
		}
		s.task("task1", Lost{Try: 1, Time: t0})
		last := s.events[len(s.events)-1]
		if want := `{"namespace":"default","workflow_execution_id":1,"workflow_name":"wf","task_name":"task1","task_status":"FAILED"}`; last.Context != want {
			t.Errorf("last event context = %s, want %s", last.Context, want)
		}
		if s.x.Status != eFailed {
			t.Errorf("status = %s, want FAILED", s.x.Status)
		}
	})
	t.Run("S4 both succeed", func(t *testing.T) {
		s := newSim(t, build())
		s.exec(Begin{Time: t0})
		s.run("task1", 0)
		s.run("task2", 0)
		if s.x.Status != eSuccess {
			t.Errorf("status = %s, want SUCCESS; runs %v", s.x.Status, s.statuses())
		}
	})
}

// TestWorker adapts AIFlow's test_worker (op_1 START on event_1, op_2 no
// rules; triggers are not part of this package).
func TestWorker(t *testing.T) {
	w := workflow("wf", "op_1", "op_2")
	rule(w, "op_1", ir.Start, onEvent("event_1"))
	s := newSim(t, w)
	s.exec(Begin{Time: t0})
	if diff := cmp.Diff([]string{"op_2:1:QUEUED"}, s.statuses()); diff != "" {
		t.Fatalf("W1 (-want +got):\n%s", diff)
	}
	s.send(Event{Key: "event_1", Namespace: "default"})
	if diff := cmp.Diff([]string{"op_1:1:QUEUED", "op_2:1:QUEUED"}, s.statuses()); diff != "" {
		t.Fatalf("W2 (-want +got):\n%s", diff)
	}
	// W3: AIFlow left op_1 STOPPING (and could still start it later); a
	// queued run is dequeued and STOPPED at once (Fix 5).
	s.exec(ManualStop{Task: "op_1"})
	if diff := cmp.Diff([]string{"op_1:1:STOPPED", "op_2:1:QUEUED"}, s.statuses()); diff != "" {
		t.Errorf("W3 (-want +got):\n%s", diff)
	}
}

func TestExecutionTableWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, tr := range ExecutionTransitions() {
		for _, from := range tr.From {
			k := string(from) + " " + tr.Event
			if seen[k] {
				t.Errorf("row %s (%s) follows an unguarded row and never applies", k, tr.When)
			}
			if tr.When == "" {
				seen[k] = true
			}
		}
	}
}
