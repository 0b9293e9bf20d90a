package engine

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

// dispatchBatch is how many events a step reads from the log at a time.
const dispatchBatch = 500

// drain applies the events after the engine's cursor and advances it.
// Every step drains first, so that no step acts on a state that misses an
// earlier event: a task's exit report, say, is applied after the event the
// task sent just before it exited, not before (and the execution does not
// finish without it).
//
// An event whose routing fails twice in a row is skipped, logged: it would
// otherwise fail every step after it.
func (s *step) drain() error {
	for {
		evs, logged, err := s.next()
		if err != nil || len(evs) == 0 {
			return err
		}
		for _, ev := range evs {
			if p := s.e.poison; p.offset == ev.Offset && p.failures >= 2 {
				s.e.log.Error("event skipped: applying it failed twice", "offset", ev.Offset, "key", ev.Key, "err", p.err)
				continue
			}
			if err := s.route(ev); err != nil {
				if s.e.poison.offset != ev.Offset {
					s.e.poison = poison{offset: ev.Offset}
				}
				s.e.poison.failures++
				s.e.poison.err = err
				return fmt.Errorf("event %d (%s): %w", ev.Offset, ev.Key, err)
			}
		}
		s.cursor = evs[len(evs)-1].Offset
		if err := s.tx.SetEngineOffset(s.ctx, s.cursor); err != nil {
			return err
		}
		if logged && len(evs) < dispatchBatch {
			return nil
		}
	}
}

// next returns the next events after the cursor: from memory while they
// are those this step published (the log holds nothing else after the
// cursor then: a step's transaction is the log's only writer while it
// lasts, and events appended before it came are announced by Notify), else
// from the log (logged).
func (s *step) next() (evs []storage.Event, logged bool, err error) {
	if n := len(s.published); n > 0 {
		i, _ := slices.BinarySearchFunc(s.published, s.cursor+1, func(ev storage.Event, o int64) int { return cmp.Compare(ev.Offset, o) })
		switch {
		case i == n && s.published[n-1].Offset == s.cursor:
			return nil, false, nil // all routed
		case i < n && s.published[i].Offset == s.cursor+1:
			return s.published[i:min(n, i+dispatchBatch)], false, nil
		}
	}
	evs, err = s.tx.ListEvents(s.ctx, storage.EventFilter{Page: storage.Page{After: s.cursor, Limit: dispatchBatch}})
	return evs, true, err
}

// poison is an event whose routing failed.
type poison struct {
	offset   int64
	failures int
	err      error
}

// route applies one event of the log (§2.2) to the executions it reaches,
// then to the workflow triggers of its namespace, so that an execution a
// trigger starts never sees the event that started it.
func (s *step) route(ev storage.Event) error {
	if strings.HasPrefix(ev.Key, api.ReservedKeyPrefix) {
		return nil
	}
	// The engine's own task-status events were evaluated against their
	// execution when they were published.
	if ev.Sender != Sender || !strings.HasPrefix(ev.Key, api.TaskStatusKeyPrefix) {
		if err := s.reach(ev); err != nil {
			return err
		}
	}
	return s.trigger(ev)
}

// reach applies ev to the execution its context names, or to every alive
// execution of its namespace that has a rule on its key.
func (s *step) reach(ev storage.Event) error {
	sev := eventOf(ev)
	if id := sev.ExecutionID(); id != 0 {
		if _, ok := s.e.live[id]; !ok {
			return nil
		}
		return s.react(id, sev)
	}
	for id, x := range s.e.live {
		if x.wf().Namespace == ev.Namespace && x.x.Plan.Listens(ev.Key) {
			if err := s.react(id, sev); err != nil {
				return err
			}
		}
	}
	return nil
}

// react evaluates ev for execution id and settles it. A refused transition
// is logged: one execution's surprise must not hold up the others.
func (s *step) react(id int64, ev state.Event) error {
	x, err := s.load(id)
	if err != nil {
		return err
	}
	err = s.evaluate(x, ev)
	if err == nil {
		err = s.settle(x)
	}
	if ignorable(err) {
		s.e.log.Warn("event ignored", "execution", id, "key", ev.Key, "err", err)
		return nil
	}
	return err
}

