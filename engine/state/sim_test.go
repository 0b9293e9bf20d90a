package state

import (
	"github.com/aiflow-go/aiflow/operator"
	"strconv"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

// sim drives one execution through the machines the way the scheduler is
// meant to (see the engine package contract): effects on runs are applied at
// once, the task-status events the execution publishes are evaluated in
// order after each step, and then the execution is settled. Process-level
// effects are only recorded.
type sim struct {
	t       *testing.T
	x       Execution
	st      Values
	now     time.Time
	process []Effect // StartProcess, KillProcess, Dequeue, timers
	pending []Event  // published, not yet evaluated
	events  []Event  // everything published
}

func newSim(t *testing.T, w *ir.Workflow) *sim {
	w.Canonicalize()
	if diags := ir.Validate([]*ir.Workflow{w}); diags.HasErrors() {
		t.Fatalf("invalid test workflow: %v", diags.Err())
	}
	return &sim{t: t, now: t0, x: Execution{ID: 1, Status: storage.ExecutionInit, Plan: NewPlan(w), Latest: map[string]Run{}}}
}

func (s *sim) spec(task string) Spec {
	return SpecOf(s.x.Plan.Workflow, s.x.Plan.Workflow.Task(task))
}

// exec applies an execution event, then settles.
func (s *sim) exec(ev ExecutionEvent) {
	s.t.Helper()
	status, fx, err := ApplyExecution(s.x, ev)
	if err != nil {
		s.t.Fatalf("ApplyExecution(%s): %v", ev.Name(), err)
	}
	s.x.Status = status
	s.do(fx)
	s.settle()
}

// task applies a task event to the latest run of task, then settles.
func (s *sim) task(task string, ev TaskEvent) {
	s.t.Helper()
	r, ok := s.x.Latest[task]
	if !ok {
		s.t.Fatalf("task %q never ran", task)
	}
	r, fx, err := ApplyTask(s.spec(task), r, ev)
	if err != nil {
		s.t.Fatalf("ApplyTask(%s, %s): %v", task, ev.Name(), err)
	}
	s.x.SetRun(r)
	s.do(fx)
	s.settle()
}

// run reports the process lifecycle of the latest run of task: started,
// then exited with code.
func (s *sim) run(task string, code int) {
	s.t.Helper()
	try := s.x.Latest[task].Try
	s.task(task, Started{Try: try, Time: s.now})
	s.task(task, Exited{Try: try, Code: code, Time: s.now})
}

// send delivers an outside event, then settles.
func (s *sim) send(ev Event) {
	s.t.Helper()
	s.evaluate(ev)
	s.settle()
}

func (s *sim) evaluate(ev Event) {
	s.t.Helper()
	r := EvaluateRules(s.x, ev, s.st)
	s.st = r.State
	for _, d := range r.Decisions {
		s.do(d.Effects())
	}
}

func (s *sim) do(fx []Effect) {
	s.t.Helper()
	for _, e := range fx {
		switch e := e.(type) {
		case StartTask:
			r := Run{Execution: s.x.ID, Task: e.Task, Seq: e.Seq, Try: 1, Status: storage.TaskInit}
			r, more, err := ApplyTask(s.spec(e.Task), r, Queue{})
			if err != nil {
				s.t.Fatalf("queue %s: %v", r.Key(), err)
			}
			s.x.SetRun(r)
			s.do(more)
		case StopTask:
			if cur := s.x.Latest[e.Run.Task]; cur.Seq != e.Run.Seq {
				s.t.Fatalf("stop of %s, latest is %s", e.Run.Key(), cur.Key())
			}
			r, more, err := ApplyTask(s.spec(e.Run.Task), e.Run, StopRequested{Time: s.now})
			if err != nil {
				s.t.Fatalf("stop %s: %v", e.Run.Key(), err)
			}
			s.x.SetRun(r)
			s.do(more)
		case PublishStatusChanged:
			ev := Event{Key: e.Key, Value: e.Value, Namespace: e.Namespace, Context: e.Context}
			s.pending = append(s.pending, ev)
			s.events = append(s.events, ev)
		default:
			s.process = append(s.process, e)
		}
	}
}

// settle evaluates pending task-status events in order, then asks whether
// the execution finished.
func (s *sim) settle() {
	s.t.Helper()
	for len(s.pending) > 0 {
		ev := s.pending[0]
		s.pending = s.pending[1:]
		s.evaluate(ev)
	}
	if s.x.Status != storage.ExecutionRunning {
		return
	}
	status, fx, err := ApplyExecution(s.x, Settle{Time: s.now})
	if err != nil {
		s.t.Fatalf("settle: %v", err)
	}
	s.x.Status = status
	s.do(fx)
}

// statuses returns "task:seq:STATUS" of every latest run, in task order.
func (s *sim) statuses() []string {
	var out []string
	for _, t := range s.x.Plan.Workflow.Tasks {
		if r, ok := s.x.Latest[t.Name]; ok {
			out = append(out, t.Name+":"+strconv.Itoa(r.Seq)+":"+string(r.Status))
		}
	}
	return out
}

// Workflow builders for tests.

func workflow(name string, tasks ...string) *ir.Workflow {
	w := &ir.Workflow{Name: name, Namespace: "default"}
	for _, t := range tasks {
		w.Tasks = append(w.Tasks, &ir.Task{Name: t, Operator: operator.Bash, Args: &operator.BashArgs{Command: "true"}})
	}
	return w
}

func rule(w *ir.Workflow, task string, a ir.Action, c *ir.Condition) {
	w.Rules = append(w.Rules, &ir.Rule{Task: task, Action: a, Condition: c})
}

func onEvent(key string) *ir.Condition { return &ir.Condition{Kind: ir.EventCondition, Key: key} }

func taskStatus(task, status string) *ir.Condition {
	return &ir.Condition{Kind: ir.TaskStatusCondition, Task: task, Status: status}
}

// startAfter is AIFlow's Operator.start_after: START when every upstream's
// latest run succeeded.
func startAfter(w *ir.Workflow, task string, ups ...string) {
	c := &ir.Condition{Kind: ir.AllMetCondition}
	for _, u := range ups {
		c.Conditions = append(c.Conditions, taskStatus(u, ir.StatusSuccess))
	}
	rule(w, task, ir.Start, c)
}
