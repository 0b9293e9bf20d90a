// Package client is the typed Go client of the aiflow HTTP API (package
// api). The CLI uses it for every command that talks to the server.
//
// Errors: a server that does not answer at all gives a *NotRunningError,
// whose message says how to start one; something else that holds the
// address gives a *NotAiflowError; an error answer gives an *Error carrying
// the HTTP status, the API's error code and message, and for a refused
// upload the diagnostics.
//
// No call hangs on a server that cannot be reached: connecting times out
// after ConnectTimeout. A client made Checked also checks, before its first
// call, that an aiflow server answers within ProbeTimeout, so that a port
// held by another program gives a clear error rather than a hang or a
// puzzling one.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/api"
)

// Client calls one server. It is safe for concurrent use.
type Client struct {
	addr  string
	base  string
	token string
	hc    *http.Client
	check bool
	// known is set once the health endpoint answered as an aiflow
	// server's.
	known atomic.Bool
}

// Timeouts of every client: ConnectTimeout to connect to the server,
// ProbeTimeout for Health (the check of a Checked client).
const (
	ConnectTimeout = 3 * time.Second
	ProbeTimeout   = 5 * time.Second
)

// New returns a client of the server at addr (host:port); token, when not
// empty, is sent with every call.
func New(addr, token string) *Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext
	tr.Proxy = nil // the server is reached directly, loopback above all
	return &Client{addr: addr, base: "http://" + addr, token: token,
		hc: &http.Client{Timeout: 5 * time.Minute, Transport: tr}}
}

// Checked makes c check the server with Health before its first call and
// returns it.
func (c *Client) Checked() *Client {
	c.check = true
	return c
}

// Addr returns the server address the client calls.
func (c *Client) Addr() string { return c.addr }

// NotRunningError means nothing listens at the server address.
type NotRunningError struct {
	Addr string
	Err  error
}

func (e *NotRunningError) Error() string {
	return fmt.Sprintf("aiflow server is not running at %s; start it with 'aiflow server start'", e.Addr)
}

func (e *NotRunningError) Unwrap() error { return e.Err }

// NotAiflowError means that something holds the server address but does
// not answer as an aiflow server: another program (AIFlow's own gRPC
// server, say), or one that never answers.
type NotAiflowError struct {
	Addr   string
	Detail string // what it did instead
}

func (e *NotAiflowError) Error() string {
	return fmt.Sprintf("the program listening at %s is not an aiflow server (%s); is another program, such as AIFlow's own server, using the port? "+
		"stop it, or point server_address in aiflow_server.yaml (or AIFLOW_SERVER) at the aiflow server", e.Addr, e.Detail)
}

// Error is an error answer of the server.
type Error struct {
	Status int // HTTP status
	Body   api.Error
}

func (e *Error) Error() string { return e.Body.Message }

// do sends one call; in (if not nil) is the JSON body, out (if not nil)
// receives the JSON answer. The first call of a Checked client checks the
// server first. A call answered "busy" is sent again (BusyWindow).
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	if c.check && path != api.PathHealth && !c.known.Load() {
		if _, err := c.Health(ctx); err != nil {
			var ae *Error
			if !errors.As(err, &ae) { // an error answer (401) is an aiflow server's
				return err
			}
		}
	}
	var data []byte
	if in != nil {
		var err error
		if data, err = json.Marshal(in); err != nil {
			return err
		}
	}
	// A server that is busy (too many connections or uploads at once)
	// says so with a 503 "busy": try again for a while.
	deadline := time.Now().Add(BusyWindow)
	for wait := 100 * time.Millisecond; ; wait = min(2*wait, 2*time.Second) {
		err := c.call(ctx, method, path, in != nil, data, out)
		var ae *Error
		if !errors.As(err, &ae) || ae.Status != http.StatusServiceUnavailable || ae.Body.Code != api.CodeBusy ||
			time.Now().Add(wait).After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// BusyWindow is how long a call answered "busy" (503) is tried again.
const BusyWindow = 20 * time.Second

// call sends one call; data is the JSON body when hasBody.
func (c *Client) call(ctx context.Context, method, path string, hasBody bool, data []byte, out any) error {
	var body io.Reader
	if hasBody {
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	if hasBody {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set(api.TokenHeader, "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		var op *net.OpError
		switch {
		case refused(err):
			return &NotRunningError{Addr: c.addr, Err: err}
		case c.check && ctx.Err() == nil && !c.known.Load() && !(errors.As(err, &op) && op.Op == "dial"):
			// Connected, but no HTTP answer came (a gRPC server, say).
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return &NotAiflowError{Addr: c.addr, Detail: "no HTTP answer: " + err.Error()}
		}
		return fmt.Errorf("call aiflow server at %s: %w", c.addr, err)
	}
	defer resp.Body.Close()
	data, err = io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("read answer of aiflow server at %s: %w", c.addr, err)
	}
	if resp.StatusCode >= 300 {
		e := &Error{Status: resp.StatusCode}
		if json.Unmarshal(data, &e.Body) != nil || e.Body.Message == "" {
			return &NotAiflowError{Addr: c.addr, Detail: fmt.Sprintf("%s %s answered %s", method, path, resp.Status)}
		}
		return e
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		if path == api.PathHealth {
			return &NotAiflowError{Addr: c.addr, Detail: "its answer to " + path + " is not JSON"}
		}
		return fmt.Errorf("%s %s: bad answer from %s: %w", method, path, c.addr, err)
	}
	return nil
}

// refused reports whether err means that no server listens. Other dial
// failures (unknown host, timeout) keep their own message.
func refused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

// Health asks whether the server is up; an answer that is not an aiflow
// server's, or none within ProbeTimeout, is a *NotAiflowError.
func (c *Client) Health(ctx context.Context) (api.Health, error) {
	pctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	var h api.Health
	err := c.do(pctx, http.MethodGet, api.PathHealth, nil, &h)
	var ae *Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
		return h, &NotAiflowError{Addr: c.addr, Detail: fmt.Sprintf("it does not answer within %s", ProbeTimeout)}
	case err == nil && h.Status != "ok":
		return h, &NotAiflowError{Addr: c.addr, Detail: "its answer to " + api.PathHealth + " is not an aiflow server's"}
	case err == nil, errors.As(err, &ae):
		c.known.Store(true)
	}
	return h, err
}

// AddNamespace creates a namespace.
func (c *Client) AddNamespace(ctx context.Context, name string, props map[string]string) (api.Namespace, error) {
	var out api.Namespace
	return out, c.do(ctx, http.MethodPost, api.PathNamespaces, api.Namespace{Name: name, Properties: props}, &out)
}

// DeleteNamespace deletes an empty namespace.
func (c *Client) DeleteNamespace(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodDelete, api.NamespacePath(name), nil, nil)
}

