package state

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

// ErrInvalidTransition means a machine has no transition for an event in
// its current state; the step changed nothing.
var ErrInvalidTransition = errors.New("invalid transition")

// MaxRetryDelay caps exponential backoff, as Airflow's default
// max_retry_delay does, so a long retry chain cannot overflow.
const MaxRetryDelay = 24 * time.Hour

// Run is the engine's view of one task execution: which run of which task
// it is, which try, and its status.
type Run struct {
	Execution int64
	Task      string
	Seq       int // sequence number, 1, 2, ... per task of an execution
	Try       int // 1 for the first try; a retry counts up
	Status    storage.TaskStatus
}

// Key returns AIFlow's task execution key "<execution>_<task>_<seq>".
func (r Run) Key() string {
	return strconv.FormatInt(r.Execution, 10) + "_" + r.Task + "_" + strconv.Itoa(r.Seq)
}

// Spec is what the task machine needs from the execution's snapshot.
type Spec struct {
	Namespace, Workflow string
	Retries             int
	RetryDelay          time.Duration
	Backoff             bool
	Timeout             time.Duration // 0 = none
}

// SpecOf returns the spec of task t of workflow w.
func SpecOf(w *ir.Workflow, t *ir.Task) Spec {
	return Spec{
		Namespace:  w.Namespace,
		Workflow:   w.Name,
		Retries:    t.Retries,
		RetryDelay: seconds(t.RetryDelay),
		Backoff:    t.RetryExponentialBackoff,
		Timeout:    seconds(t.Timeout),
	}
}

func seconds(s float64) time.Duration {
	if s <= 0 {
		return 0
	}
	if s >= math.MaxInt64/float64(time.Second) {
		return math.MaxInt64
	}
	return time.Duration(math.Round(s * float64(time.Second)))
}

// RetryDelayAfter returns the wait before the try after try failed: the delay,
// doubled after every failed try with backoff, at most MaxRetryDelay.
func (s Spec) RetryDelayAfter(try int) time.Duration {
	d := s.RetryDelay
	if !s.Backoff {
		return d
	}
	for i := 1; i < try && d < MaxRetryDelay; i++ {
		d *= 2
	}
	return min(d, MaxRetryDelay)
}

// TaskEvent is an event of one task run.
type TaskEvent interface {
	taskEvent()
	// Name is the event's name in transition tables and errors.
	Name() string
}

// Queue hands a new run to the executor.
type Queue struct{}

// Started is the supervisor's report that try Try is running.
type Started struct {
	Try  int
	Time time.Time
}

// Exited is the supervisor's report that try Try ended with exit Code.
type Exited struct {
	Try  int
	Code int
	Time time.Time
}

// TimedOut is the timer armed by ArmTimeout for try Try.
type TimedOut struct {
	Try  int
	Time time.Time
}

// Lost means the process of try Try is gone without a report (its
// supervisor died or its heartbeat stopped).
type Lost struct {
	Try  int
	Time time.Time
}

// StopRequested asks to stop the run (a STOP or RESTART rule, a stop
// command, a stopped execution). Replaced says that a new run of the task
// replaces it (RESTART, a periodic fire, a start while it is stopping).
type StopRequested struct {
	Time     time.Time
	Replaced bool
}

// RetryDue is the timer armed by ScheduleRetry.
type RetryDue struct{ Time time.Time }

func (Queue) taskEvent()         {}
func (Started) taskEvent()       {}
func (Exited) taskEvent()        {}
func (TimedOut) taskEvent()      {}
func (Lost) taskEvent()          {}
func (StopRequested) taskEvent() {}
func (RetryDue) taskEvent()      {}

// Name returns "Queue".
func (Queue) Name() string { return "Queue" }

// Name returns "Started".
func (Started) Name() string { return "Started" }

// Name returns "Exited".
func (Exited) Name() string { return "Exited" }

// Name returns "TimedOut".
func (TimedOut) Name() string { return "TimedOut" }

// Name returns "Lost".
func (Lost) Name() string { return "Lost" }

// Name returns "StopRequested".
func (StopRequested) Name() string { return "StopRequested" }

// Name returns "RetryDue".
func (RetryDue) Name() string { return "RetryDue" }

