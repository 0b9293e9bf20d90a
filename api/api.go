// Package api holds the wire types and paths of the aiflow HTTP API: JSON
// over HTTP, every path under Prefix (/api/v1), so that a later,
// incompatible version can live next to this one. The server package serves
// it and the client package calls it; docs/api.md documents it for other
// clients. The package imports nothing from the project, so any client can
// use it without pulling in the server.
//
// Conventions: requests and responses are JSON objects (lists are wrapped,
// so fields can be added later); []byte fields travel as base64; times are
// RFC 3339 in UTC, omitted when unset. Every error is an Error body with a
// 4xx or 5xx status.
package api

import (
	"encoding/json"
	"net/url"
	"strconv"
	"time"
)

// Prefix is the common prefix of every path of this API version.
const Prefix = "/api/v1"

// TokenHeader carries the API token as "Bearer <token>".
const TokenHeader = "Authorization"

// Paths of the API, relative to the server's base URL.
const (
	PathHealth     = Prefix + "/health"
	PathNamespaces = Prefix + "/namespaces"
	PathUploads    = Prefix + "/uploads"
	PathEvents     = Prefix + "/events"
	PathEventCount = PathEvents + "/count"
	// PathEventOffset answers the offset of the last event (EventOffset).
	PathEventOffset = PathEvents + "/offset"
)

// NamespacePath is the path of one namespace.
func NamespacePath(ns string) string { return PathNamespaces + "/" + url.PathEscape(ns) }

// WorkflowsPath is the path of the workflows of a namespace.
func WorkflowsPath(ns string) string { return NamespacePath(ns) + "/workflows" }

// WorkflowPath is the path of one workflow.
func WorkflowPath(ns, name string) string { return WorkflowsPath(ns) + "/" + url.PathEscape(name) }

// Error codes of Error.Code, stable for scripts.
const (
	CodeBadRequest   = "bad_request"   // 400: malformed body or argument
	CodeUnauthorized = "unauthorized"  // 401: missing or wrong token
	CodeForbidden    = "forbidden"     // 403: a reserved event key, a report without its try's secret
	CodeNotFound     = "not_found"     // 404
	CodeConflict     = "conflict"      // 409: name taken, namespace not empty, execution alive
	CodeInvalid      = "invalid"       // 422: the definition has errors (see Diagnostics)
	CodeInternal     = "internal"      // 500
	CodeTooLarge     = "too_large"     // 413: request body over the limit
	CodeUnknownPath  = "unknown_path"  // 404 on a path or method the API does not have
	CodeUnavailable  = "shutting_down" // 503: the server is stopping
	CodeBusy         = "busy"          // 503: too many connections or uploads at once; try again
)

// Error is the body of every failed call.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Diagnostics are the definition problems of a refused upload.
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
}

// Health is the answer of GET /api/v1/health.
type Health struct {
	Status  string `json:"status"` // "ok"
	Version string `json:"version"`
	PID     int    `json:"pid"`
	// Home is the server's $AIFLOW_HOME: its configuration, database and
	// logs, so that a client can tell a server of another home.
	Home string `json:"home,omitempty"`
}

// Namespace is a namespace; Properties is free-form.
type Namespace struct {
	Name       string            `json:"name"`
	Properties map[string]string `json:"properties"`
}

// Namespaces is the answer of GET /api/v1/namespaces, ordered by name.
type Namespaces struct {
	Namespaces []Namespace `json:"namespaces"`
}

// Workflow is the head of a workflow.
type Workflow struct {
	ID               int64     `json:"id"`
	Namespace        string    `json:"namespace"`
	Name             string    `json:"name"`
	Enabled          bool      `json:"is_enabled"`
	EventOffset      int64     `json:"event_offset"`
	LatestSnapshotID int64     `json:"latest_snapshot_id"`
	CreateTime       time.Time `json:"create_time"`
	UpdateTime       time.Time `json:"update_time"`
}

// Workflows is the answer of GET .../workflows, ordered by id.
type Workflows struct {
	Workflows []Workflow `json:"workflows"`
}

