// Package client is the typed Go client of the aiflow HTTP API (package
// api). The CLI uses it for every command that talks to the server.
//
// Errors: a server that does not answer at all gives a *NotRunningError,
// whose message says how to start one; an error answer gives an *Error
// carrying the HTTP status, the API's error code and message, and for a
// refused upload the diagnostics.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
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
}

// New returns a client of the server at addr (host:port); token, when not
// empty, is sent with every call.
func New(addr, token string) *Client {
	return &Client{addr: addr, base: "http://" + addr, token: token,
		hc: &http.Client{Timeout: 5 * time.Minute}}
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

// Error is an error answer of the server.
type Error struct {
	Status int // HTTP status
	Body   api.Error
}

func (e *Error) Error() string { return e.Body.Message }

// do sends one call; in (if not nil) is the JSON body, out (if not nil)
// receives the JSON answer.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set(api.TokenHeader, "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if refused(err) {
			return &NotRunningError{Addr: c.addr, Err: err}
		}
		return fmt.Errorf("call aiflow server at %s: %w", c.addr, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("read answer of aiflow server at %s: %w", c.addr, err)
	}
	if resp.StatusCode >= 300 {
		e := &Error{Status: resp.StatusCode}
		if json.Unmarshal(data, &e.Body) != nil || e.Body.Message == "" {
			e.Body.Code = api.CodeInternal
			e.Body.Message = fmt.Sprintf("%s %s: %s from %s (not an aiflow server?)", method, path, resp.Status, c.addr)
		}
		return e
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: bad answer from %s: %w", method, path, c.addr, err)
	}
	return nil
}

// refused reports whether err means that no server listens. Other dial
// failures (unknown host, timeout) keep their own message.
func refused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

// Health asks whether the server is up.
func (c *Client) Health(ctx context.Context) (api.Health, error) {
	var h api.Health
	return h, c.do(ctx, http.MethodGet, api.PathHealth, nil, &h)
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

// Events lists the events q selects; with q.Wait it long-polls.
func (c *Client) Events(ctx context.Context, q api.EventQuery) ([]api.Event, error) {
	var out api.Events
	return out.Events, c.do(ctx, http.MethodGet, api.PathEvents+"?"+q.Values().Encode(), nil, &out)
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
