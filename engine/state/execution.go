package state

import (
	"fmt"
	"slices"
	"time"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

// Execution is the engine's view of one workflow execution: its status, its
// snapshot and the latest run of every task that ran.
type Execution struct {
	ID         int64
	WorkflowID int64
	Status     storage.ExecutionStatus
	Plan       *Plan // of the execution's own snapshot (decisions.md Fix 6)
	// Latest is the latest run of each task that ran; write it with
	// SetRun, which keeps the tally.
	Latest map[string]Run
	tally  *tally
}

// tally counts the latest runs as Outcome needs them, so that settling an
// execution costs as much at its 10,000th task as at its first.
type tally struct{ unfinished, failed, stopped int }

func (t *tally) add(r Run, n int) {
	if !r.Status.Finished() {
		t.unfinished += n
	}
	switch r.Status {
	case tFailed:
		t.failed += n
	case tStopped:
		t.stopped += n
	}
}

// SetRun records r as the latest run of its task.
func (x *Execution) SetRun(r Run) {
	if x.Latest == nil {
		x.Latest = map[string]Run{}
	}
	t := x.counts()
	if old, ok := x.Latest[r.Task]; ok {
		t.add(old, -1)
	}
	x.Latest[r.Task] = r
	t.add(r, 1)
}

// counts returns the tally of Latest, counting it once for an Execution
// built with Latest filled in.
func (x *Execution) counts() *tally {
	if x.tally == nil {
		x.tally = &tally{}
		for _, r := range x.Latest {
			x.tally.add(r, 1)
		}
	}
	return x.tally
}

// nextSeq returns the sequence number of the next run of task.
func (x Execution) nextSeq(task string) int {
	if r, ok := x.Latest[task]; ok {
		return r.Seq + 1
	}
	return 1
}

// ExecutionEvent is an event of one workflow execution.
type ExecutionEvent interface {
	executionEvent()
	// Name is the event's name in transition tables and errors.
	Name() string
}

// Begin starts a new execution (§3.1).
type Begin struct{ Time time.Time }

// StopAll stops the execution and every live run (§3.6).
type StopAll struct{ Time time.Time }

// Settle asks whether the execution has finished (decisions.md Fix 3). The
// scheduler sends it after every step of a RUNNING execution, once all
// task-status events the execution published about itself are evaluated.
type Settle struct{ Time time.Time }

// ManualStart is a user's start of one task (task-execution start).
type ManualStart struct{ Task string }

// ManualRestart is a user's restart of one task.
type ManualRestart struct{ Task string }

// ManualStop is a user's stop of one task (task-execution stop).
type ManualStop struct{ Task string }

// PeriodicFired is a fire of a periodic task's timer (§3.7).
type PeriodicFired struct {
	Task string
	Time time.Time
}

func (Begin) executionEvent()         {}
func (StopAll) executionEvent()       {}
func (Settle) executionEvent()        {}
func (ManualStart) executionEvent()   {}
func (ManualRestart) executionEvent() {}
func (ManualStop) executionEvent()    {}
func (PeriodicFired) executionEvent() {}

// Name returns "Begin".
func (Begin) Name() string { return "Begin" }

// Name returns "StopAll".
func (StopAll) Name() string { return "StopAll" }

// Name returns "Settle".
func (Settle) Name() string { return "Settle" }

// Name returns "ManualStart".
func (ManualStart) Name() string { return "ManualStart" }

// Name returns "ManualRestart".
func (ManualRestart) Name() string { return "ManualRestart" }

// Name returns "ManualStop".
func (ManualStop) Name() string { return "ManualStop" }

// Name returns "PeriodicFired".
func (PeriodicFired) Name() string { return "PeriodicFired" }

// ExecutionTransition is one row of the workflow-execution machine: in a
// status of From, Event (with When, if set, holding) moves the execution to
// To and yields the effects of fx.
type ExecutionTransition struct {
	From  []storage.ExecutionStatus
	Event string
	When  string
	To    storage.ExecutionStatus

	guard func(Execution) bool
	fx    func(Execution, ExecutionEvent) []Effect
}

const (
	eInit    = storage.ExecutionInit
	eRunning = storage.ExecutionRunning
	eSuccess = storage.ExecutionSuccess
	eFailed  = storage.ExecutionFailed
	eStopped = storage.ExecutionStopped
)

var finished = []storage.ExecutionStatus{eSuccess, eFailed, eStopped}

func outcomeIs(s storage.ExecutionStatus) func(Execution) bool {
	return func(x Execution) bool { return Outcome(x) == s }
}

// executionTable is the workflow-execution machine. Finished executions
// are terminal except for a user's start or restart of a task, which reopens
// them (decisions.md Fix 3); AIFlow instead re-aggregated finished
// executions and let a stop overwrite SUCCESS.
var executionTable = []ExecutionTransition{
	{From: es(eInit), Event: "Begin", To: eRunning, fx: fxBegin},
	{From: es(eRunning), Event: "StopAll", To: eStopped, fx: fxStopAll},
	{From: es(eRunning), Event: "Settle", When: "finished with SUCCESS", To: eSuccess, guard: outcomeIs(eSuccess)},
	{From: es(eRunning), Event: "Settle", When: "finished with FAILED", To: eFailed, guard: outcomeIs(eFailed)},
	{From: es(eRunning), Event: "Settle", When: "finished with STOPPED", To: eStopped, guard: outcomeIs(eStopped)},
	{From: es(eRunning), Event: "Settle", To: eRunning},
	{From: append(es(eRunning), finished...), Event: "ManualStart", To: eRunning, fx: fxManual},
	{From: append(es(eRunning), finished...), Event: "ManualRestart", To: eRunning, fx: fxManual},
	{From: es(eRunning), Event: "ManualStop", To: eRunning, fx: fxManual},
	{From: es(eRunning), Event: "PeriodicFired", To: eRunning, fx: fxManual},
}

func es(s ...storage.ExecutionStatus) []storage.ExecutionStatus { return s }

// ExecutionTransitions returns the rows of the workflow-execution machine,
// in the order they are tried.
func ExecutionTransitions() []ExecutionTransition { return slices.Clone(executionTable) }

// ApplyExecution applies ev to execution x. It returns the new status and
// the effects, or an error wrapping ErrInvalidTransition (nothing changes).
// Manual and periodic events naming a task the snapshot lacks are refused
// with a plain error.
func ApplyExecution(x Execution, ev ExecutionEvent) (storage.ExecutionStatus, []Effect, error) {
	if task := eventTask(ev); task != "" && x.Plan.Task(task) == nil {
		return x.Status, nil, fmt.Errorf("workflow %q has no task %q", x.Plan.Workflow.Name, task)
	}
	for _, t := range executionTable {
		if t.Event != ev.Name() || !slices.Contains(t.From, x.Status) {
			continue
		}
		if t.guard != nil && !t.guard(x) {
			continue
		}
		var fx []Effect
		if t.fx != nil {
			fx = t.fx(x, ev)
		}
		return t.To, fx, nil
	}
	return x.Status, nil, fmt.Errorf("%w from %s on %s (execution %d)", ErrInvalidTransition, x.Status, ev.Name(), x.ID)
}

func eventTask(ev ExecutionEvent) string {
	switch ev := ev.(type) {
	case ManualStart:
		return ev.Task
	case ManualRestart:
		return ev.Task
	case ManualStop:
		return ev.Task
	case PeriodicFired:
		return ev.Task
	}
	return ""
}

// fxBegin starts every auto-started task in definition order and arms the
// timers of periodic tasks.
func fxBegin(x Execution, _ ExecutionEvent) []Effect {
	var fx []Effect
	for _, task := range x.Plan.auto {
		fx = append(fx, StartTask{Task: task, Seq: x.nextSeq(task)})
	}
	return append(fx, PeriodicTimers(x.Plan)...)
}

// PeriodicTimers are the timers a running execution of plan p waits for:
// one per periodic task. Beginning or reopening an execution arms them,
// and recovery arms them again for every running one.
func PeriodicTimers(p *Plan) []Effect {
	var fx []Effect
	for _, t := range p.periodic {
		fx = append(fx, ArmPeriodic{Task: t.Name, Expression: t.PeriodicExpression})
	}
	return fx
}

// fxStopAll stops every live run (STOPPING ones are already on their way)
// and disarms the periodic timers.
func fxStopAll(x Execution, _ ExecutionEvent) []Effect {
	var fx []Effect
	for _, t := range x.Plan.Workflow.Tasks {
		if r, ok := x.Latest[t.Name]; ok && r.Status.Alive() {
			fx = append(fx, StopTask{Run: r})
		}
	}
	for _, t := range x.Plan.periodic {
		fx = append(fx, DisarmPeriodic{Task: t.Name})
	}
	return fx
}

// fxManual applies a user's or a timer's action to one task with the same
// semantics as a rule's action; a periodic fire is a RESTART (§3.7). A
// start that reopens a finished execution arms its periodic tasks again,
// which StopAll disarmed.
func fxManual(x Execution, ev ExecutionEvent) []Effect {
	var a ir.Action
	switch ev.(type) {
	case ManualStart:
		a = ir.Start
	case ManualStop:
		a = ir.Stop
	default:
		a = ir.Restart
	}
	fx := decide(x, eventTask(ev), a).Effects()
	if x.Status.Finished() {
		fx = append(fx, PeriodicTimers(x.Plan)...)
	}
	return fx
}

// Outcome returns the status an execution ends with if nothing can happen in
// it anymore (decisions.md Fix 3), or RUNNING if something still can:
//   - a task's latest run is alive or stopping (a retry pending included);
//   - the snapshot has a periodic task;
//   - a task that never ran waits on a START rule that listens for an event
//     other than a task-status change (a user event, also through a custom
//     condition); another workflow's task-status events never reach it.
//
// Tasks whose START rules only wait on task statuses, and that never ran,
// never will: they are left out. The result does not depend on task order:
// FAILED if any latest run failed, else STOPPED if any was stopped, else
// SUCCESS. AIFlow instead stayed RUNNING while any task had no run (issue
// #367) and took the verdict of the first finished task in definition order.
func Outcome(x Execution) storage.ExecutionStatus {
	p, t := x.Plan, x.counts()
	if len(p.periodic) > 0 || t.unfinished > 0 {
		return eRunning
	}
	for task := range p.waits {
		if _, ran := x.Latest[task]; !ran {
			return eRunning
		}
	}
	switch {
	case t.failed > 0:
		return eFailed
	case t.stopped > 0:
		return eStopped
	}
	return eSuccess
}

// Idle reports whether running execution x waits only for something from
// outside: no run is alive or stopping and no task is periodic, so it
// stays RUNNING only because tasks that never ran wait for events that a
// user or another program may still send (see Outcome).
func Idle(x Execution) bool {
	return x.Status == eRunning && len(x.Plan.periodic) == 0 && x.counts().unfinished == 0
}
