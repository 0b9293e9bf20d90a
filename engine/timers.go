package engine

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

type timerKind int

const (
	timeoutTimer  timerKind = iota // TimedOut for run.Try
	retryTimer                     // RetryDue for run.Try
	periodicTimer                  // PeriodicFired for run.Task
)

// timer is one armed timer. Timers are not stored: recovery derives them
// from the runs and executions that need them.
type timer struct {
	kind timerKind
	run  state.Run // Execution and Task; Seq and Try for run timers
	at   time.Time
	// expr and anchor re-arm a periodic timer.
	expr   ir.Expression
	anchor time.Time

	index int
}

type timerKey struct {
	kind      timerKind
	execution int64
	task      string
}

func (t *timer) key() timerKey { return timerKey{t.kind, t.run.Execution, t.run.Task} }

// timers is a heap of timers, at most one per kind and task of an
// execution: a new one replaces the old.
type timers struct {
	e     *Engine
	mu    sync.Mutex
	h     timerHeap
	byKey map[timerKey]*timer
	wake  chan struct{}
}

func newTimers(e *Engine) *timers {
	return &timers{e: e, byKey: map[timerKey]*timer{}, wake: make(chan struct{}, 1)}
}

func (ts *timers) add(t timer) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if old, ok := ts.byKey[t.key()]; ok {
		heap.Remove(&ts.h, old.index)
	}
	nt := &t
	heap.Push(&ts.h, nt)
	ts.byKey[t.key()] = nt
	select {
	case ts.wake <- struct{}{}:
	default:
	}
}

func (ts *timers) remove(t timer) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if old, ok := ts.byKey[t.key()]; ok {
		heap.Remove(&ts.h, old.index)
		delete(ts.byKey, t.key())
	}
}

// due pops the timers due at now, and returns the time of the next one.
func (ts *timers) due(now time.Time) ([]timer, time.Time) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	var out []timer
	for len(ts.h) > 0 && !ts.h[0].at.After(now) {
		t := heap.Pop(&ts.h).(*timer)
		delete(ts.byKey, t.key())
		out = append(out, *t)
	}
	if len(ts.h) == 0 {
		return out, time.Time{}
	}
	return out, ts.h[0].at
}

func (ts *timers) loop(ctx context.Context) {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		fire, next := ts.due(ts.e.now())
		for _, f := range fire {
			if err := ts.e.fire(ctx, f); err != nil && ctx.Err() == nil {
				// Nothing else would fire it again: try once more soon.
				ts.e.log.Error("timer", "execution", f.run.Execution, "task", f.run.Task, "err", err)
				f.at = ts.e.now().Add(time.Second)
				ts.add(f)
			}
		}
		if len(fire) > 0 {
			continue
		}
		wait := time.Hour
		if !next.IsZero() {
			wait = max(next.Sub(ts.e.now()), 0)
		}
		t.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-ts.wake:
		case <-t.C:
		}
	}
}

// fire applies a timer in a step. Timers of runs or executions that moved
// on change nothing.
func (e *Engine) fire(ctx context.Context, t timer) error {
	err := e.update(ctx, func(s *step) error {
		x, err := s.load(t.run.Execution)
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if x.row.Status != storage.ExecutionRunning {
			return nil
		}
		switch t.kind {
		case timeoutTimer:
			if err := s.taskEvent(x, t.run.Task, t.run.Seq, state.TimedOut{Try: t.run.Try, Time: s.now}); err != nil {
				return err
			}
			// The try's own report comes after the kill and is refused: the
			// log says why it ended.
			limit := x.x.Plan.Spec(t.run.Task).Timeout
			path := e.LogPath(x.wf().Name, x.row.ID, t.run.Task, t.run.Seq)
			s.after = append(s.after, func() {
				e.appendLog(path, fmt.Sprintf("aiflow: %s try %d timed out after %v; stopping it\n", t.run.Key(), t.run.Try, limit))
			})
			return nil
		case retryTimer:
			if r := x.x.Latest[t.run.Task]; r.Seq != t.run.Seq || r.Try != t.run.Try {
				return nil
			}
			// A try that timed out or was lost may still be dying (its
			// grace period): the next one must not share its folder and log
			// with it, nor its slot.
			if e.run.busy(x.wf().Name, t.run) {
				again := t
				again.at = s.now.Add(100 * time.Millisecond)
				s.after = append(s.after, func() { e.timers.add(again) })
				return nil
			}
			return s.taskEvent(x, t.run.Task, t.run.Seq, state.RetryDue{Time: s.now})
		case periodicTimer:
			if err := s.execEvent(x, state.PeriodicFired{Task: t.run.Task, Time: s.now}); err != nil {
				return err
			}
			next := t
			next.at = t.expr.NextAfter(t.anchor, s.now)
			if !next.at.IsZero() {
				s.after = append(s.after, func() { e.timers.add(next) })
			}
		}
		return nil
	})
	if ignorable(err) {
		return nil
	}
	return err
}

// armPeriodic arms the timer of periodic task of execution id, on the grid
// of anchor (the execution's begin time) for interval expressions.
func (e *Engine) armPeriodic(id int64, task, expression string, anchor time.Time) {
	expr, err := ir.ParseExpression(expression)
	if err != nil {
		e.log.Error("bad periodic expression", "execution", id, "task", task, "err", err)
		return
	}
	at := expr.NextAfter(anchor, e.now())
	if at.IsZero() {
		return
	}
	e.timers.add(timer{kind: periodicTimer, run: state.Run{Execution: id, Task: task}, at: at, expr: expr, anchor: anchor})
}

// timerHeap orders timers by time.
type timerHeap []*timer

func (h timerHeap) Len() int           { return len(h) }
func (h timerHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *timerHeap) Push(x any) {
	t := x.(*timer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}
