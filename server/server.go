// Package server is the aiflow server: the HTTP API of package api over a
// storage.Store, and the process around it (pid file, log file, listening,
// graceful shutdown), including the durable event log with long-poll
// listening (events.go). The engine (Options.Engine) runs in the same
// process: the execution endpoints call it.
//
// Security: the server listens on loopback by default. Run refuses any other
// address unless a token is configured; when a token is set, every call must
// present it ("Authorization: Bearer <token>", compared in constant time),
// whatever the address, and a missing or wrong one gets 401 before any
// handler runs.
//
// Uploads are parsed and validated here, not in the client, so that every
// client (the CLI, scripts, the embedded Python runtime) gets the same
// checks. The body is streamed into a staging copy of the snapshot (the
// file and its artifacts, uploadjson.go), and the definition is parsed
// there, exactly what a task will see, so a Python helper module that was
// not uploaded with --files is found missing now rather than when a task
// runs. Diagnostics name the paths the client gave.
//
// Limits (limits.go, docs/security.md): timeouts on every connection, caps
// on connections and uploads at once, event sizes and pages bounded in
// bytes, names checked by ir.CheckName, and log lines that clients cause
// clipped and rate-limited; the server log rotates by size (logfile.go).
package server

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/internal/spell"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/parser"
	"github.com/aiflow-go/aiflow/storage"
)

// maxBody bounds a request body: a definition and its artifacts.
const maxBody = 64 << 20

// Options configure a Server.
type Options struct {
	// Token, when not empty, is required on every call.
	Token string
	// Version is reported by the health endpoint.
	Version string
	// PID is reported by the health endpoint.
	PID int
	// Home is the server's $AIFLOW_HOME, reported by the health endpoint.
	Home string
	// Log receives one line per failed call; nil discards.
	Log *slog.Logger
	// Engine runs executions; the execution endpoints call it.
	Engine *engine.Engine
	// UploadDir is where uploads are staged while they are checked (a
	// folder of their own each, removed at the end); "" is the system's
	// temporary folder.
	UploadDir string
	// MaxUploads bounds the uploads in progress at once (more answer 503),
	// UploadTimeout the time one may take, EventMaxBytes the value and the
	// context of an event; zero takes DefaultMaxUploads,
	// DefaultUploadTimeout and DefaultEventMaxBytes.
	MaxUploads    int
	UploadTimeout time.Duration
	EventMaxBytes int
	// CheckExecutable, when set, is the aiflow binary in whose child
	// processes uploads are loaded, within CheckLimits (check.go); else
	// they are loaded in this process, as only tests should.
	CheckExecutable string
	CheckLimits     CheckLimits
}

// Server serves the API over a store.
type Server struct {
	store  storage.Store
	parser *parser.Parser
	opts   Options
	log    *slog.Logger
	bell   *bell
	// quit is closed by Quit: the server is shutting down.
	quit     chan struct{}
	quitOnce sync.Once
	// lines rate-limits the log lines clients cause.
	lines     *lineLimiter
	limits    limits
	uploads   chan struct{} // a slot per upload in progress
	checks    chan struct{} // a slot per definition being loaded
	uploadDir string

	mu    sync.Mutex
	tasks map[int64][]string // task names by snapshot id
}

// New returns a server over store. Uploads are loaded in child processes
// when opts.CheckExecutable is set, else with p, which may then be nil.
func New(store storage.Store, p *parser.Parser, opts Options) *Server {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{store: store, parser: p, opts: opts, log: log, bell: newBell(), quit: make(chan struct{}),
		tasks: map[int64][]string{}, lines: newLineLimiter(log), limits: limitsOf(opts), uploadDir: opts.UploadDir}
	s.uploads = make(chan struct{}, s.limits.maxUploads)
	s.checks = make(chan struct{}, runtime.GOMAXPROCS(0))
	if s.uploadDir == "" {
		s.uploadDir = os.TempDir()
	}
	// Whoever appends events (the engine, the API through Notify), the
	// listeners of GET /api/v1/events wake.
	opts.Engine.Subscribe(s.bell.ring)
	return s
}

// Quit tells the calls that wait (long polls) to answer now with what they
// have, so that a graceful shutdown does not wait for them. Run calls it
// when the HTTP server shuts down.
func (s *Server) Quit() { s.quitOnce.Do(func() { close(s.quit) }) }