// Snapshot describes one upload of a workflow.
type Snapshot struct {
	ID         int64     `json:"id"`
	SourceName string    `json:"source_name"`
	Signature  string    `json:"signature"`
	Files      []string  `json:"files"` // artifact paths, sorted
	CreateTime time.Time `json:"create_time"`
}

// Schedule is a workflow schedule (see also schedule.go).
type Schedule struct {
	ID           int64      `json:"id"`
	WorkflowID   int64      `json:"workflow_id"`
	Namespace    string     `json:"namespace"`
	Workflow     string     `json:"workflow"`
	Expression   string     `json:"expression"`
	Paused       bool       `json:"is_paused"`
	NextFireTime *time.Time `json:"next_fire_time,omitempty"`
	CreateTime   time.Time  `json:"create_time"`
	Origin       string     `json:"origin"` // OriginDefinition or OriginAdded
	// Diagnostics are the warnings about the expression, in the answer of
	// an add only.
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
}

// Trigger is a workflow trigger; Condition is the IR condition's JSON.
type Trigger struct {
	ID         int64           `json:"id"`
	WorkflowID int64           `json:"workflow_id"`
	Namespace  string          `json:"namespace"`
	Workflow   string          `json:"workflow"`
	Condition  json.RawMessage `json:"condition"`
	// EventNamespace, when set, is the namespace whose events the trigger
	// listens to instead of its workflow's.
	EventNamespace string    `json:"event_namespace,omitempty"`
	Paused         bool      `json:"is_paused"`
	CreateTime     time.Time `json:"create_time"`
	Origin         string    `json:"origin"` // OriginDefinition or OriginAdded
	// Evaluations counts the evaluations of its condition so far; Last is
	// the latest one.
	Evaluations int64           `json:"evaluations"`
	Last        *RuleEvaluation `json:"last_evaluation,omitempty"`
	// Diagnostics are the warnings about the condition, in the answer of
	// an add only.
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
}

// WorkflowDetail is the answer of GET .../workflows/{name}: the workflow,
// its latest snapshot with the canonical IR of the definition (tasks and
// rules), and its schedules and triggers.
type WorkflowDetail struct {
	Workflow
	Snapshot   Snapshot        `json:"snapshot"`
	Definition json.RawMessage `json:"definition"` // one ir.Workflow, canonical JSON
	Schedules  []Schedule      `json:"schedules"`
	Triggers   []Trigger       `json:"triggers"`
}

// File is an artifact of an upload. Path is slash-separated and relative to
// the snapshot root; it may not contain ".." elements or start with "/".
type File struct {
	Path string `json:"path"`
	Mode uint32 `json:"mode"`
	Data []byte `json:"data"`
}

// UploadRequest is the body of POST /api/v1/uploads: one definition file and
// its artifacts. Every workflow of the file is stored, or none.
type UploadRequest struct {
	// Path is the file's path as the user gave it; diagnostics name it.
	Path string `json:"path"`
	// SourceName is the file's base name in the snapshot, e.g. "etl.py";
	// its extension picks the front end. Empty means the base of Path.
	SourceName string `json:"source_name,omitempty"`
	Source     []byte `json:"source"`
	Files      []File `json:"files,omitempty"`
	// Namespace, when set, is the namespace of the workflows that declare
	// none; a workflow that declares another one is an error.
	Namespace string `json:"namespace,omitempty"`
}

// UploadResponse is the answer of a successful upload: the stored workflows
// in file order, and the warnings the definition produced.
type UploadResponse struct {
	Workflows   []Workflow   `json:"workflows"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// Diagnostic is a definition problem, in the shape of `aiflow validate -o
// json`.
type Diagnostic struct {
	Severity string `json:"severity"` // "error" or "warning"
	Code     string `json:"code"`
	Message  string `json:"message"`
	Span
	Related []Related `json:"related,omitempty"`
}

// Related is a second position that explains a diagnostic.
type Related struct {
	Message string `json:"message"`
	Span
}

// Span is a source range; lines and columns are 1-based (columns count
// code points), 0 means unknown, the end is exclusive.
type Span struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
}

