package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/engine/process"
	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/engine/supervisor"
	"github.com/aiflow-go/aiflow/storage"
)

// recover loads the executions an earlier server left alive and arms again
// what they wait for (engine/doc.go): the timers of retries, timeouts and
// periodic tasks, from the same functions of engine/state the transitions
// use, and the tries handed to supervisors, which are adopted, finished
// from their recorded outcomes, or queued again if they never reached a
// supervisor. Nothing is replayed, so no try starts twice. Every alive run
// counts, also those of executions that already ended (a stopped
// execution's runs may still be STOPPING, a replaced run too).
func (e *Engine) recover(ctx context.Context) error {
	var (
		tries []*job
		alive []storage.TaskStatus
	)
	err := e.update(ctx, func(s *step) error {
		rows, err := s.tx.ListExecutions(ctx, storage.ExecutionFilter{Statuses: []storage.ExecutionStatus{storage.ExecutionInit, storage.ExecutionRunning}})
		if err != nil {
			return err
		}
		for _, row := range rows {
			x, err := s.load(row.ID)
			if err != nil {
				return err
			}
			if x.row.Status == storage.ExecutionRunning {
				for _, f := range state.PeriodicTimers(x.x.Plan) {
					s.afterCommit(x, f)
				}
			}
		}
		// In id order: the queued ones are queued again in the order
		// they were first.
		tes, err := s.tx.TaskExecutionsByStatus(ctx, storage.TaskQueued, storage.TaskRunning, storage.TaskStopping, storage.TaskRetrying)
		if err != nil {
			return err
		}
		for _, te := range tes {
			x, err := s.load(te.ExecutionID)
			if err != nil {
				return err
			}
			wf, r := x.wf(), runOf(te)
			for _, f := range state.RunTimers(x.x.Plan.Spec(te.TaskName), r, te.BeginTime, te.EndTime) {
				s.afterCommit(x, f)
			}
			if te.Status == storage.TaskRetrying {
				continue // its supervisor is done; the retry timer brings it back
			}
			tries = append(tries, &job{id: te.ID, run: r, wf: wf, task: x.x.Plan.Task(te.TaskName), snapshot: x.row.SnapshotID, began: x.row.BeginTime, params: x.row.Params})
			alive = append(alive, te.Status)
		}
		// Every alive execution is loaded: events can find theirs.
		if s.cursor, err = s.tx.EngineOffset(ctx); err != nil {
			return err
		}
		e.recovered = true
		return s.drain()
	})
	if err != nil {
		return err
	}
	// Tries that live supervisors hold take their slots first; only then
	// are the others queued again, so that the parallelism limit holds.
	var again []*job
	for i, j := range tries {
		if e.run.adopt(j, alive[i]) {
			again = append(again, j)
		}
	}
	for _, j := range again {
		e.run.submit(j)
	}
	return nil
}

// finish ends a try that needs no supervisor: a task without a process
// succeeds at once (code 0); a try whose command cannot be built fails with
// code 127 and the reason in its log.
func (e *Engine) finish(j *job, code int, reason string) {
	if reason != "" {
		e.appendLog(e.LogPath(j.wf.Name, j.run.Execution, j.run.Task, j.run.Seq), fmt.Sprintf("aiflow: %s %s try %d cannot start: %s\n", j.run.Key(), j.task.Operator, j.run.Try, reason))
	}
	err := e.persist(context.Background(), func(s *step) error {
		x, err := s.load(j.run.Execution)
		if err != nil {
			return err
		}
		te, err := s.tx.GetTaskExecution(s.ctx, j.id)
		if err != nil {
			return err
		}
		if code == 0 {
			if err := s.runEvent(x, te, state.Started{Try: j.run.Try, Time: s.now}); err != nil {
				return err
			}
			if te, err = s.tx.GetTaskExecution(s.ctx, j.id); err != nil {
				return err
			}
		}
		return s.runEvent(x, te, state.Exited{Try: j.run.Try, Code: code, Time: s.now})
	})
	if err != nil && !ignorable(err) {
		e.log.Error("finish run", "run", j.run.Key(), "err", err)
	}
}