// Handler returns the HTTP handler of the API.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	// routeFor answers ok with the handler's result, or the error's
	// status; a call that may take long (a long poll, an upload) gets the
	// read and write deadlines budget instead of the server's.
	routeFor := func(pattern string, ok int, budget time.Duration, h func(r *http.Request) (any, error)) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if budget > 0 {
				extendDeadlines(w, budget)
			}
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
			out, err := h(r)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			writeJSON(w, ok, out)
		})
	}
	route := func(pattern string, ok int, h func(r *http.Request) (any, error)) { routeFor(pattern, ok, 0, h) }
	const ns, wf = api.Prefix + "/namespaces/{ns}", api.Prefix + "/namespaces/{ns}/workflows/{name}"
	const ok, created = http.StatusOK, http.StatusCreated
	route("GET "+api.PathHealth, ok, s.health)
	route("GET "+api.PathNamespaces, ok, s.listNamespaces)
	route("POST "+api.PathNamespaces, created, s.addNamespace)
	route("GET "+ns, ok, s.getNamespace)
	route("DELETE "+ns, ok, s.deleteNamespace)
	route("GET "+ns+"/workflows", ok, s.listWorkflows)
	// These change what workflow triggers the engine must watch.
	changes := func(h func(r *http.Request) (any, error)) func(r *http.Request) (any, error) {
		return func(r *http.Request) (any, error) {
			out, err := h(r)
			if err == nil {
				s.opts.Engine.TriggersChanged()
			}
			return out, err
		}
	}
	routeFor("POST "+api.PathUploads, created, s.limits.uploadTimeout, changes(s.upload))
	route("GET "+wf, ok, s.showWorkflow)
	route("DELETE "+wf, ok, changes(s.deleteWorkflow))
	route("POST "+wf+"/enable", ok, changes(func(r *http.Request) (any, error) { return s.setEnabled(r, true) }))
	route("POST "+api.PathEvents, created, s.sendEvent)
	routeFor("GET "+api.PathEvents, ok, maxWait+longPollSlack, s.listEvents)
	route("GET "+api.PathEventCount, ok, s.countEvents)
	route("GET "+api.PathEventOffset, ok, s.eventOffset)
	route("POST "+wf+"/disable", ok, changes(func(r *http.Request) (any, error) { return s.setEnabled(r, false) }))
	s.executionRoutes(route)
	s.scheduleRoutes(route, changes)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, api.Error{Code: api.CodeUnknownPath,
			Message: fmt.Sprintf("no API endpoint %s %s (this server speaks %s)", r.Method, r.URL.Path, api.Prefix)})
	})
	return s.auth(mux)
}