// Namespaces lists the namespaces by name.
func (c *Client) Namespaces(ctx context.Context) ([]api.Namespace, error) {
	var out api.Namespaces
	return out.Namespaces, c.do(ctx, http.MethodGet, api.PathNamespaces, nil, &out)
}

// Upload uploads a definition file and its artifacts.
func (c *Client) Upload(ctx context.Context, req api.UploadRequest) (api.UploadResponse, error) {
	var out api.UploadResponse
	return out, c.do(ctx, http.MethodPost, api.PathUploads, req, &out)
}

// Workflows lists the workflows of a namespace by id.
func (c *Client) Workflows(ctx context.Context, ns string) ([]api.Workflow, error) {
	var out api.Workflows
	return out.Workflows, c.do(ctx, http.MethodGet, api.WorkflowsPath(ns), nil, &out)
}

// Workflow returns a workflow with its latest snapshot, schedules and
// triggers.
func (c *Client) Workflow(ctx context.Context, ns, name string) (api.WorkflowDetail, error) {
	var out api.WorkflowDetail
	return out, c.do(ctx, http.MethodGet, api.WorkflowPath(ns, name), nil, &out)
}

// SetWorkflowEnabled enables or disables a workflow.
func (c *Client) SetWorkflowEnabled(ctx context.Context, ns, name string, enabled bool) (api.Workflow, error) {
	verb := "/disable"
	if enabled {
		verb = "/enable"
	}
	var out api.Workflow
	return out, c.do(ctx, http.MethodPost, api.WorkflowPath(ns, name)+verb, nil, &out)
}

// DeleteWorkflow deletes a workflow and everything it owns.
func (c *Client) DeleteWorkflow(ctx context.Context, ns, name string) error {
	return c.do(ctx, http.MethodDelete, api.WorkflowPath(ns, name), nil, nil)
}

// SendEvent appends an event; resending the same UUID returns the stored
// event unchanged.
func (c *Client) SendEvent(ctx context.Context, req api.SendEventRequest) (api.Event, error) {
	var out api.Event
	return out, c.do(ctx, http.MethodPost, api.PathEvents, req, &out)
}

// Events lists the events q selects (one page: see EventPage); with
// q.Wait it long-polls.
func (c *Client) Events(ctx context.Context, q api.EventQuery) ([]api.Event, error) {
	out, err := c.EventPage(ctx, q)
	return out.Events, err
}

// EventPage lists one page of the events q selects, with the offset to ask
// after for the next page (Next, 0 when no more events follow): a page is
// bounded by q.Limit and by api.MaxEventPageBytes.
func (c *Client) EventPage(ctx context.Context, q api.EventQuery) (api.Events, error) {
	var out api.Events
	return out, c.do(ctx, http.MethodGet, api.PathEvents+"?"+q.Values().Encode(), nil, &out)
}

// CountEvents counts the events q selects (q.Limit and q.Wait are ignored).
func (c *Client) CountEvents(ctx context.Context, q api.EventQuery) (int64, error) {
	q.Limit, q.Wait = 0, 0
	var out api.EventCount
	return out.Count, c.do(ctx, http.MethodGet, api.PathEventCount+"?"+q.Values().Encode(), nil, &out)
}

// EventOffset returns the offset of the last event, 0 if there is none.
func (c *Client) EventOffset(ctx context.Context) (int64, error) {
	var out api.EventOffset
	return out.Offset, c.do(ctx, http.MethodGet, api.PathEventOffset, nil, &out)
}

// EventOffsetAt returns the offset of the last event created at or before
// t, 0 if there is none (AIFlow's time to offset).
func (c *Client) EventOffsetAt(ctx context.Context, t time.Time) (int64, error) {
	var out api.EventOffset
	q := url.Values{"time": {t.UTC().Format(time.RFC3339Nano)}}
	return out.Offset, c.do(ctx, http.MethodGet, api.PathEventOffset+"?"+q.Encode(), nil, &out)
}