// Reserved event keys: the engine publishes them, the API refuses them from
// users, so that nobody can forge a scheduler command or a task status.
const (
	// SchedulingEventKey is AIFlow's key of scheduler commands.
	SchedulingEventKey = "AIFLOW_SCHEDULING_EVENT"
	// ReservedKeyPrefix starts every key the engine keeps for itself,
	// SchedulingEventKey included.
	ReservedKeyPrefix = "AIFLOW_"
	// TaskStatusKeyPrefix starts AIFlow's task-status-changed keys,
	// "[task_status_change].<namespace>.<workflow>.<task>".
	TaskStatusKeyPrefix = "[task_status_change]"
)

// SendEventRequest is the body of POST /api/v1/events. UUID is the
// idempotence id chosen by the client: a send whose UUID is already stored
// returns the stored event and stores nothing; empty means "generate one".
// Context, when set, must be a JSON object.
type SendEventRequest struct {
	Key       string `json:"key"`
	Value     string `json:"value,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	Context   string `json:"context,omitempty"`
	Sender    string `json:"sender,omitempty"`
	UUID      string `json:"uuid,omitempty"`
}

// Event is a stored event; the server assigns Offset and CreateTime.
type Event struct {
	Offset     int64     `json:"offset"`
	Key        string    `json:"key"`
	Value      string    `json:"value"`
	Namespace  string    `json:"namespace"`
	Context    string    `json:"context"`
	Sender     string    `json:"sender"`
	UUID       string    `json:"uuid"`
	CreateTime time.Time `json:"create_time"`
}

// MaxEventPage is the most events one GET /api/v1/events answers; a client
// that wants more asks again with After set to the answer's Next.
const MaxEventPage = 10000

// MaxEventPageBytes bounds a page of GET /api/v1/events by size as well:
// events are added to a page while their keys, values and contexts hold at
// most this many bytes, and a page always has at least one event. A page
// cut by size is shorter than the limit asked, so clients page on Next, not
// on the number of events.
const MaxEventPageBytes = 8 << 20

// EventQuery selects events for GET /api/v1/events and .../count: offset
// greater than After, key one of Keys (none or "*" means any), in Namespace
// and from Sender ("" or "*" means any), at most Limit (0, or more than
// MaxEventPage: MaxEventPage; page with After for more). Wait,
// when positive, makes the list a long poll: the answer comes as soon as a
// matching event exists, or empty after Wait.
type EventQuery struct {
	Keys      []string
	Namespace string
	Sender    string
	After     int64
	Limit     int
	Wait      time.Duration
}

// Values encodes q as the query string of the events paths.
func (q EventQuery) Values() url.Values {
	v := url.Values{}
	for _, k := range q.Keys {
		v.Add("key", k)
	}
	set := func(name, val string) {
		if val != "" {
			v.Set(name, val)
		}
	}
	set("namespace", q.Namespace)
	set("sender", q.Sender)
	if q.After > 0 {
		v.Set("after", strconv.FormatInt(q.After, 10))
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	if q.Wait > 0 {
		v.Set("wait", q.Wait.String())
	}
	return v
}

// Events is the answer of GET /api/v1/events, ordered by offset. Next, when
// not zero, says that more matching events follow the page (it is full by
// count or by MaxEventPageBytes): ask again with After set to Next. Zero
// means that there were no more when the page was read.
type Events struct {
	Events []Event `json:"events"`
	Next   int64   `json:"next,omitempty"`
}

// EventCount is the answer of GET /api/v1/events/count.
type EventCount struct {
	Count int64 `json:"count"`
}

// EventOffset is the answer of GET /api/v1/events/offset: the offset of the
// last stored event, 0 when there is none. A listener that starts there
// sees only events sent afterwards.
type EventOffset struct {
	Offset int64 `json:"offset"`
}
