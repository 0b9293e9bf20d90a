package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/internal/spell"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/operator"
	"github.com/aiflow-go/aiflow/storage"
)

// The execution and task-execution endpoints: reads go to the store,
// changes to the engine.

func (s *Server) executionRoutes(route func(string, int, func(*http.Request) (any, error))) {
	const wf = api.Prefix + "/namespaces/{ns}/workflows/{name}/executions"
	const ex, te = api.PathExecutions + "/{id}", api.PathTaskExecutions + "/{id}"
	const ok, created = http.StatusOK, http.StatusCreated
	route("GET "+api.PathExecutions, ok, s.listAllExecutions)
	route("POST "+wf, created, s.startExecution)
	route("GET "+wf, ok, s.listExecutions)
	route("POST "+wf+"/stop", ok, s.stopAll)
	route("GET "+ex, ok, s.showExecution)
	route("GET "+ex+"/rules", ok, s.executionRules)
	route("POST "+ex+"/stop", ok, s.stopExecution)
	route("DELETE "+ex, ok, s.deleteExecution)
	route("GET "+ex+"/task-executions", ok, s.listTaskExecutions)
	route("POST "+ex+"/tasks/{task}/{action}", ok, s.taskAction)
	route("GET "+te, ok, s.showTaskExecution)
	route("GET "+te+"/log", ok, s.readLog)
	route("POST "+te+"/report", ok, s.report)
}

func pathID(r *http.Request, what string) (int64, error) {
	v := r.PathValue("id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, errorf(http.StatusBadRequest, api.CodeBadRequest, "%s id must be a positive integer, got %q", what, v)
	}
	return id, nil
}

func (s *Server) startExecution(r *http.Request) (any, error) {
	var in api.StartExecutionRequest
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			return nil, err
		}
	}
	// EVENT and PERIODIC executions are the engine's own (triggers and
	// schedules start them); a caller starts MANUAL ones.
	if in.RunType != "" && in.RunType != string(storage.RunManual) {
		return nil, errorf(http.StatusBadRequest, api.CodeBadRequest, "run_type must be MANUAL (or empty), got %q", in.RunType)
	}
	if err := operator.CheckParams(in.Params); err != nil {
		return nil, errorf(http.StatusBadRequest, api.CodeBadRequest, "%v", err)
	}
	rt := storage.RunManual
	ns, name := r.PathValue("ns"), r.PathValue("name")
	x, err := s.opts.Engine.StartExecution(r.Context(), ns, name, rt, in.Params)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, s.workflowNotFound(r.Context(), s.store, ns, name)
	}
	if err != nil {
		return nil, err
	}
	return s.toExecution(r.Context(), s.store, x)
}

// toExecution names the workflow of an execution.
func (s *Server) toExecution(ctx context.Context, tx storage.Tx, x storage.Execution) (api.Execution, error) {
	w, err := tx.GetWorkflowByID(ctx, x.WorkflowID)
	if err != nil {
		return api.Execution{}, err
	}
	return toExecution(w, x), nil
}

func toExecution(w storage.Workflow, x storage.Execution) api.Execution {
	return api.Execution{ID: x.ID, Namespace: w.Namespace, Workflow: w.Name, WorkflowID: w.ID, SnapshotID: x.SnapshotID,
		Status: string(x.Status), RunType: string(x.RunType), BeginTime: x.BeginTime, EndTime: x.EndTime, EventOffset: x.EventOffset,
		Params: x.Params}
}

