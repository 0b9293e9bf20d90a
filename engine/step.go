package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/storage"
)

// step is one transaction of the engine: it loads executions, applies
// events to them, records what to do after the commit, and leaves the
// cache consistent with what it wrote.
type step struct {
	e       *Engine
	ctx     context.Context
	tx      storage.Tx
	now     time.Time
	touched map[int64]*execState
	after   []func() // process-level effects, performed after the commit
	events  bool     // events were appended
	// published are the events the step appended, in order.
	published []storage.Event
	cursor    int64 // the engine's cursor as this step moves it
	// triggerEvals are the trigger evaluations of the step, by trigger;
	// triggerValues the condition state of the triggers' workflows.
	triggerEvals  map[int64]*storage.Evaluation
	triggerValues map[int64]*values
	// offsets are the executions whose event offset moved (evaluate).
	offsets map[*execState]bool
}

// update runs fn as one step: in one transaction, it applies the events
// already in the log (drain), then fn, then routes the events the step
// published; after the commit it performs the step's process effects. On
// failure nothing is committed and the executions the step touched are
// dropped from the cache, to be reloaded from the store.
func (e *Engine) update(ctx context.Context, fn func(s *step) error) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := &step{e: e, ctx: ctx, now: e.now().UTC(), touched: map[int64]*execState{}, cursor: e.cursor,
		offsets: map[*execState]bool{}}
	unread := e.unread.Swap(false)
	err := e.store.Update(ctx, func(tx storage.Tx) error {
		s.tx = tx
		for id := range e.stale {
			if _, err := s.load(id); err != nil && !errors.Is(err, storage.ErrNotFound) {
				return err
			}
		}
		if e.recovered && unread {
			if err := s.drain(); err != nil {
				return err
			}
		}
		if err := fn(s); err != nil {
			return err
		}
		if s.events && e.recovered {
			// The events this step published reach the triggers in it too,
			// and the cursor stays at the end of the log.
			if err := s.drain(); err != nil {
				return err
			}
		}
		for x := range s.offsets {
			if err := s.tx.UpdateExecution(s.ctx, x.row, x.row.Status); err != nil {
				return err
			}
		}
		return s.flush()
	})
	if err != nil {
		for id := range s.touched {
			delete(e.live, id)
			e.stale[id] = true
		}
		if unread {
			e.unread.Store(true)
		}
		return err
	}
	clear(e.stale)
	e.cursor = s.cursor
	ended := false
	for id, x := range s.touched {
		if !x.row.Status.Alive() {
			delete(e.live, id)
			e.run.forget(id)
			ended = ended || x.x.Plan.HasPython()
		}
	}
	if ended {
		e.keepInterpreters()
	}
	if s.events {
		e.appended()
	}
	for _, f := range s.after {
		f()
	}
	return nil
}

// load returns the execution with id, from the cache or the store.
func (s *step) load(id int64) (*execState, error) {
	if x, ok := s.touched[id]; ok {
		return x, nil
	}
	x, ok := s.e.live[id]
	if !ok {
		row, err := s.tx.GetExecution(s.ctx, id)
		if err != nil {
			return nil, err
		}
		if x, err = s.read(row); err != nil {
			return nil, err
		}
		if row.Status.Alive() {
			s.e.live[id] = x
		}
	}
	s.touched[id] = x
	return x, nil
}

// read builds the cached view of an execution row.
func (s *step) read(row storage.Execution) (*execState, error) {
	x, err := s.fresh(row)
	if err != nil {
		return nil, err
	}
	latest, err := s.tx.LatestTaskExecutions(s.ctx, row.ID)
	if err != nil {
		return nil, err
	}
	for task, te := range latest {
		x.rows[task] = te
		x.x.SetRun(runOf(te))
	}
	if x.cond, err = s.values(row.WorkflowID, row.ID); err != nil {
		return nil, err
	}
	return x, nil
}

// fresh is the view of an execution row without runs and condition state,
// as a new execution is: nothing to read for it.
func (s *step) fresh(row storage.Execution) (*execState, error) {
	p, err := s.e.plan(s.ctx, s.tx, row.SnapshotID)
	if err != nil {
		return nil, err
	}
	return &execState{
		row:  row,
		x:    state.Execution{ID: row.ID, WorkflowID: row.WorkflowID, Status: row.Status, Plan: p, Latest: map[string]state.Run{}},
		rows: map[string]storage.TaskExecution{},
		cond: &values{workflowID: row.WorkflowID, executionID: row.ID, st: state.Values{}},
	}, nil
}

// values reads the condition state of a scope: an execution's task
// rules, or a workflow's triggers when executionID is 0.
func (s *step) values(workflowID, executionID int64) (*values, error) {
	rows, err := s.tx.ListStates(s.ctx, workflowID, executionID)
	if err != nil {
		return nil, err
	}
	v := &values{workflowID: workflowID, executionID: executionID, st: make(state.Values, len(rows))}
	for _, r := range rows {
		v.st[r.Name] = r.Value
	}
	return v, nil
}