// auth checks the token before anything else runs.
func (s *Server) auth(next http.Handler) http.Handler {
	if s.opts.Token == "" {
		return next
	}
	want := []byte("Bearer " + s.opts.Token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get(api.TokenHeader))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			msg := "wrong API token"
			if len(got) == 0 {
				msg = "missing API token; set AIFLOW_TOKEN or token in aiflow_server.yaml"
			}
			s.lines.logf(slog.LevelWarn, "refused call", "method", clip(r.Method), "path", clip(r.URL.Path), "remote", r.RemoteAddr, "reason", msg)
			writeJSON(w, http.StatusUnauthorized, api.Error{Code: api.CodeUnauthorized, Message: msg})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// httpError is an error with the status and code it is answered with.
type httpError struct {
	status int
	body   api.Error
}

func (e *httpError) Error() string { return e.body.Message }

func errorf(status int, code, format string, args ...any) error {
	return &httpError{status: status, body: api.Error{Code: code, Message: fmt.Sprintf(format, args...)}}
}

// fail answers err, mapping the storage and engine sentinels to statuses,
// so that handlers can return them as they come. A missing object
// (storage.NotFoundError) is named: "workflow execution 7 does not exist".
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	var mbe *http.MaxBytesError
	var nf *storage.NotFoundError
	switch {
	case errors.As(err, &he):
	case errors.As(err, &mbe):
		he = &httpError{http.StatusRequestEntityTooLarge, api.Error{Code: api.CodeTooLarge,
			Message: fmt.Sprintf("request larger than %s", sizeText(mbe.Limit))}}
	case errors.As(err, &nf):
		he = &httpError{http.StatusNotFound, api.Error{Code: api.CodeNotFound, Message: nf.What + " does not exist"}}
	case errors.Is(err, storage.ErrNotFound):
		he = &httpError{http.StatusNotFound, api.Error{Code: api.CodeNotFound, Message: err.Error()}}
	case errors.Is(err, storage.ErrConflict), errors.Is(err, storage.ErrNotEmpty), errors.Is(err, storage.ErrBusy),
		errors.Is(err, engine.ErrDisabled), errors.Is(err, engine.ErrRejected):
		he = &httpError{http.StatusConflict, api.Error{Code: api.CodeConflict, Message: err.Error()}}
	case errors.Is(err, engine.ErrForbidden):
		he = &httpError{http.StatusForbidden, api.Error{Code: api.CodeForbidden, Message: err.Error()}}
	case errors.Is(err, context.Canceled):
		// The client went away (request contexts do not follow the
		// server's own shutdown); nobody will read this answer.
		he = &httpError{http.StatusServiceUnavailable, api.Error{Code: api.CodeUnavailable, Message: "request cancelled"}}
	default:
		s.lines.logf(slog.LevelError, "internal error", "method", clip(r.Method), "path", clip(r.URL.Path), "err", clip(err.Error()))
		he = &httpError{http.StatusInternalServerError, api.Error{Code: api.CodeInternal, Message: err.Error()}}
	}
	if he.status < 500 {
		s.lines.logf(slog.LevelInfo, "call failed", "method", clip(r.Method), "path", clip(r.URL.Path), "status", he.status, "err", clip(he.body.Message))
	}
	writeJSON(w, he.status, he.body)
}

// sizeText writes a byte count for a message: "64 MiB", "1 MiB", "300
// bytes".
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away; nothing to do
}

// decode reads a JSON body into v, refusing unknown fields so that a typo
// in a script is reported rather than ignored.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(&utf8Reader{r: r.Body})
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var he *httpError
		if errors.As(err, &mbe) || errors.As(err, &he) {
			return err
		}
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "bad request body: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "bad request body: more than one JSON value")
	}
	return nil
}

// utf8Reader refuses a body that is not valid UTF-8, as JSON text must be:
// encoding/json would silently replace the bad bytes, so that a name with
// them would pass its checks as another name.
type utf8Reader struct {
	r    io.Reader
	tail []byte // the start of a sequence cut by the last read
	off  int64
}

func (u *utf8Reader) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	base := u.off - int64(len(u.tail)) // the offset of b[0]
	b := append(u.tail, p[:n]...)
	u.tail = u.tail[:0]
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			if !utf8.FullRune(b[i:]) && err == nil {
				u.tail = append(u.tail, b[i:]...) // wait for the rest
				break
			}
			return 0, errorf(http.StatusBadRequest, api.CodeBadRequest,
				"bad request body: it is not valid UTF-8 (byte %d), as JSON text must be", base+int64(i))
		}
		i += size
	}
	u.off += int64(n)
	return n, err
}

func (s *Server) health(*http.Request) (any, error) {
	return api.Health{Status: "ok", Version: s.opts.Version, PID: s.opts.PID, Home: s.opts.Home}, nil
}

func (s *Server) listNamespaces(r *http.Request) (any, error) {
	nss, err := s.store.ListNamespaces(r.Context())
	if err != nil {
		return nil, err
	}
	out := api.Namespaces{Namespaces: []api.Namespace{}}
	for _, n := range nss {
		out.Namespaces = append(out.Namespaces, toNamespace(n))
	}
	return out, nil
}

func toNamespace(n storage.Namespace) api.Namespace {
	p := n.Properties
	if p == nil {
		p = map[string]string{}
	}
	return api.Namespace{Name: n.Name, Properties: p}
}

func (s *Server) addNamespace(r *http.Request) (any, error) {
	var in api.Namespace
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if err := checkName("namespace", in.Name); err != nil {
		return nil, err
	}
	err := s.store.CreateNamespace(r.Context(), storage.Namespace{Name: in.Name, Properties: in.Properties})
	if errors.Is(err, storage.ErrConflict) {
		return nil, errorf(http.StatusConflict, api.CodeConflict, "namespace %q already exists", in.Name)
	}
	if err != nil {
		return nil, err
	}
	return toNamespace(storage.Namespace{Name: in.Name, Properties: in.Properties}), nil
}