// persist runs fn as a step until it commits, the machines refuse it, or
// ctx ends, waiting longer after each failure (up to about a minute in
// all): it records outcomes that nothing else would bring again.
func (e *Engine) persist(ctx context.Context, fn func(s *step) error) error {
	wait := 50 * time.Millisecond
	for deadline := time.Now().Add(time.Minute); ; wait = min(2*wait, 5*time.Second) {
		err := e.update(ctx, fn)
		if err == nil || ignorable(err) || ctx.Err() != nil || time.Now().After(deadline) {
			return err
		}
		e.log.Warn("step failed; trying again", "err", err, "in", wait)
		time.Sleep(wait)
	}
}

// appendLog adds a line of the engine's own to a run's log.
func (e *Engine) appendLog(path, line string) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		e.log.Warn("task log", "path", path, "err", err)
		return
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		e.log.Warn("task log", "path", path, "err", err)
		return
	}
	defer f.Close()
	f.WriteString(line)
}

// gone applies the outcome of a try whose supervisor has ended: the exit
// its record holds, or Lost when it recorded none (it died). A
// supervisor normally reports before it ends, so the run has usually
// moved on already and this changes nothing.
func (e *Engine) gone(ctx context.Context, j *job) {
	spec := e.specPath(j.wf.Name, j.run)
	if held, _ := supervisor.Held(spec); held {
		// Another supervisor has the try (one started for it again by a
		// recovery): its own end will tell.
		return
	}
	rec, rerr := supervisor.Read(spec)
	if rec.Outcome == nil && rec.State != nil && rec.State.Pid != 0 && process.GroupAlive(rec.State.Pid) {
		// A supervisor killed outright leaves its task's group behind.
		syscall.Kill(-rec.State.Pid, syscall.SIGKILL)
	}
	lost := false
	err := e.persist(ctx, func(s *step) error {
		x, err := s.load(j.run.Execution)
		if err != nil {
			return err
		}
		te, err := s.tx.GetTaskExecution(ctx, j.id)
		if err != nil {
			return err
		}
		if te.TryNumber != j.run.Try || te.Status.Finished() || te.Status == storage.TaskRetrying {
			return nil
		}
		var ev state.TaskEvent = state.Lost{Try: te.TryNumber, Time: s.now}
		if o := rec.Outcome; o != nil {
			ev = state.Exited{Try: te.TryNumber, Code: o.ExitCode, Time: o.Ended}
		}
		lost = rec.Outcome == nil
		return s.runEvent(x, te, ev)
	})
	if err != nil && !ignorable(err) && ctx.Err() == nil {
		e.log.Error("apply the end of a supervisor", "run", j.run.Key(), "err", err)
		return
	}
	if lost && err == nil {
		why := lostReason(rec, rerr)
		e.log.Warn("task try lost", "run", j.run.Key(), "try", j.run.Try, "why", why)
		e.appendLog(e.LogPath(j.wf.Name, j.run.Execution, j.run.Task, j.run.Seq),
			fmt.Sprintf("aiflow: %s try %d was lost: %s\n", j.run.Key(), j.run.Try, why))
	}
}

// lostReason says why a try whose supervisor ended recorded no outcome.
func lostReason(rec supervisor.Record, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "its supervisor's file is gone (was the run's folder removed?), so how the task ended is unknown"
	case err != nil:
		return fmt.Sprintf("its supervisor's file cannot be read (%v)", err)
	case rec.State == nil:
		return "its supervisor ended before it started the task"
	case rec.State.Phase == supervisor.Starting:
		return "its supervisor died while starting the task; it is not started again, in case it did start"
	}
	return "its supervisor died before it recorded how the task ended; what was left of the task was killed"
}