func runOf(te storage.TaskExecution) state.Run {
	return state.Run{Execution: te.ExecutionID, Task: te.TaskName, Seq: te.SequenceNumber, Try: te.TryNumber, Status: te.Status}
}

// create inserts a new execution of workflow w from its latest snapshot and
// begins it.
func (s *step) create(w storage.Workflow, rt storage.RunType, params map[string]string) (*execState, error) {
	if w.LatestSnapshotID == 0 {
		return nil, fmt.Errorf("workflow %q.%q has no snapshot", w.Namespace, w.Name)
	}
	row, err := s.tx.CreateExecution(s.ctx, storage.Execution{
		WorkflowID: w.ID, SnapshotID: w.LatestSnapshotID, Status: storage.ExecutionInit, RunType: rt, Params: params,
	})
	if err != nil {
		return nil, err
	}
	x, err := s.fresh(row)
	if err != nil {
		return nil, err
	}
	s.touched[row.ID], s.e.live[row.ID] = x, x
	return x, s.execEvent(x, state.Begin{Time: s.now})
}

// execEvent applies an execution event, then settles.
func (s *step) execEvent(x *execState, ev state.ExecutionEvent) error {
	status, fx, err := state.ApplyExecution(x.x, ev)
	if err != nil {
		return err
	}
	if err := s.setStatus(x, status); err != nil {
		return err
	}
	if err := s.do(x, fx); err != nil {
		return err
	}
	return s.settle(x)
}

// setStatus stores a new execution status with its times.
func (s *step) setStatus(x *execState, status storage.ExecutionStatus) error {
	if status == x.row.Status {
		return nil
	}
	row := x.row
	row.Status = status
	switch {
	case status == storage.ExecutionRunning:
		if row.BeginTime.IsZero() {
			row.BeginTime = s.now
		}
		row.EndTime = time.Time{}
	case status.Finished():
		row.EndTime = s.now
	}
	if err := s.tx.UpdateExecution(s.ctx, row, x.row.Status); err != nil {
		return err
	}
	x.row, x.x.Status = row, status
	if status.Alive() {
		s.e.live[row.ID] = x
	}
	return nil
}

// taskEvent applies ev to run seq of task (0: the latest), then settles.
func (s *step) taskEvent(x *execState, task string, seq int, ev state.TaskEvent) error {
	if err := s.applyTask(x, task, seq, ev); err != nil {
		return err
	}
	return s.settle(x)
}

// applyTask applies ev to the latest run of task, which must be run seq
// when seq is not 0, stores it and performs the effects.
func (s *step) applyTask(x *execState, task string, seq int, ev state.TaskEvent) error {
	r, ok := x.x.Latest[task]
	if !ok || (seq != 0 && r.Seq != seq) {
		return fmt.Errorf("%w: run %d of task %q of execution %d is not its latest run", state.ErrInvalidTransition, seq, task, x.row.ID)
	}
	spec := x.x.Plan.Spec(task)
	nr, fx, err := state.ApplyTask(spec, r, ev)
	if err != nil {
		return err
	}
	te := s.stamp(x.rows[task], nr, ev)
	if err := s.tx.UpdateTaskExecution(s.ctx, te, r.Status); err != nil {
		return err
	}
	x.rows[task] = te
	x.x.SetRun(nr)
	return s.do(x, fx)
}

// stamp returns row te with the status and try of nr and the times and
// exit code ev tells.
func (s *step) stamp(te storage.TaskExecution, nr state.Run, ev state.TaskEvent) storage.TaskExecution {
	te.Status, te.TryNumber = nr.Status, nr.Try
	switch ev := ev.(type) {
	case state.Started:
		te.BeginTime = ev.Time
	case state.Exited:
		te.ExitCode = &ev.Code
	case state.RetryDue:
		te.BeginTime, te.EndTime, te.ExitCode = time.Time{}, time.Time{}, nil
	}
	if nr.Status.Finished() || nr.Status == storage.TaskRetrying {
		te.EndTime = s.now
		if t := state.EventTime(ev); !t.IsZero() {
			te.EndTime = t
		}
	}
	return te
}

// runEvent applies a process event to run te of execution x: to the
// task's latest run through the machines and the rules (then settles), or
// to a run that a new run replaced, which only ends: its row is updated and
// its process effects performed, but no task-status event is published for
// it, since its STOPPED event went out when it was replaced.
func (s *step) runEvent(x *execState, te storage.TaskExecution, ev state.TaskEvent) error {
	if cur, ok := x.rows[te.TaskName]; ok && cur.ID == te.ID {
		return s.taskEvent(x, te.TaskName, te.SequenceNumber, ev)
	}
	spec := x.x.Plan.Spec(te.TaskName)
	nr, fx, err := state.ApplyTask(spec, runOf(te), ev)
	if err != nil {
		return err
	}
	if err := s.tx.UpdateTaskExecution(s.ctx, s.stamp(te, nr, ev), te.Status); err != nil {
		return err
	}
	for _, f := range fx {
		if _, ok := f.(state.PublishStatusChanged); !ok {
			s.afterCommit(x, f)
		}
	}
	return nil
}