// checkName refuses names that ir.CheckName refuses, the same rule as for
// the names in definitions.
func checkName(what, name string) error {
	if p := ir.CheckName(what, name); p != "" {
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "%s name %q %s", what, name, p)
	}
	return nil
}

func (s *Server) getNamespace(r *http.Request) (any, error) {
	n, err := s.namespace(r.Context(), r.PathValue("ns"))
	if err != nil {
		return nil, err
	}
	return toNamespace(n), nil
}

// namespace reads a namespace, with a message that says how to create it.
func (s *Server) namespace(ctx context.Context, name string) (storage.Namespace, error) {
	n, err := s.store.GetNamespace(ctx, name)
	if errors.Is(err, storage.ErrNotFound) {
		if near := s.nearNamespace(ctx, s.store, name); near != "" {
			return n, errorf(http.StatusNotFound, api.CodeNotFound, "namespace %q does not exist; did you mean %q?", name, near)
		}
		return n, errorf(http.StatusNotFound, api.CodeNotFound, "namespace %q does not exist; create it with 'aiflow namespace add %s'", name, name)
	}
	return n, err
}

// nearNamespace is the existing namespace nearest to a misspelt name, or
// "".
func (s *Server) nearNamespace(ctx context.Context, tx storage.Tx, name string) string {
	nss, err := tx.ListNamespaces(ctx)
	if err != nil {
		return ""
	}
	names := make([]string, len(nss))
	for i, n := range nss {
		names[i] = n.Name
	}
	return spell.Nearest(name, names)
}

// workflowNotFound answers a workflow that does not exist, pointing to the
// nearest name in its namespace, else to the namespaces that have one of
// that name, else to the nearest namespace when its own does not exist.
func (s *Server) workflowNotFound(ctx context.Context, tx storage.Tx, ns, name string) error {
	msg := fmt.Sprintf("workflow %s.%s does not exist", ns, name)
	ws, err := tx.ListWorkflows(ctx, storage.WorkflowFilter{})
	if err != nil {
		return errorf(http.StatusNotFound, api.CodeNotFound, "%s", msg)
	}
	var here, elsewhere []string
	for _, w := range ws {
		switch {
		case w.Namespace == ns:
			here = append(here, w.Name)
		case w.Name == name:
			elsewhere = append(elsewhere, w.Namespace)
		}
	}
	switch near := spell.Nearest(name, here); {
	case near != "":
		msg += fmt.Sprintf("; did you mean %q?", near)
	case len(elsewhere) > 0:
		msg += fmt.Sprintf("; namespace %q has one (-n %s)", elsewhere[0], elsewhere[0])
	case len(here) == 0:
		if _, err := tx.GetNamespace(ctx, ns); errors.Is(err, storage.ErrNotFound) {
			if near := s.nearNamespace(ctx, tx, ns); near != "" {
				msg += fmt.Sprintf(": namespace %q does not exist; did you mean %q?", ns, near)
			}
		}
	}
	return errorf(http.StatusNotFound, api.CodeNotFound, "%s", msg)
}

func (s *Server) deleteNamespace(r *http.Request) (any, error) {
	name := r.PathValue("ns")
	err := s.store.DeleteNamespace(r.Context(), name)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		if near := s.nearNamespace(r.Context(), s.store, name); near != "" {
			return nil, errorf(http.StatusNotFound, api.CodeNotFound, "namespace %q does not exist; did you mean %q?", name, near)
		}
		return nil, err
	case errors.Is(err, storage.ErrNotEmpty):
		return nil, errorf(http.StatusConflict, api.CodeConflict,
			"namespace %q is not empty, please remove all its workflows first (aiflow workflow list -n %s)", name, name)
	case err != nil:
		return nil, err
	}
	return api.Namespace{Name: name, Properties: map[string]string{}}, nil
}

func (s *Server) listWorkflows(r *http.Request) (any, error) {
	ns := r.PathValue("ns")
	if _, err := s.namespace(r.Context(), ns); err != nil {
		return nil, err
	}
	ws, err := s.store.ListWorkflows(r.Context(), storage.WorkflowFilter{Namespace: ns})
	if err != nil {
		return nil, err
	}
	// Sized up front: a list can hold tens of thousands of workflows.
	out := api.Workflows{Workflows: make([]api.Workflow, 0, len(ws))}
	for _, w := range ws {
		out.Workflows = append(out.Workflows, toWorkflow(w))
	}
	return out, nil
}

