package pydef

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/pydef/pyhost"
)

// DefaultConditionSteps is the step budget of one evaluation when
// ConditionOptions.MaxSteps is 0. It ends `while True: pass` in about
// 50 ms on a 2-core machine; the AIFlow sample's NumCondition takes 250
// steps.
const DefaultConditionSteps = 7_500_000

// DefaultConditionTimeout is the wall-time limit of one evaluation when
// ConditionOptions.Timeout is 0.
const DefaultConditionTimeout = 250 * time.Millisecond

const (
	defaultConditionMemory    = 256 << 20
	defaultConditionSnapshots = 16
)

// Kinds of ConditionError.
const (
	CondException = "exception" // the constructor or is_met raised
	CondBudget    = "budget"    // the step budget ran out
	CondTimeout   = "timeout"   // the wall-time limit passed
	CondMemory    = "memory"    // the heap grew too much, or MemoryError
	CondResult    = "result"    // is_met returned something else than a bool
	CondState     = "state"     // a state value cannot be stored or read back
	CondSandbox   = "sandbox"   // a file outside the snapshot, a process, a socket, a task-only library
	CondLoad      = "load"      // the snapshot, its definition or the class could not be loaded
	CondInternal  = "internal"  // the interpreter failed
)

// ConditionOptions configure Conditions.
type ConditionOptions struct {
	// Dir is the cache folder snapshots are extracted to; NewConditions
	// creates it and removes what it holds.
	Dir string
	// MaxSteps is the step budget of one evaluation; 0 means
	// DefaultConditionSteps.
	MaxSteps int64
	// Timeout is the wall-time limit of one evaluation; 0 means
	// DefaultConditionTimeout.
	Timeout time.Duration
	// MaxMemory is how much the heap may grow during one evaluation; 0
	// means 256 MiB.
	MaxMemory int64
	// MaxSnapshots is how many snapshot interpreters are kept, least
	// recently used dropped first; 0 means 16.
	MaxSnapshots int
	// Log receives the interpreters' life cycle and the conditions'
	// print output (at debug level); nil discards them.
	Log *slog.Logger
}

// Snapshot is what a snapshot's conditions need: its definition and the
// files uploaded with it.
type Snapshot struct {
	ID         int64
	SourceName string         // the definition file's base name
	Source     []byte         // its content
	Files      []SnapshotFile // artifacts
}

// SnapshotFile is an artifact of a snapshot.
type SnapshotFile struct {
	Path string // slash path relative to the definition's folder
	Data []byte
}

// ConditionEvent is the event a condition is asked about.
type ConditionEvent struct {
	Key, Value, Namespace, Sender string
	Context                       string // JSON, as AIFlow sends it; "" gives None
	Offset                        int64
	Time                          time.Time // create_time; the zero time gives None
}

// StateAccess reads and writes the durable state of one execution (a task
// rule) or one workflow (a trigger), as JSON.
type StateAccess interface {
	Get(name string) (json.RawMessage, bool)
	Put(name string, v json.RawMessage)
	Clear(name string)
}

// ConditionCall is one evaluation of a custom condition.
type ConditionCall struct {
	Condition           *ir.Condition // a CustomCondition node of the snapshot's IR
	Event               ConditionEvent
	Namespace, Workflow string
	// ExecutionID 0 evaluates a workflow trigger (AIFlow's
	// WorkflowContext), else a task rule of that execution.
	WorkflowID, ExecutionID int64
	// TaskStatus returns the status of a task's latest run in the
	// execution; nil for a trigger.
	TaskStatus func(task string) (status string, ok bool)
	// State holds the condition's value states; writes reach it only
	// when is_met returned a bool.
	State StateAccess
}

// ConditionError is a custom condition that could not be evaluated.
type ConditionError struct {
	Kind    string // one of the Cond* kinds
	Message string
	// Traceback lists the frames of the user's files, outermost first, as
	// "file.py:52 in is_met", paths relative to the snapshot.
	Traceback []string
}

// Error gives the innermost user frame, if any, and the message.
func (e *ConditionError) Error() string {
	if n := len(e.Traceback); n > 0 {
		return e.Traceback[n-1] + ": " + e.Message
	}
	return e.Message
}

