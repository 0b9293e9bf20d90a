package storage

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"
)

// Sentinel errors. Backends wrap them with the object concerned, for
// example `workflow "default"."etl": not found` (a NotFoundError).
var (
	// ErrNotFound means the addressed object does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a unique name is taken, or a compare-and-swap found
	// another status than the expected one.
	ErrConflict = errors.New("conflict")
	// ErrNotEmpty means a namespace still holds workflows.
	ErrNotEmpty = errors.New("not empty")
	// ErrBusy means an execution is still alive (INIT or RUNNING), so it or
	// its workflow cannot be deleted.
	ErrBusy = errors.New("execution alive")
	// ErrReadOnly means a write method was called inside Store.View.
	ErrReadOnly = errors.New("read-only transaction")
)

// NotFoundError is how backends report an object that does not exist. It
// matches ErrNotFound and names the object, so that a caller (the server)
// can tell users which one is missing whatever call it made.
type NotFoundError struct {
	// What is the object's kind and id or name: `workflow execution 7`,
	// `namespace "ml"`.
	What string
}

func (e *NotFoundError) Error() string { return e.What + ": " + ErrNotFound.Error() }

// Is makes errors.Is(err, ErrNotFound) hold.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// DefaultNamespace is created by the first migration, as in AIFlow.
const DefaultNamespace = "default"

// ExecutionStatus is the status of a workflow execution (AIFlow's
// WorkflowStatus). The string values are stored and printed as they are.
type ExecutionStatus string

// Execution statuses.
const (
	ExecutionInit    ExecutionStatus = "INIT"
	ExecutionRunning ExecutionStatus = "RUNNING"
	ExecutionSuccess ExecutionStatus = "SUCCESS"
	ExecutionFailed  ExecutionStatus = "FAILED"
	ExecutionStopped ExecutionStatus = "STOPPED"
)

// Alive reports whether the execution can still change on its own.
func (s ExecutionStatus) Alive() bool { return s == ExecutionInit || s == ExecutionRunning }

// Finished reports whether the execution has ended (SUCCESS, FAILED or
// STOPPED). Finished is not final: re-aggregation or a manual task start can
// change it again.
func (s ExecutionStatus) Finished() bool {
	return s == ExecutionSuccess || s == ExecutionFailed || s == ExecutionStopped
}

// TaskStatus is the status of one task execution.
type TaskStatus string

// Task statuses.
const (
	TaskInit     TaskStatus = "INIT"
	TaskQueued   TaskStatus = "QUEUED"
	TaskRunning  TaskStatus = "RUNNING"
	TaskSuccess  TaskStatus = "SUCCESS"
	TaskFailed   TaskStatus = "FAILED"
	TaskStopping TaskStatus = "STOPPING"
	TaskStopped  TaskStatus = "STOPPED"
	TaskRetrying TaskStatus = "RETRYING"
)

// Alive reports whether the task run is waiting, running or about to retry.
// STOPPING is neither alive nor finished, as in AIFlow.
func (s TaskStatus) Alive() bool {
	switch s {
	case TaskInit, TaskQueued, TaskRunning, TaskRetrying:
		return true
	}
	return false
}

// Finished reports whether the task run has ended.
func (s TaskStatus) Finished() bool {
	return s == TaskSuccess || s == TaskFailed || s == TaskStopped
}

// RunType says what started an execution (AIFlow's ExecutionType).
type RunType string

// Run types.
const (
	RunManual   RunType = "MANUAL"
	RunEvent    RunType = "EVENT"
	RunPeriodic RunType = "PERIODIC"
)

// Namespace groups workflows; events are routed within a namespace.
type Namespace struct {
	Name       string
	Properties map[string]string
}

// Workflow is the mutable head of a workflow: its identity, whether it
// reacts to events, and its latest snapshot.
type Workflow struct {
	ID        int64
	Namespace string
	Name      string
	Enabled   bool
	// EventOffset is the offset of the last event whose effects on this
	// workflow were committed, or -1 (§2.6 of the AIFlow reference).
	EventOffset      int64
	LatestSnapshotID int64
	CreateTime       time.Time
	UpdateTime       time.Time
}

// File is an artifact uploaded with a workflow definition.
type File struct {
	Path string // slash-separated, relative to the snapshot root
	Mode uint32 // permission bits
	Data []byte
}

// Snapshot is one immutable upload of a workflow.
type Snapshot struct {
	ID         int64
	WorkflowID int64
	SourceName string // base name of the definition file, e.g. "etl.py"
	Source     []byte
	IR         []byte // canonical IR JSON of this workflow (ir.EncodeJSON)
	Signature  string // Sign of the snapshot; filled in by UploadWorkflow
	Files      []File // sorted by path; filled by GetSnapshot and LatestSnapshot
	CreateTime time.Time
}

