package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/storage"
)

// StartExecution starts an execution of workflow ns.name from its latest
// snapshot with parameters params, which every task gets in its
// environment (executor.CheckParams must accept them). A disabled workflow
// is refused (decisions.md Fix 7).
func (e *Engine) StartExecution(ctx context.Context, ns, name string, rt storage.RunType, params map[string]string) (storage.Execution, error) {
	var out storage.Execution
	err := e.update(ctx, func(s *step) error {
		w, err := s.tx.GetWorkflow(ctx, ns, name)
		if err != nil {
			return err
		}
		if !w.Enabled {
			return refuse(ErrDisabled, "workflow %s.%s is disabled; enable it with 'aiflow workflow enable %s -n %s'", ns, name, name, ns)
		}
		x, err := s.create(w, rt, params)
		if err != nil {
			return err
		}
		out = x.row
		return nil
	})
	return out, err
}

// StopExecution stops a running execution and its live runs.
func (e *Engine) StopExecution(ctx context.Context, id int64) (storage.Execution, error) {
	var out storage.Execution
	err := e.update(ctx, func(s *step) error {
		x, err := s.load(id)
		if err != nil {
			return err
		}
		if x.row.Status != storage.ExecutionRunning {
			return refuse(ErrRejected, "workflow execution %d is %s, not RUNNING", id, x.row.Status)
		}
		if err := s.execEvent(x, state.StopAll{Time: s.now}); err != nil {
			return err
		}
		out = x.row
		return nil
	})
	return out, err
}

// StopAll stops every running execution of workflow ns.name and returns
// them.
func (e *Engine) StopAll(ctx context.Context, ns, name string) ([]storage.Execution, error) {
	var out []storage.Execution
	err := e.update(ctx, func(s *step) error {
		w, err := s.tx.GetWorkflow(ctx, ns, name)
		if err != nil {
			return err
		}
		rows, err := s.tx.ListExecutions(ctx, storage.ExecutionFilter{WorkflowID: w.ID, Statuses: []storage.ExecutionStatus{storage.ExecutionRunning}})
		if err != nil {
			return err
		}
		for _, row := range rows {
			x, err := s.load(row.ID)
			if err != nil {
				return err
			}
			if err := s.execEvent(x, state.StopAll{Time: s.now}); err != nil {
				return err
			}
			out = append(out, x.row)
		}
		return nil
	})
	return out, err
}

// Task actions of TaskAction.
const (
	ActionStart   = "start"
	ActionRestart = "restart"
	ActionStop    = "stop"
)

// TaskAction starts, restarts or stops task of execution id by hand, with
// the semantics of a rule's action; a start or restart reopens a finished
// execution (decisions.md Fix 3). It returns the task's latest run after
// the action (nil if the task never ran) and whether anything changed.
func (e *Engine) TaskAction(ctx context.Context, id int64, task, action string) (*storage.TaskExecution, bool, error) {
	var (
		out     *storage.TaskExecution
		changed bool
	)
	err := e.update(ctx, func(s *step) error {
		x, err := s.load(id)
		if err != nil {
			return err
		}
		if x.wf().Task(task) == nil {
			names := make([]string, len(x.wf().Tasks))
			for i, t := range x.wf().Tasks {
				names[i] = t.Name
			}
			return refuse(storage.ErrNotFound, "workflow execution %d (workflow %q) has no task %q; its tasks: %s", id, x.wf().Name, task, strings.Join(names, ", "))
		}
		var ev state.ExecutionEvent
		switch action {
		case ActionStart:
			ev = state.ManualStart{Task: task}
		case ActionRestart:
			ev = state.ManualRestart{Task: task}
		case ActionStop:
			if x.row.Status != storage.ExecutionRunning {
				return refuse(ErrRejected, "workflow execution %d is %s, not RUNNING", id, x.row.Status)
			}
			ev = state.ManualStop{Task: task}
		default:
			return fmt.Errorf("unknown task action %q", action)
		}
		before := x.x.Latest[task]
		if err := s.execEvent(x, ev); err != nil {
			return err
		}
		if te, ok := x.rows[task]; ok {
			out = &te
		}
		changed = x.x.Latest[task] != before
		return nil
	})
	return out, changed, err
}

// Report is a supervisor's report about one try of a task run.
type Report struct {
	Try    int
	Exited bool // false: the try started
	Code   int  // exit code once exited, -1 for a signal
	Time   time.Time
	// Began, when set, is the begin time of the run's execution as the
	// supervisor's spec says.
	Began time.Time
}

// Report applies a supervisor's report about task execution id. A report
// the machines refuse (a try that was given up, a run that was replaced)
// fails with ErrRejected and changes nothing.
func (e *Engine) Report(ctx context.Context, id int64, r Report) error {
	err := e.update(ctx, func(s *step) error {
		te, err := s.tx.GetTaskExecution(ctx, id)
		if err != nil {
			return err
		}
		x, err := s.load(te.ExecutionID)
		if err != nil {
			return err
		}
		if !r.Began.IsZero() && r.Began.UnixMilli() != x.row.BeginTime.UnixMilli() {
			return refuse(ErrRejected, "task execution %d: the report comes from a run of an execution that began %s, not from this database's, which began %s (a run from before aiflow db reset?)",
				id, r.Began.UTC().Format(time.RFC3339Nano), x.row.BeginTime.UTC().Format(time.RFC3339Nano))
		}
		if applied(te, r) {
			return nil
		}
		var ev state.TaskEvent = state.Started{Try: r.Try, Time: r.Time}
		if r.Exited {
			ev = state.Exited{Try: r.Try, Code: r.Code, Time: r.Time}
		}
		return s.runEvent(x, te, ev)
	})
	if ignorable(err) {
		return refuse(ErrRejected, "%v", err)
	}
	return err
}

// applied reports whether run te already shows report r: a supervisor
// sends a report again when the answer to the first one was lost (a server
// killed between its commit and its answer), and must then hear that it
// arrived, not that it was refused, or it would stop a healthy task.
func applied(te storage.TaskExecution, r Report) bool {
	if te.TryNumber != r.Try {
		return false
	}
	if r.Exited {
		return te.Status.Finished() || te.Status == storage.TaskRetrying
	}
	return te.Status == storage.TaskRunning || te.Status == storage.TaskStopping
}

// refusal is an error whose message is meant for users as it is, and whose
// kind (ErrDisabled, ErrRejected, storage.ErrNotFound...) tells callers how
// to answer it.
type refusal struct {
	kind error
	msg  string
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return r.kind }

func refuse(kind error, format string, args ...any) error {
	return &refusal{kind: kind, msg: fmt.Sprintf(format, args...)}
}
