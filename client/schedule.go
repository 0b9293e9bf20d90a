package client

import (
	"context"
	"net/http"

	"github.com/aiflow-go/aiflow/api"
)

// AddSchedule adds a schedule to a workflow; a bad expression is refused
// with the diagnostics of aiflow validate.
func (c *Client) AddSchedule(ctx context.Context, ns, name, expression string) (api.Schedule, error) {
	var out api.Schedule
	return out, c.do(ctx, http.MethodPost, api.WorkflowSchedulesPath(ns, name), api.AddScheduleRequest{Expression: expression}, &out)
}

// Schedules lists the schedules of a workflow by id.
func (c *Client) Schedules(ctx context.Context, ns, name string) ([]api.Schedule, error) {
	var out api.Schedules
	return out.Schedules, c.do(ctx, http.MethodGet, api.WorkflowSchedulesPath(ns, name), nil, &out)
}

// AllSchedules lists the schedules of every workflow by id.
func (c *Client) AllSchedules(ctx context.Context) ([]api.Schedule, error) {
	var out api.Schedules
	return out.Schedules, c.do(ctx, http.MethodGet, api.PathSchedules, nil, &out)
}

// Schedule returns one schedule.
func (c *Client) Schedule(ctx context.Context, id int64) (api.Schedule, error) {
	var out api.Schedule
	return out, c.do(ctx, http.MethodGet, api.SchedulePath(id), nil, &out)
}

// SetSchedulePaused pauses or resumes a schedule.
func (c *Client) SetSchedulePaused(ctx context.Context, id int64, paused bool) (api.Schedule, error) {
	var out api.Schedule
	return out, c.do(ctx, http.MethodPost, api.SchedulePath(id)+pauseVerb(paused), nil, &out)
}

// DeleteSchedule deletes a schedule and returns it.
func (c *Client) DeleteSchedule(ctx context.Context, id int64) (api.Schedule, error) {
	var out api.Schedule
	return out, c.do(ctx, http.MethodDelete, api.SchedulePath(id), nil, &out)
}

// DeleteSchedules deletes every schedule of a workflow, declared ones
// included, and returns them.
func (c *Client) DeleteSchedules(ctx context.Context, ns, name string) ([]api.Schedule, error) {
	var out api.Schedules
	return out.Schedules, c.do(ctx, http.MethodDelete, api.WorkflowSchedulesPath(ns, name), nil, &out)
}

// AddTrigger adds a trigger to a workflow; a bad condition is refused with
// the diagnostics of aiflow validate.
func (c *Client) AddTrigger(ctx context.Context, ns, name string, req api.AddTriggerRequest) (api.Trigger, error) {
	var out api.Trigger
	return out, c.do(ctx, http.MethodPost, api.WorkflowTriggersPath(ns, name), req, &out)
}

// Triggers lists the triggers of a workflow by id.
func (c *Client) Triggers(ctx context.Context, ns, name string) ([]api.Trigger, error) {
	var out api.Triggers
	return out.Triggers, c.do(ctx, http.MethodGet, api.WorkflowTriggersPath(ns, name), nil, &out)
}

// AllTriggers lists the triggers of every workflow by id.
func (c *Client) AllTriggers(ctx context.Context) ([]api.Trigger, error) {
	var out api.Triggers
	return out.Triggers, c.do(ctx, http.MethodGet, api.PathTriggers, nil, &out)
}

// Trigger returns one trigger.
func (c *Client) Trigger(ctx context.Context, id int64) (api.Trigger, error) {
	var out api.Trigger
	return out, c.do(ctx, http.MethodGet, api.TriggerPath(id), nil, &out)
}

// SetTriggerPaused pauses or resumes a trigger.
func (c *Client) SetTriggerPaused(ctx context.Context, id int64, paused bool) (api.Trigger, error) {
	var out api.Trigger
	return out, c.do(ctx, http.MethodPost, api.TriggerPath(id)+pauseVerb(paused), nil, &out)
}

// DeleteTrigger deletes a trigger and returns it.
func (c *Client) DeleteTrigger(ctx context.Context, id int64) (api.Trigger, error) {
	var out api.Trigger
	return out, c.do(ctx, http.MethodDelete, api.TriggerPath(id), nil, &out)
}

// DeleteTriggers deletes every trigger of a workflow, declared ones
// included, and returns them.
func (c *Client) DeleteTriggers(ctx context.Context, ns, name string) ([]api.Trigger, error) {
	var out api.Triggers
	return out.Triggers, c.do(ctx, http.MethodDelete, api.WorkflowTriggersPath(ns, name), nil, &out)
}

func pauseVerb(paused bool) string {
	if paused {
		return "/pause"
	}
	return "/resume"
}