// listAllExecutions lists the executions of every workflow, those with
// one of the statuses the query names.
func (s *Server) listAllExecutions(r *http.Request) (any, error) {
	ctx := r.Context()
	var f storage.ExecutionFilter
	for _, v := range r.URL.Query()["status"] {
		st := storage.ExecutionStatus(v)
		switch st {
		case storage.ExecutionInit, storage.ExecutionRunning, storage.ExecutionSuccess, storage.ExecutionFailed, storage.ExecutionStopped:
		default:
			return nil, errorf(http.StatusBadRequest, api.CodeBadRequest, "status must be INIT, RUNNING, SUCCESS, FAILED or STOPPED, got %q", v)
		}
		f.Statuses = append(f.Statuses, st)
	}
	out := api.Executions{Executions: []api.Execution{}}
	err := s.store.View(ctx, func(tx storage.Tx) error {
		xs, err := tx.ListExecutions(ctx, f)
		if err != nil {
			return err
		}
		ws := map[int64]storage.Workflow{}
		for _, x := range xs {
			w, ok := ws[x.WorkflowID]
			if !ok {
				if w, err = tx.GetWorkflowByID(ctx, x.WorkflowID); err != nil {
					return err
				}
				ws[x.WorkflowID] = w
			}
			out.Executions = append(out.Executions, toExecution(w, x))
		}
		return nil
	})
	return out, err
}

func (s *Server) listExecutions(r *http.Request) (any, error) {
	ctx := r.Context()
	out := api.Executions{Executions: []api.Execution{}}
	err := s.store.View(ctx, func(tx storage.Tx) error {
		w, err := s.workflow(ctx, tx, r)
		if err != nil {
			return err
		}
		xs, err := tx.ListExecutions(ctx, storage.ExecutionFilter{WorkflowID: w.ID})
		for _, x := range xs {
			out.Executions = append(out.Executions, toExecution(w, x))
		}
		return err
	})
	return out, err
}

func (s *Server) stopAll(r *http.Request) (any, error) {
	ctx := r.Context()
	w, err := s.workflow(ctx, s.store, r)
	if err != nil {
		return nil, err
	}
	xs, err := s.opts.Engine.StopAll(ctx, w.Namespace, w.Name)
	if err != nil {
		return nil, err
	}
	out := api.StopAllResponse{Executions: []api.Execution{}}
	for _, x := range xs {
		out.Executions = append(out.Executions, toExecution(w, x))
	}
	return out, nil
}

// execution reads the execution a path names, with its workflow.
func (s *Server) execution(ctx context.Context, tx storage.Tx, r *http.Request) (storage.Workflow, storage.Execution, error) {
	id, err := pathID(r, "workflow execution")
	if err != nil {
		return storage.Workflow{}, storage.Execution{}, err
	}
	x, err := tx.GetExecution(ctx, id)
	if err != nil {
		return storage.Workflow{}, x, err
	}
	w, err := tx.GetWorkflowByID(ctx, x.WorkflowID)
	return w, x, err
}

func (s *Server) showExecution(r *http.Request) (any, error) {
	ctx := r.Context()
	var out api.ExecutionDetail
	err := s.store.View(ctx, func(tx storage.Tx) error {
		w, x, err := s.execution(ctx, tx, r)
		if err != nil {
			return err
		}
		out.Execution = toExecution(w, x)
		if out.Tasks, err = s.taskNames(ctx, tx, x.SnapshotID); err != nil {
			return err
		}
		out.TaskExecutions, err = s.taskExecutions(ctx, tx, w, x.ID)
		return err
	})
	return out, err
}

// executionRules explains the rules of an execution.
func (s *Server) executionRules(r *http.Request) (any, error) {
	id, err := pathID(r, "workflow execution")
	if err != nil {
		return nil, err
	}
	in, err := s.opts.Engine.Inspect(r.Context(), id)
	if err != nil {
		return nil, err
	}
	w, err := s.store.GetWorkflowByID(r.Context(), in.Execution.WorkflowID)
	if err != nil {
		return nil, err
	}
	out := api.ExecutionRules{Execution: toExecution(w, in.Execution), Tasks: []api.TaskRules{}, Idle: in.Idle, State: in.State}
	for _, t := range in.Tasks {
		tr := api.TaskRules{Task: t.Task, Status: string(t.Status), Waiting: t.Waiting, Rules: []api.Rule{}}
		for _, r := range t.Rules {
			ar := api.Rule{Index: r.Index, Action: string(r.Action), Condition: r.Condition, EventKeys: r.Keys, State: r.State}
			if r.Last != nil {
				ar.Evaluations = r.Last.Count
				ar.Last = toRuleEvaluation(*r.Last)
			}
			tr.Rules = append(tr.Rules, ar)
		}
		out.Tasks = append(out.Tasks, tr)
	}
	return out, nil
}

