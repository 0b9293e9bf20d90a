package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/operator"
	"github.com/aiflow-go/aiflow/storage"
)

// Options configure an Engine.
type Options struct {
	// Server is the API address (host:port) that supervisors report to and
	// task code talks to (AIFLOW_SERVER); Token goes with it.
	Server string
	Token  string
	// WorkingDir holds the snapshots, working folders and supervisor files
	// of executions; LogDir the task logs.
	WorkingDir string
	LogDir     string
	// Parallelism is how many task runs may run at once; more wait QUEUED.
	Parallelism int
	// Python is the CPython that runs Python tasks ("python3" on PATH when
	// empty).
	Python string
	// PythonShim is the ai_flow package tasks import (pydef.ShimFS; the
	// definitions and the tasks see the same Python surface).
	PythonShim fs.FS
	// Executable is the aiflow binary that runs supervisors (`aiflow
	// taskmanager run`); the running binary when empty.
	Executable string
	// Grace is the wait between SIGTERM and SIGKILL when a run is stopped.
	Grace time.Duration
	// Environ is the base environment of task processes; os.Environ() when
	// nil. Parameter variables in it are dropped (operator.WithoutParams).
	Environ []string
	// Conditions evaluates custom Python conditions; without it their
	// evaluations fail (and count as not met).
	Conditions Conditions
	// Log receives the engine's messages; nil discards them.
	Log *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Conditions runs the custom Python conditions of snapshots in an
// embedded interpreter (the server adapts pydef's). The engine calls it
// from its steps only, one at a time.
type Conditions interface {
	// Bind returns the evaluator of snapshot id's conditions; load reads
	// the snapshot when its interpreter is not cached.
	Bind(id int64, load func() (storage.Snapshot, error)) state.Python
	// Keep drops the interpreters of the snapshots not in ids.
	Keep(ids []int64)
}

// DefaultParallelism is Options.Parallelism when it is zero: the default
// of task_parallelism in aiflow_server.yaml.
const DefaultParallelism = 10

// DefaultGrace is the stop grace period when Options.Grace is zero.
const DefaultGrace = 10 * time.Second

// Sender is the sender of the events the engine publishes.
const Sender = "aiflow_scheduler"

// Errors of the engine's commands; the server maps them to HTTP statuses.
var (
	// ErrDisabled refuses a manual start of a disabled workflow
	// (decisions.md Fix 7).
	ErrDisabled = errors.New("workflow is disabled")
	// ErrRejected means a report or command came for a run in a state
	// that does not accept it (a late report of a try given up).
	ErrRejected = errors.New("rejected")
	// ErrForbidden refuses a report that does not carry its try's secret:
	// it does not come from the try's supervisor.
	ErrForbidden = errors.New("forbidden")
)

// Engine schedules executions over a store. Every change is one step: a
// storage transaction that applies events to the machines of engine/state
// and persists the new states, the events they publish and the event
// cursor together; only after the commit are the process-level effects
// (start, kill, timers) performed. Steps are serialized: SQLite has one
// writer anyway, a step costs microseconds plus one commit, and a step
// takes a whole batch of events, so executions progress together while
// their processes run in parallel.
type Engine struct {
	store storage.Store
	o     Options
	log   *slog.Logger
	now   func() time.Time

	mu sync.Mutex // serializes steps; guards live
	// plans are the snapshots' plans, shared by steps and Inspect.
	plansMu sync.Mutex
	plans   map[int64]*state.Plan
	live    map[int64]*execState // every alive execution, once recovered
	// stale are alive executions dropped from live by a failed step, to be
	// loaded again by the next one.
	stale  map[int64]bool
	poison poison // the last event that failed to apply
	// cursor is the committed offset of the last event steps applied; the
	// engine is the cursor's only writer, so it need not be read back.
	cursor int64
	// unread says that events may have been appended after cursor by
	// others than the engine (the API), so the next step must read the
	// log; the engine's own events are routed by the step that appends
	// them.
	unread atomic.Bool
	// recovered is set once recover has loaded the alive executions:
	// steps drain the event log only from then on, or events would find
	// no execution to reach.
	recovered bool
	// triggers indexes workflow triggers by namespace; nil until built,
	// and again after TriggersChanged.
	triggers map[string][]*trigger

	// subs are called whenever events are appended (Subscribe).
	subsMu sync.Mutex
	subs   []func()

	run     *runner
	reports reports
	timers  *timers
	wake    chan struct{}
}

// New returns an engine over store. Run starts it.
func New(store storage.Store, o Options) *Engine {
	if o.Grace == 0 {
		o.Grace = DefaultGrace
	}
	if o.Parallelism <= 0 {
		o.Parallelism = DefaultParallelism
	}
	if o.Environ == nil {
		o.Environ = os.Environ()
	}
	o.Environ = operator.WithoutParams(o.Environ)
	if o.Executable == "" {
		o.Executable, _ = os.Executable() // empty: supervisors fail to start, saying so
	}
	e := &Engine{
		store: store,
		o:     o,
		log:   o.Log,
		now:   o.Now,
		plans: map[int64]*state.Plan{},
		live:  map[int64]*execState{},
		stale: map[int64]bool{},
		wake:  make(chan struct{}, 1),
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.now == nil {
		e.now = time.Now
	}
	e.run = newRunner(e)
	e.timers = newTimers(e)
	return e
}

// Subscribe has fn called whenever events were appended to the log: after
// a step that appended some commits, and on Notify. The server's event
// listeners wait on it. fn must not block.
func (e *Engine) Subscribe(fn func()) {
	e.subsMu.Lock()
	defer e.subsMu.Unlock()
	e.subs = append(e.subs, fn)
}

// appended calls the subscribers.
func (e *Engine) appended() {
	e.subsMu.Lock()
	subs := e.subs
	e.subsMu.Unlock()
	for _, fn := range subs {
		fn()
	}
}

// Notify tells the engine that events were appended to the log by others
// (the API), and its subscribers too.
func (e *Engine) Notify() {
	e.appended()
	e.unread.Store(true)
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Run recovers the executions a previous server left alive, then
// dispatches events and fires timers and schedules until ctx is done.
// Task processes are not stopped when Run returns: their supervisors keep
// them and their outcomes for the next server.
func (e *Engine) Run(ctx context.Context) error {
	if err := os.MkdirAll(e.o.WorkingDir, 0o700); err != nil {
		return fmt.Errorf("working folder: %w", err)
	}
	e.sweepSnapshots() // executions deleted while no server ran (aiflow db clean)
	if err := e.recover(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("recover executions: %w", err)
	}
	defer e.run.close()
	e.run.pool.Warm()
	var wg sync.WaitGroup
	wg.Go(func() { e.timers.loop(ctx) })
	wg.Go(func() { e.run.watch(ctx) })
	wg.Go(func() { e.schedules(ctx) })
	e.Notify()
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			return nil
		case <-e.wake:
		}
		// Every step drains the event log first; an empty one is all a
		// wake-up needs.
		if err := e.update(ctx, func(*step) error { return nil }); err != nil && ctx.Err() == nil {
			e.log.Error("dispatch events", "err", err)
			time.Sleep(100 * time.Millisecond)
			e.Notify()
		}
	}
}

// execState is the engine's cached view of one alive execution.
type execState struct {
	row storage.Execution
	x   state.Execution
	// rows are the latest runs as stored, by task.
	rows map[string]storage.TaskExecution
	// cond is the condition state of its task rules.
	cond *values
	// evals are the rule evaluations of the current step, by rule, stored
	// when it ends; lastErr the last error of each rule, to log changes.
	evals   map[int]*storage.Evaluation
	lastErr map[int]string
	// pending are task-status events published in the current step and
	// not yet evaluated (engine contract, item 4).
	pending []state.Event
}

func (x *execState) wf() *ir.Workflow { return x.x.Plan.Workflow }

// maxPlans bounds the plans kept for snapshots.
const maxPlans = 1024

// plan returns the plan of a snapshot, building it once.
func (e *Engine) plan(ctx context.Context, tx storage.Tx, snapshotID int64) (*state.Plan, error) {
	e.plansMu.Lock()
	p, ok := e.plans[snapshotID]
	e.plansMu.Unlock()
	if ok {
		return p, nil
	}
	sn, err := tx.GetSnapshot(ctx, snapshotID)
	if err != nil {
		return nil, err
	}
	w, err := ir.DecodeWorkflow(sn.IR)
	if err != nil {
		return nil, fmt.Errorf("snapshot %d: %w", snapshotID, err)
	}
	w.Canonicalize()
	p = state.NewPlan(w)
	if p.HasPython() {
		p.Python = e.python(snapshotID)
	}
	// Executions keep their plan; the map only spares decoding a snapshot
	// again, so it is simply emptied when it gets large.
	e.plansMu.Lock()
	defer e.plansMu.Unlock()
	if len(e.plans) >= maxPlans {
		clear(e.plans)
	}
	e.plans[snapshotID] = p
	return p, nil
}

// Paths of a run. The layout follows AIFlow's: working_dir/<workflow>/<execution>/
// holds the execution's snapshot folder and one working folder per task
// run; logs go to log_dir/<workflow>/<execution>/<task>/<seq>.log.

func (e *Engine) execDir(wf string, exec int64) string {
	return filepath.Join(e.o.WorkingDir, wf, strconv.FormatInt(exec, 10))
}

// LogPath returns the log file of run seq of task in execution exec of
// workflow wf.
func (e *Engine) LogPath(wf string, exec int64, task string, seq int) string {
	return filepath.Join(e.logDir(wf, exec), task, strconv.Itoa(seq)+".log")
}

func (e *Engine) logDir(wf string, exec int64) string {
	return filepath.Join(e.o.LogDir, wf, strconv.FormatInt(exec, 10))
}

// supervisorLog is the supervisors' own log (their stderr).
func (e *Engine) supervisorLog() string { return filepath.Join(e.o.WorkingDir, "supervisors.log") }

// specPath returns the supervisor spec file of one try.
func (e *Engine) specPath(wf string, r state.Run) string {
	return filepath.Join(e.execDir(wf, r.Execution), ".runs", r.Task+"_"+strconv.Itoa(r.Seq)+"_"+strconv.Itoa(r.Try)+".json")
}

// python returns the evaluator of the custom Python conditions of a
// snapshot, or nil without Options.Conditions.
func (e *Engine) python(snapshotID int64) state.Python {
	if e.o.Conditions == nil {
		return nil
	}
	return e.o.Conditions.Bind(snapshotID, func() (storage.Snapshot, error) {
		return e.store.GetSnapshot(context.Background(), snapshotID)
	})
}

// keepInterpreters lets the condition interpreters of snapshots that no
// alive execution and no trigger uses go.
func (e *Engine) keepInterpreters() {
	if e.o.Conditions == nil {
		return
	}
	var ids []int64
	for _, x := range e.live {
		if x.x.Plan.HasPython() {
			ids = append(ids, x.row.SnapshotID)
		}
	}
	for _, trs := range e.triggers {
		for _, tr := range trs {
			if tr.t.HasPython() {
				ids = append(ids, tr.wf.LatestSnapshotID)
			}
		}
	}
	e.o.Conditions.Keep(ids)
}
