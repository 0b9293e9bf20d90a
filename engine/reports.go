package engine

import (
	"context"
	"crypto/subtle"
	"errors"
	"sync"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/engine/supervisor"
	"github.com/aiflow-go/aiflow/storage"
)

// A supervisor reports that its try started and how it ended: on its pipe
// (runner) or over HTTP (Report). Reports that arrive together are applied
// in one step, a group commit: a burst of task ends costs one transaction,
// not one each.

// report is a supervisor's report waiting for its step.
type report struct {
	id   int64 // task execution
	r    api.TaskReport
	done func(error)
	// run, when known (a report on a supervisor's pipe), spares reading
	// the task execution when it is its task's latest.
	run *state.Run
	// piped reports came on the pipe of a supervisor this engine started,
	// which needs no secret.
	piped bool
}

// reports is the queue of reports; the caller that finds no step applying
// them leads: it applies batches until the queue is empty.
type reports struct {
	mu      sync.Mutex
	queue   []report
	leading bool
}

// Report applies a supervisor's report about task execution id (its Event
// must be api.ReportStarted or api.ReportExited). A report the machines
// refuse (a try that was given up, a run that was replaced) fails with
// ErrRejected and changes nothing.
func (e *Engine) Report(ctx context.Context, id int64, r api.TaskReport) error {
	res := make(chan error, 1)
	e.report(report{id: id, r: r, done: func(err error) { res <- err }})
	select {
	case err := <-res:
		return err
	case <-ctx.Done():
		// It may still be applied; a report sent again is recognised.
		return ctx.Err()
	}
}

// report queues a report; its done receives the outcome, maybe on another
// goroutine.
func (e *Engine) report(rep report) {
	r := &rep.r
	if r.Time.IsZero() {
		r.Time = e.now()
	}
	if r.Event == api.ReportExited && (r.ExitCode != 0 || r.Error != "") {
		e.log.Info("task try failed", "task_execution", rep.id, "try", r.Try, "exit_code", r.ExitCode,
			"signal", r.Signal, "stopped", r.Stopped, "error", r.Error)
	}
	q := &e.reports
	q.mu.Lock()
	q.queue = append(q.queue, rep)
	if q.leading {
		q.mu.Unlock()
		return
	}
	q.leading = true
	for {
		batch := q.queue
		q.queue = nil
		if len(batch) == 0 {
			q.leading = false
			q.mu.Unlock()
			return
		}
		q.mu.Unlock()
		e.applyReports(batch)
		q.mu.Lock()
	}
}

// applyReports applies a batch of reports in one step; when the step
// fails, each is applied alone, so that one refused report does not hold
// back the others.
func (e *Engine) applyReports(batch []report) {
	err := e.update(context.Background(), func(s *step) error {
		for _, r := range batch {
			if err := s.report(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && len(batch) > 1 {
		for _, r := range batch {
			r.done(e.update(context.Background(), func(s *step) error { return s.report(r) }))
		}
		return
	}
	for _, r := range batch {
		r.done(err)
	}
}

// report applies one report in the step.
func (s *step) report(rep report) error {
	id, r := rep.id, rep.r
	var (
		te  storage.TaskExecution
		x   *execState
		err error
	)
	if rep.run != nil {
		if x, err = s.load(rep.run.Execution); err != nil {
			return err
		}
		te = x.rows[rep.run.Task]
	}
	if te.ID != id {
		if te, err = s.tx.GetTaskExecution(s.ctx, id); err != nil {
			return err
		}
		if x, err = s.load(te.ExecutionID); err != nil {
			return err
		}
	}
	if !r.ExecutionBegan.IsZero() && r.ExecutionBegan.UnixMilli() != x.row.BeginTime.UnixMilli() {
		return refuse(ErrRejected, "task execution %d: the report comes from a run of an execution that began %s, not from this database's, which began %s (a run from before aiflow db reset?)",
			id, r.ExecutionBegan.UTC().Format(time.RFC3339Nano), x.row.BeginTime.UTC().Format(time.RFC3339Nano))
	}
	if !rep.piped {
		if err := s.e.checkSecret(x.wf().Name, te, r); err != nil {
			return err
		}
	}
	if applied(te, r) {
		return nil
	}
	var ev state.TaskEvent = state.Started{Try: r.Try, Time: r.Time}
	if r.Event == api.ReportExited {
		ev = state.Exited{Try: r.Try, Code: r.ExitCode, Time: r.Time}
	}
	err = s.runEvent(x, te, ev)
	if ignorable(err) {
		return refuse(ErrRejected, "%v", err)
	}
	return err
}

// checkSecret refuses a report over HTTP that does not carry the secret
// of its try, which only the try's spec file (mode 0600) holds: anyone who
// reaches the API could otherwise end a running task as they like.
func (e *Engine) checkSecret(wf string, te storage.TaskExecution, r api.TaskReport) error {
	path := e.specPath(wf, state.Run{Execution: te.ExecutionID, Task: te.TaskName, Seq: te.SequenceNumber, Try: r.Try})
	rec, err := supervisor.Read(path)
	if err == nil && rec.Secret != "" && subtle.ConstantTimeCompare([]byte(rec.Secret), []byte(r.Secret)) == 1 {
		return nil
	}
	e.log.Warn("refused a report without its try's secret", "task_execution", te.ID, "try", r.Try, "event", r.Event)
	return refuse(ErrForbidden, "task execution %d try %d: the report does not carry the try's secret; only its supervisor may report about it", te.ID, r.Try)
}

// applied reports whether run te already shows report r: a supervisor
// sends a report again when the answer to the first one was lost (a server
// killed between its commit and its answer), and must then hear that it
// arrived, not that it was refused, or it would stop a healthy task.
func applied(te storage.TaskExecution, r api.TaskReport) bool {
	if te.TryNumber != r.Try {
		return false
	}
	if r.Event == api.ReportExited {
		return te.Status.Finished() || te.Status == storage.TaskRetrying
	}
	return te.Status == storage.TaskRunning || te.Status == storage.TaskStopping
}

// rejected reports whether err is a report's refusal rather than a
// failure to apply it.
func rejected(err error) bool { return errors.Is(err, ErrRejected) }