func toRuleEvaluation(ev storage.Evaluation) *api.RuleEvaluation {
	return &api.RuleEvaluation{EventOffset: ev.Offset, EventKey: ev.Key, Result: string(ev.Result), Error: ev.Error, Time: ev.Time}
}

// taskNames returns the task names of a snapshot in definition order,
// cached: snapshots never change, and `workflow-execution start --wait`
// asks for them on every refresh.
func (s *Server) taskNames(ctx context.Context, tx storage.Tx, id int64) ([]string, error) {
	s.mu.Lock()
	names, ok := s.tasks[id]
	s.mu.Unlock()
	if ok {
		return names, nil
	}
	sn, err := tx.GetSnapshot(ctx, id)
	if err != nil {
		return nil, err
	}
	w, err := ir.DecodeWorkflow(sn.IR)
	if err != nil {
		return nil, fmt.Errorf("snapshot %d: %w", id, err)
	}
	names = make([]string, len(w.Tasks))
	for i, t := range w.Tasks {
		names[i] = t.Name
	}
	s.mu.Lock()
	s.tasks[id] = names
	s.mu.Unlock()
	return names, nil
}

func (s *Server) taskExecutions(ctx context.Context, tx storage.Tx, w storage.Workflow, id int64) ([]api.TaskExecution, error) {
	tes, err := tx.ListTaskExecutions(ctx, id)
	out := make([]api.TaskExecution, 0, len(tes))
	for _, te := range tes {
		out = append(out, s.toTaskExecution(w, te))
	}
	return out, err
}

func (s *Server) toTaskExecution(w storage.Workflow, te storage.TaskExecution) api.TaskExecution {
	return api.TaskExecution{ID: te.ID, ExecutionID: te.ExecutionID, Task: te.TaskName, SequenceNumber: te.SequenceNumber,
		TryNumber: te.TryNumber, Status: string(te.Status), BeginTime: te.BeginTime, EndTime: te.EndTime, ExitCode: te.ExitCode,
		LogPath: s.opts.Engine.LogPath(w.Name, te.ExecutionID, te.TaskName, te.SequenceNumber)}
}

