package client

import (
	"context"
	"net/http"
	"strconv"

	"github.com/aiflow-go/aiflow/api"
)

// StartExecution starts an execution of a workflow.
func (c *Client) StartExecution(ctx context.Context, ns, name string, req api.StartExecutionRequest) (api.Execution, error) {
	var out api.Execution
	return out, c.do(ctx, http.MethodPost, api.WorkflowExecutionsPath(ns, name), req, &out)
}

// Executions lists the executions of a workflow by id.
func (c *Client) Executions(ctx context.Context, ns, name string) ([]api.Execution, error) {
	var out api.Executions
	return out.Executions, c.do(ctx, http.MethodGet, api.WorkflowExecutionsPath(ns, name), nil, &out)
}

// AllExecutions lists the executions of every workflow by id, those with
// one of the statuses (all of them when none is given).
func (c *Client) AllExecutions(ctx context.Context, statuses ...string) ([]api.Execution, error) {
	var out api.Executions
	return out.Executions, c.do(ctx, http.MethodGet, api.PathExecutions+api.ExecutionsQuery(statuses...), nil, &out)
}

// StopAllExecutions stops every alive execution of a workflow.
func (c *Client) StopAllExecutions(ctx context.Context, ns, name string) ([]api.Execution, error) {
	var out api.StopAllResponse
	return out.Executions, c.do(ctx, http.MethodPost, api.WorkflowExecutionsPath(ns, name)+"/stop", nil, &out)
}

// Execution returns an execution with its task runs.
func (c *Client) Execution(ctx context.Context, id int64) (api.ExecutionDetail, error) {
	var out api.ExecutionDetail
	return out, c.do(ctx, http.MethodGet, api.ExecutionPath(id), nil, &out)
}

// ExecutionRules explains the rules of an execution.
func (c *Client) ExecutionRules(ctx context.Context, id int64) (api.ExecutionRules, error) {
	var out api.ExecutionRules
	return out, c.do(ctx, http.MethodGet, api.ExecutionPath(id)+"/rules", nil, &out)
}

// StopExecution stops an execution and its live task runs.
func (c *Client) StopExecution(ctx context.Context, id int64) (api.Execution, error) {
	var out api.Execution
	return out, c.do(ctx, http.MethodPost, api.ExecutionPath(id)+"/stop", nil, &out)
}

// DeleteExecution deletes a finished execution and its task runs.
func (c *Client) DeleteExecution(ctx context.Context, id int64) error {
	return c.do(ctx, http.MethodDelete, api.ExecutionPath(id), nil, nil)
}

// TaskAction starts, restarts or stops a task of an execution; verb is
// "start", "restart" or "stop".
func (c *Client) TaskAction(ctx context.Context, id int64, task, verb string) (api.TaskAction, error) {
	var out api.TaskAction
	return out, c.do(ctx, http.MethodPost, api.ExecutionTaskPath(id, task)+"/"+verb, nil, &out)
}

// TaskExecutions lists the task runs of an execution by id.
func (c *Client) TaskExecutions(ctx context.Context, id int64) ([]api.TaskExecution, error) {
	var out api.TaskExecutions
	return out.TaskExecutions, c.do(ctx, http.MethodGet, api.ExecutionPath(id)+"/task-executions", nil, &out)
}

// TaskExecution returns one task run.
func (c *Client) TaskExecution(ctx context.Context, id int64) (api.TaskExecution, error) {
	var out api.TaskExecution
	return out, c.do(ctx, http.MethodGet, api.TaskExecutionPath(id), nil, &out)
}

// Log reads a task run's log from offset.
func (c *Client) Log(ctx context.Context, id, offset int64) (api.LogChunk, error) {
	var out api.LogChunk
	return out, c.do(ctx, http.MethodGet, api.TaskExecutionPath(id)+"/log?offset="+strconv.FormatInt(offset, 10), nil, &out)
}

// Report sends a supervisor's report about a task run.
func (c *Client) Report(ctx context.Context, id int64, r api.TaskReport) error {
	return c.do(ctx, http.MethodPost, api.TaskExecutionPath(id)+"/report", r, nil)
}