func toWorkflow(w storage.Workflow) api.Workflow {
	return api.Workflow{ID: w.ID, Namespace: w.Namespace, Name: w.Name, Enabled: w.Enabled, EventOffset: w.EventOffset,
		LatestSnapshotID: w.LatestSnapshotID, CreateTime: w.CreateTime, UpdateTime: w.UpdateTime}
}

// workflow reads the workflow a path names.
func (s *Server) workflow(ctx context.Context, tx storage.Tx, r *http.Request) (storage.Workflow, error) {
	ns, name := r.PathValue("ns"), r.PathValue("name")
	w, err := tx.GetWorkflow(ctx, ns, name)
	if errors.Is(err, storage.ErrNotFound) {
		return w, s.workflowNotFound(ctx, tx, ns, name)
	}
	return w, err
}

func (s *Server) showWorkflow(r *http.Request) (any, error) {
	ctx := r.Context()
	var out api.WorkflowDetail
	// One read transaction, so the snapshot, schedules and triggers are
	// those of the same upload, without queueing behind writers; only file
	// paths are shown, so their contents are not loaded.
	err := s.store.View(ctx, func(tx storage.Tx) error {
		w, err := s.workflow(ctx, tx, r)
		if err != nil {
			return err
		}
		sn, err := tx.LatestSnapshotHeader(ctx, w.ID)
		if err != nil {
			return err
		}
		scs, err := tx.ListSchedules(ctx, w.ID)
		if err != nil {
			return err
		}
		trs, err := tx.ListTriggers(ctx, w.ID)
		if err != nil {
			return err
		}
		out = api.WorkflowDetail{Workflow: toWorkflow(w), Snapshot: toSnapshot(sn), Definition: definitionJSON(sn.IR),
			Schedules: []api.Schedule{}, Triggers: []api.Trigger{}}
		for _, sc := range scs {
			out.Schedules = append(out.Schedules, toSchedule(w, sc))
		}
		out.Triggers, err = toTriggers(ctx, tx, w, trs)
		return err
	})
	return out, err
}

func toSnapshot(sn storage.Snapshot) api.Snapshot {
	out := api.Snapshot{ID: sn.ID, SourceName: sn.SourceName, Signature: sn.Signature, Files: []string{}, CreateTime: sn.CreateTime}
	for _, f := range sn.Files {
		out.Files = append(out.Files, f.Path)
	}
	return out
}

func (s *Server) deleteWorkflow(r *http.Request) (any, error) {
	ctx := r.Context()
	var out api.Workflow
	var ids []int64
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		w, err := s.workflow(ctx, tx, r)
		if err != nil {
			return err
		}
		out = toWorkflow(w)
		xs, err := tx.ListExecutions(ctx, storage.ExecutionFilter{WorkflowID: w.ID})
		if err != nil {
			return err
		}
		ids = ids[:0]
		for _, x := range xs {
			ids = append(ids, x.ID)
		}
		err = tx.DeleteWorkflow(ctx, w.ID)
		if errors.Is(err, storage.ErrBusy) {
			return errorf(http.StatusConflict, api.CodeConflict, "workflow %s.%s cannot be deleted: %v; stop it first",
				w.Namespace, w.Name, strings.TrimSuffix(err.Error(), ": "+storage.ErrBusy.Error()))
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	s.removeFiles(out.Name, ids...)
	s.opts.Engine.RemoveWorkflowFolders(out.Name)
	return out, nil
}

func (s *Server) setEnabled(r *http.Request, enabled bool) (any, error) {
	ctx := r.Context()
	var out api.Workflow
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		w, err := s.workflow(ctx, tx, r)
		if err != nil {
			return err
		}
		if err := tx.SetWorkflowEnabled(ctx, w.ID, enabled); err != nil {
			return err
		}
		w, err = tx.GetWorkflowByID(ctx, w.ID)
		out = toWorkflow(w)
		return err
	})
	return out, err
}

// shutdownGrace bounds how long Run waits for calls in flight.
const shutdownGrace = 10 * time.Second