// Sign returns the hex SHA-256 of a snapshot's source name, source, IR and
// files (taken in path order, so the order they were given in does not
// matter). Every part is length-prefixed, so different contents never hash
// the same byte stream.
func Sign(s Snapshot) string {
	files := slices.SortedFunc(slices.Values(s.Files), func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	h := sha256.New()
	var n [8]byte
	put := func(b []byte) {
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	put([]byte(s.SourceName))
	put(s.Source)
	put(s.IR)
	for _, f := range files {
		put([]byte(f.Path))
		binary.BigEndian.PutUint64(n[:], uint64(f.Mode))
		h.Write(n[:])
		put(f.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Origin says who made a schedule or trigger. The values are stored and
// shown as they are.
type Origin string

// Origins.
const (
	// OriginDefinition: declared by the workflow's definition; each upload
	// brings these in line with the definition it stores.
	OriginDefinition Origin = "definition"
	// OriginAdded: added by a user through the API; uploads never touch
	// these.
	OriginAdded Origin = "added"
)

// Schedule starts executions of a workflow periodically. Expression is
// `cron@...` or `interval@...`; the engine computes fire times, the store
// only keeps them.
type Schedule struct {
	ID           int64
	WorkflowID   int64
	Expression   string
	Paused       bool
	NextFireTime time.Time // zero while paused or not computed yet
	LastFireTime time.Time
	CreateTime   time.Time
	Origin       Origin // "" is stored as OriginDefinition
}

// Trigger starts an execution of a workflow when its condition is met by an
// event.
type Trigger struct {
	ID         int64
	WorkflowID int64
	Condition  []byte // JSON of the trigger's rule
	// EventNamespace is the namespace whose events the trigger sees; ""
	// means its workflow's.
	EventNamespace string
	Paused         bool
	CreateTime     time.Time
	Origin         Origin // "" is stored as OriginDefinition
}

// Execution is one run of a workflow, bound to the snapshot it started from.
type Execution struct {
	ID          int64
	WorkflowID  int64
	SnapshotID  int64
	Status      ExecutionStatus
	RunType     RunType
	BeginTime   time.Time
	EndTime     time.Time
	EventOffset int64 // last event applied to this execution, or -1
	// Params are the execution's parameters by name, given when it was
	// started; nil when it has none. They never change.
	Params map[string]string
}

// TaskExecution is one run (one sequence number) of a task in an execution.
type TaskExecution struct {
	ID             int64
	ExecutionID    int64
	TaskName       string
	SequenceNumber int // 1, 2, ... per (execution, task)
	TryNumber      int // 1 for the first try; retries count up
	Status         TaskStatus
	BeginTime      time.Time
	EndTime        time.Time
	// ExitCode is the process exit code once known, else nil.
	ExitCode *int
}

// Event is a notification: a user event, an internal scheduling event or a
// task-status change. Offsets order all events.
type Event struct {
	Offset    int64
	Key       string
	Value     string
	Context   string // JSON object or ""
	Namespace string
	Sender    string
	// UUID is the client-chosen idempotence id: appending an event whose
	// UUID is stored returns the stored event. Empty means "generate one".
	UUID       string
	CreateTime time.Time
}

// State is the JSON-encoded value of a condition's state. ExecutionID 0
// means workflow scope (trigger conditions); otherwise it belongs to that
// execution (task-rule conditions).
type State struct {
	WorkflowID  int64
	ExecutionID int64
	Name        string
	Value       []byte
}

// Result is the outcome of one evaluation of a condition.
type Result string

// Evaluation results.
const (
	Met    Result = "met"
	NotMet Result = "not met"
	// Failed means a custom or expression condition raised, ran over its
	// limits or returned no bool: the rule counted as not met.
	Failed Result = "error"
)

// Evaluation is the last evaluation of one condition: of a task rule of an
// execution (ExecutionID, and Rule its index in the snapshot's canonical
// rules) or of a workflow trigger (TriggerID). Count is how many
// evaluations there were.
type Evaluation struct {
	ExecutionID int64
	Rule        int
	TriggerID   int64
	Offset      int64 // of the event evaluated
	Key         string
	Result      Result
	Error       string // the error of the evaluation, or of a member of its condition
	Count       int64
	Time        time.Time
}

// Page bounds a list ordered by id: rows with an id (or offset) greater
// than After, at most Limit of them (0 means no limit).
type Page struct {
	After int64
	Limit int
}

// WorkflowFilter selects workflows for ListWorkflows. Zero fields do not
// filter.
type WorkflowFilter struct {
	Namespace string
	Enabled   *bool
	Page
}

// ExecutionFilter selects executions for ListExecutions.
type ExecutionFilter struct {
	WorkflowID int64
	Statuses   []ExecutionStatus
	// EndedBefore, when set, keeps the executions that ended before it
	// (history_retention); those that have not ended are left out.
	EndedBefore time.Time
	Page
}

// EventFilter selects events for ListEvents and CountEvents: offset greater
// than After, key one of Keys, in Namespace, from Sender. Empty fields do
// not filter.
type EventFilter struct {
	Keys      []string
	Namespace string
	Sender    string
	Page
	// MaxBytes, when positive, bounds ListEvents by size as well: events
	// are taken while their keys, values and contexts hold at most MaxBytes
	// bytes, and at least one is taken (CountEvents ignores it).
	MaxBytes int
}

// Upload is one workflow of an upload: the workflow is created in Namespace
// if new, re-enabled if it existed, and gets Snapshot as its latest
// snapshot.
type Upload struct {
	Namespace string
	Name      string
	Snapshot  Snapshot
}

// Tx is everything the store can read and write. Inside Store.Update or
// Store.View all calls share one transaction; on the Store itself each call
// is its own.
type Tx interface {
	// CreateNamespace adds a namespace; ErrConflict if it exists.
	CreateNamespace(ctx context.Context, ns Namespace) error
	GetNamespace(ctx context.Context, name string) (Namespace, error)
	// ListNamespaces returns all namespaces ordered by name.
	ListNamespaces(ctx context.Context) ([]Namespace, error)
	// DeleteNamespace removes an empty namespace; ErrNotEmpty if it still
	// holds workflows.
	DeleteNamespace(ctx context.Context, name string) error

	// UploadWorkflow creates or updates the workflow (forcing it enabled)
	// and adds the snapshot, atomically. ErrNotFound if the namespace does
	// not exist.
	UploadWorkflow(ctx context.Context, u Upload) (Workflow, Snapshot, error)
	GetWorkflow(ctx context.Context, namespace, name string) (Workflow, error)
	GetWorkflowByID(ctx context.Context, id int64) (Workflow, error)
	// ListWorkflows returns workflows ordered by id.
	ListWorkflows(ctx context.Context, f WorkflowFilter) ([]Workflow, error)
	SetWorkflowEnabled(ctx context.Context, id int64, enabled bool) error
	// SetWorkflowEventOffset records the last event applied to the workflow.
	SetWorkflowEventOffset(ctx context.Context, id, offset int64) error
	// DeleteWorkflow removes the workflow with its snapshots, schedules,
	// triggers, executions and state. ErrBusy (naming the execution) while
	// one of its executions is alive.
	DeleteWorkflow(ctx context.Context, id int64) error

	// GetSnapshot returns a snapshot with its files.
	GetSnapshot(ctx context.Context, id int64) (Snapshot, error)
	// LatestSnapshot returns the newest snapshot of a workflow, with files.
	LatestSnapshot(ctx context.Context, workflowID int64) (Snapshot, error)
	// LatestSnapshotHeader is LatestSnapshot without file contents: Files
	// carry Path and Mode, Data stays nil, so reading the IR or listing the
	// files does not load every artifact.
	LatestSnapshotHeader(ctx context.Context, workflowID int64) (Snapshot, error)
	// ListSnapshots returns a workflow's snapshots ordered by id, without
	// Source, IR and Files.
	ListSnapshots(ctx context.Context, workflowID int64) ([]Snapshot, error)

	CreateSchedule(ctx context.Context, s Schedule) (Schedule, error)
	GetSchedule(ctx context.Context, id int64) (Schedule, error)
	// ListSchedules returns a workflow's schedules ordered by id;
	// workflowID 0 lists the schedules of every workflow.
	ListSchedules(ctx context.Context, workflowID int64) ([]Schedule, error)
	// DueSchedules returns the unpaused schedules whose next fire time is
	// set and not after t, ordered by fire time.
	DueSchedules(ctx context.Context, t time.Time) ([]Schedule, error)
	// UpdateSchedule stores Paused, NextFireTime and LastFireTime.
	UpdateSchedule(ctx context.Context, s Schedule) error
	DeleteSchedule(ctx context.Context, id int64) error

	CreateTrigger(ctx context.Context, tr Trigger) (Trigger, error)
	GetTrigger(ctx context.Context, id int64) (Trigger, error)
	// ListTriggers returns a workflow's triggers ordered by id; workflowID 0
	// lists the triggers of every workflow (the engine's trigger index).
	ListTriggers(ctx context.Context, workflowID int64) ([]Trigger, error)
	SetTriggerPaused(ctx context.Context, id int64, paused bool) error
	DeleteTrigger(ctx context.Context, id int64) error

	// CreateExecution inserts an execution; EventOffset 0 is stored as -1.
	CreateExecution(ctx context.Context, e Execution) (Execution, error)
	GetExecution(ctx context.Context, id int64) (Execution, error)
	// ListExecutions returns executions ordered by id.
	ListExecutions(ctx context.Context, f ExecutionFilter) ([]Execution, error)
	// UpdateExecution stores Status, BeginTime, EndTime and EventOffset of
	// e if its stored status is still expect; ErrConflict otherwise.
	UpdateExecution(ctx context.Context, e Execution, expect ExecutionStatus) error
	// DeleteExecution removes a finished execution and its task
	// executions; ErrBusy while it is alive.
	DeleteExecution(ctx context.Context, id int64) error

	// CreateTaskExecution inserts a task execution. SequenceNumber 0 means
	// the next one for (execution, task); TryNumber 0 means 1.
	CreateTaskExecution(ctx context.Context, te TaskExecution) (TaskExecution, error)
	GetTaskExecution(ctx context.Context, id int64) (TaskExecution, error)
	// ListTaskExecutions returns an execution's task executions ordered by id.
	ListTaskExecutions(ctx context.Context, executionID int64) ([]TaskExecution, error)
	// LatestTaskExecutions returns the task execution with the highest
	// sequence number of every task of an execution, by task name.
	LatestTaskExecutions(ctx context.Context, executionID int64) (map[string]TaskExecution, error)
	// LatestTaskExecution returns the newest run of one task; ErrNotFound
	// if the task never ran.
	LatestTaskExecution(ctx context.Context, executionID int64, task string) (TaskExecution, error)
	// TaskExecutionsByStatus returns all task executions in one of the
	// statuses, ordered by id (recovery, heartbeat tracking).
	TaskExecutionsByStatus(ctx context.Context, statuses ...TaskStatus) ([]TaskExecution, error)
	// UpdateTaskExecution stores Status, TryNumber, BeginTime, EndTime and
	// ExitCode of te if its stored status is still expect; ErrConflict
	// otherwise.
	UpdateTaskExecution(ctx context.Context, te TaskExecution, expect TaskStatus) error

	// AppendEvent stores an event and returns it with its offset. If an
	// event with the same UUID exists, it returns that one unchanged.
	AppendEvent(ctx context.Context, ev Event) (Event, error)
	// ListEvents returns matching events ordered by offset.
	ListEvents(ctx context.Context, f EventFilter) ([]Event, error)
	// ListEventPage is ListEvents that also says whether more matching
	// events follow the page (it stopped at Limit or at MaxBytes), without
	// loading them.
	ListEventPage(ctx context.Context, f EventFilter) (evs []Event, more bool, err error)
	// CountEvents counts matching events (Limit is ignored).
	CountEvents(ctx context.Context, f EventFilter) (int64, error)
	// MaxEventOffset returns the highest offset, 0 if there are no events.
	MaxEventOffset(ctx context.Context) (int64, error)

	// GetState returns a condition state; ErrNotFound if never put.
	GetState(ctx context.Context, workflowID, executionID int64, name string) (State, error)
	// PutState creates or replaces a condition state.
	PutState(ctx context.Context, s State) error
	// ListStates returns the condition states of one scope (as in
	// GetState) ordered by name.
	ListStates(ctx context.Context, workflowID, executionID int64) ([]State, error)

	// PutEvaluation stores the last evaluation of a rule (ExecutionID set)
	// or a trigger (TriggerID set) and adds its Count to the count stored.
	PutEvaluation(ctx context.Context, ev Evaluation) error
	// ListEvaluations returns the rule evaluations of an execution ordered
	// by rule.
	ListEvaluations(ctx context.Context, executionID int64) ([]Evaluation, error)
	// ListTriggerEvaluations returns the evaluations of a workflow's
	// triggers ordered by trigger id.
	ListTriggerEvaluations(ctx context.Context, workflowID int64) ([]Evaluation, error)

	// EngineOffset returns the offset of the last event the scheduler
	// dispatched (0 before the first).
	EngineOffset(ctx context.Context) (int64, error)
	// SetEngineOffset records the scheduler's cursor in the event log.
	SetEngineOffset(ctx context.Context, offset int64) error
}

// Store is a storage backend. Its Tx methods each run atomically on their
// own; Update runs fn in one read-write transaction, committed if fn returns
// nil and rolled back otherwise, so the engine can persist a new state, its
// effects and the applied event offset together. View runs fn in one
// read-only transaction that sees a consistent snapshot without waiting for
// writers; write methods on its tx fail with ErrReadOnly. fn must not use
// the Store itself, only tx, and must not keep tx after it returns.
type Store interface {
	Tx
	Update(ctx context.Context, fn func(tx Tx) error) error
	View(ctx context.Context, fn func(tx Tx) error) error
	Close() error
}