func (s *Server) stopExecution(r *http.Request) (any, error) {
	id, err := pathID(r, "workflow execution")
	if err != nil {
		return nil, err
	}
	x, err := s.opts.Engine.StopExecution(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return s.toExecution(r.Context(), s.store, x)
}

func (s *Server) deleteExecution(r *http.Request) (any, error) {
	ctx := r.Context()
	var out api.Execution
	var wf string
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		w, x, err := s.execution(ctx, tx, r)
		if err != nil {
			return err
		}
		out = toExecution(w, x)
		wf = w.Name
		err = tx.DeleteExecution(ctx, x.ID)
		if errors.Is(err, storage.ErrBusy) {
			return errorf(http.StatusConflict, api.CodeConflict, "workflow execution %d is %s; stop it first with 'aiflow workflow-execution stop %d'", x.ID, x.Status, x.ID)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	s.removeFiles(wf, out.ID)
	return out, nil
}

// removeFiles removes the folders and logs of deleted executions. The rows
// are gone already, so a failure is logged, not answered: the call did
// what it was asked.
func (s *Server) removeFiles(workflow string, ids ...int64) {
	if _, err := s.opts.Engine.RemoveFiles(workflow, ids...); err != nil {
		s.log.Warn("remove the files of deleted executions", "workflow", workflow, "executions", ids, "err", err)
	}
}

func (s *Server) listTaskExecutions(r *http.Request) (any, error) {
	ctx := r.Context()
	var out api.TaskExecutions
	err := s.store.View(ctx, func(tx storage.Tx) error {
		w, x, err := s.execution(ctx, tx, r)
		if err != nil {
			return err
		}
		out.TaskExecutions, err = s.taskExecutions(ctx, tx, w, x.ID)
		return err
	})
	return out, err
}

func (s *Server) taskAction(r *http.Request) (any, error) {
	id, err := pathID(r, "workflow execution")
	if err != nil {
		return nil, err
	}
	action, task := r.PathValue("action"), r.PathValue("task")
	switch action {
	case engine.ActionStart, engine.ActionRestart, engine.ActionStop:
	default:
		return nil, errorf(http.StatusNotFound, api.CodeUnknownPath, "no task action %q (start, restart or stop)", action)
	}
	w, x, err := s.execution(r.Context(), s.store, r)
	if err != nil {
		return nil, err
	}
	// The execution exists, so not found means the task.
	te, changed, err := s.opts.Engine.TaskAction(r.Context(), id, task, action)
	if errors.Is(err, storage.ErrNotFound) {
		if names, nerr := s.taskNames(r.Context(), s.store, x.SnapshotID); nerr == nil {
			if near := spell.Nearest(task, names); near != "" {
				return nil, errorf(http.StatusNotFound, api.CodeNotFound, "workflow execution %d (workflow %q) has no task %q; did you mean %q?", id, w.Name, task, near)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	out := api.TaskAction{Changed: changed}
	if te != nil {
		v := s.toTaskExecution(w, *te)
		out.TaskExecution = &v
	}
	return out, nil
}

// taskExecution reads the task execution a path names, with its workflow.
func (s *Server) taskExecution(ctx context.Context, r *http.Request) (storage.Workflow, storage.TaskExecution, error) {
	var (
		w  storage.Workflow
		te storage.TaskExecution
	)
	id, err := pathID(r, "task execution")
	if err != nil {
		return w, te, err
	}
	err = s.store.View(ctx, func(tx storage.Tx) error {
		te, err = tx.GetTaskExecution(ctx, id)
		if err != nil {
			return err
		}
		x, err := tx.GetExecution(ctx, te.ExecutionID)
		if err != nil {
			return err
		}
		w, err = tx.GetWorkflowByID(ctx, x.WorkflowID)
		return err
	})
	return w, te, err
}

func (s *Server) showTaskExecution(r *http.Request) (any, error) {
	w, te, err := s.taskExecution(r.Context(), r)
	if err != nil {
		return nil, err
	}
	return s.toTaskExecution(w, te), nil
}

func (s *Server) readLog(r *http.Request) (any, error) {
	w, te, err := s.taskExecution(r.Context(), r)
	if err != nil {
		return nil, err
	}
	var off int64
	if v := r.URL.Query().Get("offset"); v != "" {
		if off, err = strconv.ParseInt(v, 10, 64); err != nil || off < 0 {
			return nil, errorf(http.StatusBadRequest, api.CodeBadRequest, "offset must be a non-negative integer, got %q", v)
		}
	}
	out := api.LogChunk{Offset: off, Next: off, Data: []byte{}, Finished: te.Status.Finished()}
	f, err := os.Open(s.opts.Engine.LogPath(w.Name, te.ExecutionID, te.TaskName, te.SequenceNumber))
	if errors.Is(err, os.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, api.MaxLogChunk)
	n, err := f.ReadAt(buf, off)
	if err != nil && err != io.EOF {
		return nil, err
	}
	out.Data, out.Next = buf[:n], off+int64(n)
	return out, nil
}

func (s *Server) report(r *http.Request) (any, error) {
	id, err := pathID(r, "task execution")
	if err != nil {
		return nil, err
	}
	var in api.TaskReport
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if in.Event != api.ReportStarted && in.Event != api.ReportExited {
		return nil, errorf(http.StatusBadRequest, api.CodeBadRequest, "report event must be %q or %q, got %q", api.ReportStarted, api.ReportExited, in.Event)
	}
	if err := s.opts.Engine.Report(r.Context(), id, in); err != nil {
		return nil, err
	}
	return struct{}{}, nil
}
