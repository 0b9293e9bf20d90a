package pyhost

import (
	"errors"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"

	"github.com/go-python/gpython/py"
)

// Limits bound one CallLimited call, on top of the session's options.
type Limits struct {
	// MaxSteps is the call's step budget; 0 means Options.MaxSteps.
	MaxSteps int64
	// Timeout ends the call with a TimeoutError after this wall time; 0
	// means no limit.
	Timeout time.Duration
	// MaxMemory ends the call with a HeapLimitError when the Go heap grew
	// by more than this many bytes while it ran; 0 means no watch. The
	// heap is the process's, so allocations of other goroutines count
	// too; garbage does not (a suspicious growth is confirmed after a
	// collection).
	MaxMemory int64
	// Done interrupts the call when closed, as Options.Done does (for
	// example a context.Context's Done()).
	Done <-chan struct{}
}

// Why a watched call was stopped.
const (
	stopNone int32 = iota
	stopDone
	stopTimeout
	stopMemory
)

// doneEvery is how many instructions a watched call runs between two
// looks at its done channel: a loop that allocates 10 MB every 8
// instructions is stopped within about 80 MB of the memory limit, and
// the look costs a few nanoseconds.
const doneEvery = 64

// watchEvery is how often the heap of a watched call is measured;
// reading runtime/metrics costs under a microsecond.
const watchEvery = time.Millisecond

// heapMetric is the bytes of heap objects, live or not yet swept.
const heapMetric = "/memory/classes/heap/objects:bytes"

// CallLimited is Call with limits of its own: a step budget, a wall-time
// limit and a watch on the heap, polled by the interpreter often enough
// to stop a runaway allocation promptly. A call stopped by Timeout or
// MaxMemory returns a TimeoutError or a HeapLimitError, one stopped by
// Done or Options.Done a BudgetError with Interrupted set.
func (s *Session) CallLimited(lim Limits, fn py.Object, args py.Tuple, kwargs py.StringDict) (res py.Object, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, &InternalError{Message: "session is closed"}
	}
	steps := lim.MaxSteps
	if steps == 0 {
		steps = s.opts.MaxSteps
	}
	w := startWatch(lim, s.opts.Done)
	defer w.stop()
	defer s.recoverInto(&err)
	s.ctx.startLimitedBudget(steps, w.done)
	res, err = py.Call(fn, args, kwargs)
	err = s.finish(err)
	var be *BudgetError
	if !errors.As(err, &be) {
		return res, err
	}
	be.Steps = steps
	switch w.cause.Load() {
	case stopDone:
		be.Interrupted = true
	case stopTimeout:
		return nil, &TimeoutError{Timeout: lim.Timeout, Traceback: be.Traceback}
	case stopMemory:
		return nil, &HeapLimitError{Limit: lim.MaxMemory, Growth: w.growth.Load(), Traceback: be.Traceback}
	}
	return nil, be
}

// watch stops a call, through the done channel its budget polls, when a
// limit is reached.
type watch struct {
	done   chan struct{} // closed to stop the call; nil when nothing is watched
	quit   chan struct{} // closed when the call returned
	cause  atomic.Int32  // stop*, set before done is closed
	growth atomic.Int64  // heap growth when stopped for memory
}

// startWatch starts the goroutine that watches lim and sessionDone; it
// starts none when there is nothing to watch.
func startWatch(lim Limits, sessionDone <-chan struct{}) *watch {
	w := &watch{}
	if lim.Timeout <= 0 && lim.MaxMemory <= 0 && lim.Done == nil && sessionDone == nil {
		return w
	}
	w.done = make(chan struct{})
	w.quit = make(chan struct{})
	var h *heapWatch
	if lim.MaxMemory > 0 {
		h = newHeapWatch(lim.MaxMemory) // the base is read before the call starts
	}
	go w.run(lim, sessionDone, h)
	return w
}

// run waits for the first limit reached, or for the call to return.
func (w *watch) run(lim Limits, sessionDone <-chan struct{}, h *heapWatch) {
	var deadline, tick <-chan time.Time
	if lim.Timeout > 0 {
		t := time.NewTimer(lim.Timeout)
		defer t.Stop()
		deadline = t.C
	}
	if h != nil {
		t := time.NewTicker(watchEvery)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-w.quit:
			return
		case <-lim.Done:
			w.fire(stopDone)
			return
		case <-sessionDone:
			w.fire(stopDone)
			return
		case <-deadline:
			w.fire(stopTimeout)
			return
		case <-tick:
			if g, over := h.over(); over {
				w.growth.Store(g)
				w.fire(stopMemory)
				return
			}
		}
	}
}

func (w *watch) fire(cause int32) {
	w.cause.Store(cause)
	close(w.done)
}

// stop ends the watch once the call returned.
func (w *watch) stop() {
	if w.quit != nil {
		close(w.quit)
	}
}

// heapWatch measures how much the heap grew since a call started.
type heapWatch struct {
	limit  int64
	base   int64 // the lowest reading so far: garbage collected during the call does not count against it
	sample []metrics.Sample
}

func newHeapWatch(limit int64) *heapWatch {
	h := &heapWatch{limit: limit, sample: []metrics.Sample{{Name: heapMetric}}}
	h.base = h.read()
	return h
}

func (h *heapWatch) read() int64 {
	metrics.Read(h.sample)
	if h.sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(h.sample[0].Value.Uint64())
}

// over reports the growth and whether it is over the limit. A reading
// over the limit may be garbage, so it is confirmed after a collection.
func (h *heapWatch) over() (int64, bool) {
	cur := h.read()
	h.base = min(h.base, cur)
	if cur-h.base <= h.limit {
		return cur - h.base, false
	}
	runtime.GC()
	cur = h.read()
	h.base = min(h.base, cur)
	return cur - h.base, cur-h.base > h.limit
}