// do performs the effects of a step on execution x: effects on runs and
// events now, inside the transaction; process-level effects after the
// commit.
func (s *step) do(x *execState, fx []state.Effect) error {
	for _, f := range fx {
		switch f := f.(type) {
		case state.StartTask:
			if err := s.startTask(x, f); err != nil {
				return err
			}
		case state.StopTask:
			if err := s.applyTask(x, f.Run.Task, f.Run.Seq, state.StopRequested{Time: s.now, Replaced: f.Replaced}); err != nil {
				return err
			}
		case state.PublishStatusChanged:
			ev, err := s.tx.AppendEvent(s.ctx, storage.Event{Key: f.Key, Value: f.Value, Namespace: f.Namespace,
				Context: f.Context, Sender: Sender})
			if err != nil {
				return err
			}
			s.events = true
			s.published = append(s.published, ev)
			x.pending = append(x.pending, f.Event(ev.Offset, ev.Sender, ev.CreateTime))
		default:
			s.afterCommit(x, f)
		}
	}
	return nil
}

// startTask creates a run and queues it.
func (s *step) startTask(x *execState, f state.StartTask) error {
	r := state.Run{Execution: x.row.ID, Task: f.Task, Seq: f.Seq, Try: 1, Status: storage.TaskInit}
	spec := x.x.Plan.Spec(f.Task)
	r, fx, err := state.ApplyTask(spec, r, state.Queue{})
	if err != nil {
		return err
	}
	te, err := s.tx.CreateTaskExecution(s.ctx, storage.TaskExecution{
		ExecutionID: r.Execution, TaskName: r.Task, SequenceNumber: r.Seq, TryNumber: r.Try, Status: r.Status,
	})
	if err != nil {
		return err
	}
	x.rows[f.Task] = te
	x.x.SetRun(r)
	return s.do(x, fx)
}

// afterCommit records a process-level effect for after the commit.
func (s *step) afterCommit(x *execState, f state.Effect) {
	e := s.e
	wf := x.wf()
	switch f := f.(type) {
	case state.StartProcess:
		j := &job{id: x.rows[f.Run.Task].ID, run: f.Run, wf: wf, task: x.x.Plan.Task(f.Run.Task), snapshot: x.row.SnapshotID, began: x.row.BeginTime, params: x.row.Params}
		s.after = append(s.after, func() { e.run.submit(j) })
	case state.KillProcess:
		s.after = append(s.after, func() { e.run.kill(wf.Name, f.Run) })
	case state.Dequeue:
		s.after = append(s.after, func() { e.run.kill(wf.Name, f.Run) })
	case state.ArmTimeout:
		s.after = append(s.after, func() { e.timers.add(timer{kind: timeoutTimer, run: f.Run, at: f.At}) })
	case state.ScheduleRetry:
		s.after = append(s.after, func() { e.timers.add(timer{kind: retryTimer, run: f.Run, at: f.At}) })
	case state.ArmPeriodic:
		anchor := x.row.BeginTime
		s.after = append(s.after, func() { e.armPeriodic(x.row.ID, f.Task, f.Expression, anchor) })
	case state.DisarmPeriodic:
		id := x.row.ID
		s.after = append(s.after, func() { e.timers.remove(timer{kind: periodicTimer, run: state.Run{Execution: id, Task: f.Task}}) })
	}
}

// evaluate evaluates x's rules for ev, keeps the state they changed and
// their evaluations for the end of the step, and applies the decisions. A
// running execution records ev's offset as the last event applied to it
// (AIFlow's event_offset), stored at the end of the step.
func (s *step) evaluate(x *execState, ev state.Event) error {
	if x.row.Status == storage.ExecutionRunning && ev.Offset > x.row.EventOffset {
		x.row.EventOffset = ev.Offset
		s.offsets[x] = true
	}
	r := state.EvaluateRules(x.x, ev, x.cond.st)
	x.cond.set(r.State)
	for _, ev2 := range r.Evaluations {
		s.record(x, ev, ev2)
	}
	for _, d := range r.Decisions {
		if err := s.do(x, d.Effects()); err != nil {
			return err
		}
	}
	return nil
}

// settle evaluates the task-status events x published in this step, in
// order, and then asks whether x has finished (engine contract, item 4).
func (s *step) settle(x *execState) error {
	for len(x.pending) > 0 {
		ev := x.pending[0]
		x.pending = x.pending[1:]
		if err := s.evaluate(x, ev); err != nil {
			return err
		}
	}
	if x.row.Status != storage.ExecutionRunning {
		return nil
	}
	status, fx, err := state.ApplyExecution(x.x, state.Settle{Time: s.now})
	if err != nil {
		return err
	}
	if err := s.setStatus(x, status); err != nil {
		return err
	}
	return s.do(x, fx)
}

// ignorable reports whether err is a transition the machines refuse, which
// changes nothing and is only logged (engine contract, item 7).
func ignorable(err error) bool { return errors.Is(err, state.ErrInvalidTransition) }
