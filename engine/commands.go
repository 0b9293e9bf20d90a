package engine

import (
	"context"
	"fmt"
	"strings"

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
		if x.x.Plan.Task(task) == nil {
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