// try returns the try a process report is about, or 0 for events that are
// not about one try.
func try(ev TaskEvent) int {
	switch ev := ev.(type) {
	case Started:
		return ev.Try
	case Exited:
		return ev.Try
	case TimedOut:
		return ev.Try
	case Lost:
		return ev.Try
	}
	return 0
}

// TaskTransition is one row of the task machine: in a status of From, Event
// (with When, if set, holding) moves the run to To and yields the effects of
// fx.
type TaskTransition struct {
	From  []storage.TaskStatus
	Event string
	When  string // a guard's name, "" for none
	To    storage.TaskStatus

	guard func(Spec, Run, TaskEvent) bool
	fx    func(Spec, Run, TaskEvent) []Effect
}

const (
	whenSuccess   = "exit code 0"
	whenTriesLeft = "tries left"
	whenReplaced  = "replaced by a new run"
)

func succeeded(_ Spec, _ Run, ev TaskEvent) bool { return ev.(Exited).Code == 0 }
func triesLeft(s Spec, r Run, _ TaskEvent) bool  { return r.Try <= s.Retries }
func replaced(_ Spec, _ Run, ev TaskEvent) bool  { return ev.(StopRequested).Replaced }

const (
	tInit     = storage.TaskInit
	tQueued   = storage.TaskQueued
	tRunning  = storage.TaskRunning
	tSuccess  = storage.TaskSuccess
	tFailed   = storage.TaskFailed
	tStopping = storage.TaskStopping
	tStopped  = storage.TaskStopped
	tRetrying = storage.TaskRetrying
)

// taskTable is the task machine. Rows for the same status and event are
// tried in order; the first whose guard holds applies.
var taskTable = []TaskTransition{
	{From: ss(tInit), Event: "Queue", To: tQueued, fx: fxStart},
	// Fix 1: a retry is a new try of the same run, queued again.
	{From: ss(tRetrying), Event: "RetryDue", To: tQueued, fx: fxStart},
	{From: ss(tQueued), Event: "Started", To: tRunning, fx: fxRunning},
	// A process that could not start reports its exit without Started.
	{From: ss(tQueued, tRunning), Event: "Exited", When: whenSuccess, To: tSuccess, guard: succeeded, fx: fxPublish},
	{From: ss(tQueued, tRunning), Event: "Exited", When: whenTriesLeft, To: tRetrying, guard: triesLeft, fx: fxRetry},
	{From: ss(tQueued, tRunning), Event: "Exited", To: tFailed, fx: fxPublish},
	// Fix 2: a timeout or a lost process kills the group, then fails the
	// try like a non-zero exit, publishing the status (AIFlow published
	// nothing and killed nothing).
	{From: ss(tRunning), Event: "TimedOut", When: whenTriesLeft, To: tRetrying, guard: triesLeft, fx: fxKillRetry},
	{From: ss(tRunning), Event: "TimedOut", To: tFailed, fx: fxKillPublish},
	{From: ss(tQueued, tRunning), Event: "Lost", When: whenTriesLeft, To: tRetrying, guard: triesLeft, fx: fxKillRetry},
	{From: ss(tQueued, tRunning), Event: "Lost", To: tFailed, fx: fxKillPublish},
	// Fix 5: a queued run is withdrawn and never starts.
	{From: ss(tQueued), Event: "StopRequested", To: tStopped, fx: fxDequeue},
	{From: ss(tInit, tRetrying), Event: "StopRequested", To: tStopped, fx: fxPublish},
	// A replaced run is no longer the latest when its process ends, and
	// rules only hear of the latest: its STOPPED event is published now,
	// before the new run's, as AIFlow's executor reports STOPPED before it
	// starts the new run (§3.3).
	{From: ss(tRunning), Event: "StopRequested", When: whenReplaced, To: tStopping, guard: replaced, fx: fxKillStopped},
	{From: ss(tRunning), Event: "StopRequested", To: tStopping, fx: fxKill},
	{From: ss(tStopping), Event: "StopRequested", When: whenReplaced, To: tStopping, guard: replaced, fx: fxStopped},
	{From: ss(tStopping), Event: "StopRequested", To: tStopping},
	// Whatever the exit code, a run that was asked to stop ends STOPPED.
	{From: ss(tStopping), Event: "Exited", To: tStopped, fx: fxPublish},
	{From: ss(tStopping), Event: "Lost", To: tStopped, fx: fxPublish},
}