// Conditions evaluates the custom Python conditions of snapshots for the
// engine. Each snapshot gets a sandboxed interpreter of its own, kept
// between evaluations (the MaxSnapshots most recently used): its files are
// extracted under Dir, its definition runs once, as a load does, and the
// modules of its condition classes are imported on first use. Every
// evaluation builds a fresh instance of the class, so only ValueState
// (JSON in the engine's store, see stateCodec) outlives it, and runs under
// its own limits (pyhost.CallLimited); after a budget, timeout, memory or
// internal error the interpreter is thrown away, since its module globals
// may hold anything, and the next evaluation builds another.
//
// It is safe for concurrent use; the evaluations of one snapshot are
// serialised.
type Conditions struct {
	opts ConditionOptions
	lim  pyhost.Limits
	shim map[string]*pyhost.Module
	log  *slog.Logger

	dirMu sync.Mutex // serialises extracting and removing snapshot folders

	mu      sync.Mutex
	entries map[int64]*condEntry
	clock   uint64 // counts IsMet calls, for least-recently-used eviction
	closed  bool
}

// condEntry is one snapshot's interpreter slot.
type condEntry struct {
	id   int64
	used uint64 // Conditions.clock at the last use, under Conditions.mu

	mu   sync.Mutex // serialises the snapshot's evaluations
	in   *interp    // nil until built, and after it was dropped
	gone bool       // removed from Conditions; a new entry replaces it
}

// NewConditions prepares an evaluator; it creates o.Dir and empties it.
func NewConditions(o ConditionOptions) (*Conditions, error) {
	if o.Dir == "" {
		return nil, errors.New("conditions: no cache folder")
	}
	mods, err := loadShim()
	if err != nil {
		return nil, fmt.Errorf("read the ai_flow shim: %w", err)
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("conditions cache: %w", err)
	}
	old, err := os.ReadDir(o.Dir)
	if err != nil {
		return nil, fmt.Errorf("conditions cache: %w", err)
	}
	for _, e := range old {
		if err := os.RemoveAll(filepath.Join(o.Dir, e.Name())); err != nil {
			return nil, fmt.Errorf("conditions cache: %w", err)
		}
	}
	o.MaxSteps = orDefault(o.MaxSteps, DefaultConditionSteps)
	o.Timeout = orDefault(o.Timeout, DefaultConditionTimeout)
	o.MaxMemory = orDefault(o.MaxMemory, defaultConditionMemory)
	o.MaxSnapshots = orDefault(o.MaxSnapshots, defaultConditionSnapshots)
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Conditions{
		opts:    o,
		lim:     pyhost.Limits{MaxSteps: o.MaxSteps, Timeout: o.Timeout, MaxMemory: o.MaxMemory},
		shim:    mods,
		log:     log,
		entries: map[int64]*condEntry{},
	}, nil
}