// schedulePoll is how often the engine reads the schedules about to fire;
// it then sleeps until the first is due exactly, so a fire is late by a
// timer's accuracy, not by the polling period.
const schedulePoll = 250 * time.Millisecond

// prepareAhead is how long before schedules fire the engine prepares for
// them (prepare).
const prepareAhead = 2 * time.Second

// schedules starts the executions of due workflow schedules until ctx is
// done.
func (e *Engine) schedules(ctx context.Context) {
	t := time.NewTimer(0)
	defer t.Stop()
	prepared := map[int64]time.Time{} // schedule id: the fire prepared for
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := e.now()
		soon, err := e.store.DueSchedules(ctx, now.Add(prepareAhead))
		if err != nil && ctx.Err() == nil {
			e.log.Error("read due schedules", "err", err)
		}
		due := 0
		for due < len(soon) && !soon[due].NextFireTime.After(now) {
			due++
		}
		if due > 0 {
			if err := e.fireSchedules(ctx, soon[:due]); err != nil && ctx.Err() == nil {
				e.log.Error("fire schedules", "err", err)
			}
		}
		e.prepare(ctx, soon[due:], prepared)
		wait := schedulePoll
		if due < len(soon) {
			// Those fired are gone; the next is due exactly then.
			wait = min(wait, soon[due].NextFireTime.Sub(e.now()))
		}
		t.Reset(max(wait, 0))
	}
}

// prepare gets ready for the schedules about to fire that it has not
// prepared for yet: it builds the plans of their workflows' snapshots and
// starts a supervisor per schedule, so that their executions' first tasks
// start within milliseconds of the fire, not after the supervisors and
// plans a burst of them needs. prepared holds the fires prepared for.
func (e *Engine) prepare(ctx context.Context, soon []storage.Schedule, prepared map[int64]time.Time) {
	var fresh []storage.Schedule
	for _, sc := range soon {
		if !prepared[sc.ID].Equal(sc.NextFireTime) {
			fresh = append(fresh, sc)
			prepared[sc.ID] = sc.NextFireTime
		}
	}
	for id, at := range prepared {
		if at.Before(e.now().Add(-time.Minute)) {
			delete(prepared, id)
		}
	}
	if len(fresh) == 0 {
		return
	}
	e.run.pool.Reserve(min(len(soon), e.o.Parallelism))
	err := e.store.View(ctx, func(tx storage.Tx) error {
		for _, sc := range fresh {
			w, err := tx.GetWorkflowByID(ctx, sc.WorkflowID)
			if err != nil || w.LatestSnapshotID == 0 {
				continue // the fire itself will say
			}
			if _, err := e.plan(ctx, tx, w.LatestSnapshotID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && ctx.Err() == nil {
		e.log.Warn("prepare for schedules about to fire", "err", err)
	}
}

// fireSchedules starts one PERIODIC execution per due schedule of an
// enabled workflow and moves each schedule to its next fire time. Missed
// fires while the server was down run once (decisions.md Fix 9).
func (e *Engine) fireSchedules(ctx context.Context, due []storage.Schedule) error {
	return e.update(ctx, func(s *step) error {
		for _, sc := range due {
			sc, err := s.tx.GetSchedule(ctx, sc.ID)
			if errors.Is(err, storage.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if sc.Paused || sc.NextFireTime.IsZero() || sc.NextFireTime.After(s.now) {
				continue
			}
			w, err := s.tx.GetWorkflowByID(ctx, sc.WorkflowID)
			if err != nil {
				return err
			}
			expr, err := ir.ParseExpression(sc.Expression)
			if err != nil {
				// Uploads validate expressions; a bad one is parked.
				e.log.Error("bad schedule expression", "workflow", w.Name, "expression", sc.Expression, "err", err)
				sc.NextFireTime = time.Time{}
			} else {
				sc.LastFireTime = s.now
				sc.NextFireTime = expr.NextAfter(sc.CreateTime, s.now)
			}
			if err := s.tx.UpdateSchedule(ctx, sc); err != nil {
				return err
			}
			if !w.Enabled {
				continue
			}
			if _, err := s.create(w, storage.RunPeriodic, nil); err != nil {
				return err
			}
		}
		return nil
	})
}