func ss(s ...storage.TaskStatus) []storage.TaskStatus { return s }

// TaskTransitions returns the rows of the task machine, in the order they
// are tried.
func TaskTransitions() []TaskTransition { return slices.Clone(taskTable) }

// ApplyTask applies ev to run r of a task with spec s. It returns the run in
// its new status (with its try advanced by RetryDue) and the effects, or an
// error wrapping ErrInvalidTransition naming the status and the event. A
// process report for another try than the run's is rejected the same way:
// it comes from a try that was already given up (timed out or lost).
func ApplyTask(s Spec, r Run, ev TaskEvent) (Run, []Effect, error) {
	if t := try(ev); t != 0 && t != r.Try {
		return r, nil, fmt.Errorf("%w from %s on %s: event is for try %d, run %s is at try %d", ErrInvalidTransition, r.Status, ev.Name(), t, r.Key(), r.Try)
	}
	for _, t := range taskTable {
		if t.Event != ev.Name() || !slices.Contains(t.From, r.Status) {
			continue
		}
		if t.guard != nil && !t.guard(s, r, ev) {
			continue
		}
		if _, ok := ev.(RetryDue); ok {
			r.Try++
		}
		r.Status = t.To
		var fx []Effect
		if t.fx != nil {
			fx = t.fx(s, r, ev)
		}
		return r, fx, nil
	}
	return r, nil, fmt.Errorf("%w from %s on %s (run %s)", ErrInvalidTransition, r.Status, ev.Name(), r.Key())
}

func fxStart(_ Spec, r Run, _ TaskEvent) []Effect { return []Effect{StartProcess{r}} }

func fxPublish(s Spec, r Run, _ TaskEvent) []Effect {
	return []Effect{StatusChanged(s.Namespace, s.Workflow, r)}
}

func fxRunning(s Spec, r Run, ev TaskEvent) []Effect {
	return append(fxPublish(s, r, ev), RunTimers(s, r, ev.(Started).Time, time.Time{})...)
}

func fxRetry(s Spec, r Run, ev TaskEvent) []Effect {
	return append(fxPublish(s, r, ev), RunTimers(s, r, time.Time{}, EventTime(ev))...)
}

// RunTimers are the timers run r waits for in its status, given when its
// try started (began) and ended: a RUNNING run its timeout, a RETRYING one
// its retry. The transitions into those statuses arm them, and recovery
// arms them again from the stored runs.
func RunTimers(s Spec, r Run, began, ended time.Time) []Effect {
	switch r.Status {
	case tRunning:
		if s.Timeout > 0 && !began.IsZero() {
			return []Effect{ArmTimeout{Run: r, At: began.Add(s.Timeout)}}
		}
	case tRetrying:
		return []Effect{ScheduleRetry{Run: r, At: ended.Add(s.RetryDelayAfter(r.Try))}}
	}
	return nil
}

func fxKill(s Spec, r Run, _ TaskEvent) []Effect {
	return []Effect{KillProcess{Run: r}}
}

// fxStopped publishes the STOPPED event of a stopping run ahead of its
// end.
func fxStopped(s Spec, r Run, _ TaskEvent) []Effect {
	r.Status = tStopped
	return []Effect{StatusChanged(s.Namespace, s.Workflow, r)}
}

func fxKillStopped(s Spec, r Run, ev TaskEvent) []Effect {
	return append(fxKill(s, r, ev), fxStopped(s, r, ev)...)
}

func fxKillRetry(s Spec, r Run, ev TaskEvent) []Effect {
	return append(fxKill(s, r, ev), fxRetry(s, r, ev)...)
}

func fxKillPublish(s Spec, r Run, ev TaskEvent) []Effect {
	return append(fxKill(s, r, ev), fxPublish(s, r, ev)...)
}

func fxDequeue(s Spec, r Run, ev TaskEvent) []Effect {
	return append([]Effect{Dequeue{Run: r}}, fxPublish(s, r, ev)...)
}

// EventTime returns the time a process event (Exited, TimedOut, Lost)
// carries, zero for other events.
func EventTime(ev TaskEvent) time.Time {
	switch ev := ev.(type) {
	case Exited:
		return ev.Time
	case TimedOut:
		return ev.Time
	case Lost:
		return ev.Time
	}
	return time.Time{}
}