// orDefault is v, or def when v is not positive.
func orDefault[T int | int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// IsMet evaluates call.Condition, a custom condition of snapshot id: a
// fresh instance of its class is asked is_met(event, context). load is
// called only when the snapshot's interpreter is not cached. A failed
// evaluation returns a *ConditionError and changes no state; a cancelled
// ctx stops the evaluation and returns an error wrapping
// context.Cause(ctx).
func (cs *Conditions) IsMet(ctx context.Context, id int64, load func() (Snapshot, error), call ConditionCall) (bool, error) {
	if c := call.Condition; c == nil || c.Kind != ir.CustomCondition {
		return false, errors.New("conditions: IsMet needs a custom condition")
	}
	if call.State == nil {
		return false, errors.New("conditions: IsMet needs state access")
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	for {
		e, err := cs.use(id)
		if err != nil {
			return false, err
		}
		e.mu.Lock()
		if e.gone {
			// Dropped between use and Lock; take the new entry.
			e.mu.Unlock()
			continue
		}
		met, err := cs.eval(ctx, e, load, call)
		e.mu.Unlock()
		return met, err
	}
}

// use returns the entry of snapshot id, making it if needed, and evicts
// the least recently used others beyond MaxSnapshots.
func (cs *Conditions) use(id int64) (*condEntry, error) {
	cs.mu.Lock()
	if cs.closed {
		cs.mu.Unlock()
		return nil, errors.New("conditions: closed")
	}
	cs.clock++
	e := cs.entries[id]
	if e == nil {
		e = &condEntry{id: id}
		cs.entries[id] = e
	}
	e.used = cs.clock
	var victims []*condEntry
	for len(cs.entries) > cs.opts.MaxSnapshots {
		var lru *condEntry
		for _, o := range cs.entries {
			if o != e && (lru == nil || o.used < lru.used) {
				lru = o
			}
		}
		delete(cs.entries, lru.id)
		victims = append(victims, lru)
	}
	cs.mu.Unlock()
	for _, v := range victims {
		cs.drop(v, "evicted")
	}
	return e, nil
}

// drop closes a removed entry's interpreter; it waits for an evaluation
// that runs in it.
func (cs *Conditions) drop(e *condEntry, why string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.gone = true
	if e.in != nil {
		e.in.close()
		e.in = nil
		cs.log.Debug("condition interpreter dropped", "snapshot", e.id, "reason", why)
	}
}

// Keep drops the interpreters and folders of every snapshot not in ids.
func (cs *Conditions) Keep(ids []int64) {
	cs.mu.Lock()
	var victims []*condEntry
	for id, e := range cs.entries {
		if !slices.Contains(ids, id) {
			delete(cs.entries, id)
			victims = append(victims, e)
		}
	}
	cs.mu.Unlock()
	for _, v := range victims {
		cs.drop(v, "not kept")
	}
	cs.dirMu.Lock()
	defer cs.dirMu.Unlock()
	dirs, err := os.ReadDir(cs.opts.Dir)
	if err != nil {
		cs.log.Warn("conditions cache", "err", err)
		return
	}
	cs.mu.Lock()
	live := func(id int64) bool { _, ok := cs.entries[id]; return ok || slices.Contains(ids, id) }
	var remove []string
	for _, d := range dirs {
		if id, err := strconv.ParseInt(d.Name(), 10, 64); err == nil && !live(id) {
			remove = append(remove, d.Name())
		}
	}
	cs.mu.Unlock()
	for _, name := range remove {
		if err := os.RemoveAll(filepath.Join(cs.opts.Dir, name)); err != nil {
			cs.log.Warn("conditions cache", "err", err)
		}
	}
}

// Close drops every interpreter; IsMet fails afterwards.
func (cs *Conditions) Close() {
	cs.mu.Lock()
	cs.closed = true
	entries := cs.entries
	cs.entries = map[int64]*condEntry{}
	cs.mu.Unlock()
	for _, e := range entries {
		cs.drop(e, "closed")
	}
}

// eval runs one evaluation in entry e, building its interpreter first
// when needed. It holds e.mu.
func (cs *Conditions) eval(ctx context.Context, e *condEntry, load func() (Snapshot, error), call ConditionCall) (bool, error) {
	if e.in == nil {
		snap, err := load()
		if err != nil {
			return false, &ConditionError{Kind: CondLoad, Message: fmt.Sprintf("cannot read snapshot %d: %v", e.id, err)}
		}
		in, cerr := cs.newInterp(e.id, snap)
		if cerr != nil {
			return false, cerr
		}
		e.in = in
		cs.log.Debug("condition interpreter built", "snapshot", e.id)
	}
	lim := cs.lim
	lim.Done = ctx.Done()
	met, drop, err := e.in.isMet(call, lim)
	if drop {
		// It may hold anything in its module globals now.
		e.in.close()
		e.in = nil
		cs.log.Debug("condition interpreter dropped", "snapshot", e.id, "reason", err)
	}
	var be *pyhost.BudgetError
	if errors.As(err, &be) && be.Interrupted {
		return false, fmt.Errorf("condition %q: %w", call.Condition.Class, context.Cause(ctx))
	}
	return met, err
}

// extract writes a snapshot's files into Dir/<id>, through a temporary
// folder renamed into place, unless an earlier call did.
func (cs *Conditions) extract(id int64, snap Snapshot) (string, error) {
	cs.dirMu.Lock()
	defer cs.dirMu.Unlock()
	dir := filepath.Join(cs.opts.Dir, strconv.FormatInt(id, 10))
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	if !fs.ValidPath(snap.SourceName) || strings.Contains(snap.SourceName, "/") || snap.SourceName == "." {
		return "", fmt.Errorf("bad definition file name %q", snap.SourceName)
	}
	tmp, err := os.MkdirTemp(cs.opts.Dir, ".extract-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp) // a no-op after the rename
	files := append(slices.Clone(snap.Files), SnapshotFile{Path: snap.SourceName, Data: snap.Source})
	for _, f := range files {
		if !fs.ValidPath(f.Path) || f.Path == "." {
			return "", fmt.Errorf("bad file path %q", f.Path)
		}
		p := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return "", err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		return "", err
	}
	return dir, nil
}
