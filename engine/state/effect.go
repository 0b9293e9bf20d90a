package state

import (
	"encoding/json"
	"time"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

// Effect is a side effect a step asks the scheduler to perform after it has
// persisted the new state. Effects are plain data.
type Effect interface{ effect() }

// StartProcess hands a queued run (at its current try) to the executor,
// which starts it when a slot is free.
type StartProcess struct{ Run Run }

// Dequeue withdraws a queued run from the executor so that it never starts
// (decisions.md Fix 5). If the executor had already started it, it kills it
// as KillProcess does; the late reports of that process are rejected.
type Dequeue struct{ Run Run }

// KillProcess stops a run's process group: SIGTERM, then SIGKILL after the
// grace period of the engine's configuration.
type KillProcess struct{ Run Run }

// ArmTimeout asks for a TimedOut event for the run's current try at At.
type ArmTimeout struct {
	Run Run
	At  time.Time
}

// ScheduleRetry asks for a RetryDue event for the run at At.
type ScheduleRetry struct {
	Run Run
	At  time.Time
}

// PublishStatusChanged appends AIFlow's task-status-changed event (§1.7):
// Key is [task_status_change].<namespace>.<workflow>.<task>, Value is
// TASK_STATUS_CHANGED, Namespace the workflow's namespace and Context the
// JSON object {namespace, workflow_execution_id, workflow_name, task_name,
// task_status}.
type PublishStatusChanged struct {
	Key       string
	Value     string
	Namespace string
	Context   string
	Run       Run // the run whose status it reports, as Context says
}

// StartTask creates run Seq of Task in status INIT and queues it (ApplyTask
// with Queue).
type StartTask struct {
	Task string
	Seq  int
}

// StopTask stops a live or stopping run (ApplyTask with StopRequested);
// Replaced says that a new run of the task replaces it.
type StopTask struct {
	Run      Run
	Replaced bool
}

// ArmPeriodic registers the timer of a periodic task; each fire is a
// PeriodicFired event.
type ArmPeriodic struct {
	Task       string
	Expression string
}

// DisarmPeriodic removes the timer of a periodic task.
type DisarmPeriodic struct{ Task string }

func (StartProcess) effect()         {}
func (Dequeue) effect()              {}
func (KillProcess) effect()          {}
func (ArmTimeout) effect()           {}
func (ScheduleRetry) effect()        {}
func (PublishStatusChanged) effect() {}
func (StartTask) effect()            {}
func (StopTask) effect()             {}
func (ArmPeriodic) effect()          {}
func (DisarmPeriodic) effect()       {}

// StatusChangedValue is the value of every task-status-changed event.
const StatusChangedValue = "TASK_STATUS_CHANGED"

// statusContext is the context of a task-status-changed event, fields in
// AIFlow's order.
type statusContext struct {
	Namespace   string             `json:"namespace"`
	ExecutionID int64              `json:"workflow_execution_id"`
	Workflow    string             `json:"workflow_name"`
	Task        string             `json:"task_name"`
	Status      storage.TaskStatus `json:"task_status"`
}

// StatusChanged returns the task-status-changed event of run r of a task of
// workflow wf in namespace ns.
func StatusChanged(ns, wf string, r Run) PublishStatusChanged {
	ctx, err := json.Marshal(statusContext{ns, r.Execution, wf, r.Task, r.Status})
	if err != nil {
		// Strings and an integer always marshal.
		panic(err)
	}
	return PublishStatusChanged{
		Key:       ir.TaskStatusKey(ns, wf, r.Task),
		Value:     StatusChangedValue,
		Namespace: ns,
		Context:   string(ctx),
		Run:       r,
	}
}

// Event returns the event as the log stored it (at offset, by sender, at
// t), for the rules of the step that published it, which need not parse
// its context back.
func (f PublishStatusChanged) Event(offset int64, sender string, t time.Time) Event {
	return Event{Key: f.Key, Value: f.Value, Namespace: f.Namespace, Sender: sender, Context: f.Context,
		Offset: offset, Time: t, Run: &f.Run}
}
