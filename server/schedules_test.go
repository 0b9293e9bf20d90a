package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
)

func TestSchedules(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	if _, err := c.Upload(ctx, upload("wf", "schedules: [\"cron@0 2 * * *\"]\n")); err != nil {
		t.Fatal(err)
	}
	before := time.Now().Truncate(time.Millisecond) // the store keeps milliseconds
	sc, err := c.AddSchedule(ctx, "default", "wf", "interval@0 1 0 0")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Origin != api.OriginAdded || sc.Workflow != "wf" || sc.Namespace != "default" || sc.Paused ||
		sc.NextFireTime == nil || sc.NextFireTime.Before(before.Add(time.Hour)) || len(sc.Diagnostics) != 0 {
		t.Errorf("AddSchedule = %+v", sc)
	}
	scs, err := c.Schedules(ctx, "default", "wf")
	if err != nil || len(scs) != 2 || scs[0].Origin != api.OriginDefinition || scs[1].ID != sc.ID {
		t.Fatalf("Schedules = %+v, %v", scs, err)
	}
	if all, err := c.AllSchedules(ctx); err != nil || len(all) != 2 {
		t.Errorf("AllSchedules = %+v, %v", all, err)
	}

	paused, err := c.SetSchedulePaused(ctx, sc.ID, true)
	if err != nil || !paused.Paused || paused.NextFireTime != nil {
		t.Errorf("pause = %+v, %v", paused, err)
	}
	// Resumed, an interval schedule fires on the grid of its create time.
	resumed, err := c.SetSchedulePaused(ctx, sc.ID, false)
	if err != nil || resumed.Paused || resumed.NextFireTime == nil ||
		resumed.NextFireTime.Sub(resumed.CreateTime) != time.Hour {
		t.Errorf("resume = %+v, %v", resumed, err)
	}
	if got, err := c.Schedule(ctx, sc.ID); err != nil || got.ID != sc.ID || got.Paused {
		t.Errorf("Schedule = %+v, %v", got, err)
	}
	if got, err := c.DeleteSchedule(ctx, sc.ID); err != nil || got.ID != sc.ID {
		t.Errorf("DeleteSchedule = %+v, %v", got, err)
	}
	deleted, err := c.DeleteSchedules(ctx, "default", "wf")
	if err != nil || len(deleted) != 1 || deleted[0].Expression != "cron@0 2 * * *" {
		t.Errorf("DeleteSchedules = %+v, %v", deleted, err)
	}
	if scs, err := c.Schedules(ctx, "default", "wf"); err != nil || len(scs) != 0 {
		t.Errorf("Schedules after delete-all = %+v, %v", scs, err)
	}

	// A numeric day-of-week is stored with aiflow validate's warning.
	sc, err = c.AddSchedule(ctx, "default", "wf", "cron@0 0 * * 1")
	if err != nil || len(sc.Diagnostics) != 1 || sc.Diagnostics[0].Code != "numeric-weekday" || sc.Diagnostics[0].File != "" {
		t.Errorf("AddSchedule with a numeric weekday = %+v, %v", sc, err)
	}
}

func TestTriggersAPI(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	if _, err := c.Upload(ctx, upload("wf", "triggers:\n  - event: declared\n")); err != nil {
		t.Fatal(err)
	}
	tr, err := c.AddTrigger(ctx, "default", "wf", api.AddTriggerRequest{EventKey: "go", EventNamespace: "ml"})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Origin != api.OriginAdded || tr.EventNamespace != "ml" || string(tr.Condition) != `{"kind":"event","event_key":"go"}` {
		t.Errorf("AddTrigger = %+v (condition %s)", tr, tr.Condition)
	}
	// The workflow's own namespace is no other namespace; task-status
	// conditions name their workflow, as declared ones do.
	cond := json.RawMessage(`{"kind": "task-status", "task": "a", "status": "SUCCESS"}`)
	own, err := c.AddTrigger(ctx, "default", "wf", api.AddTriggerRequest{Condition: cond, EventNamespace: "default"})
	if err != nil || own.EventNamespace != "" ||
		string(own.Condition) != `{"kind":"task-status","namespace":"default","workflow":"wf","task":"a","status":"SUCCESS"}` {
		t.Errorf("AddTrigger with a condition = %+v (condition %s), %v", own, own.Condition, err)
	}
	trs, err := c.Triggers(ctx, "default", "wf")
	if err != nil || len(trs) != 3 || trs[0].Origin != api.OriginDefinition || trs[1].ID != tr.ID {
		t.Fatalf("Triggers = %+v, %v", trs, err)
	}
	if all, err := c.AllTriggers(ctx); err != nil || len(all) != 3 || all[2].ID != own.ID {
		t.Errorf("AllTriggers = %+v, %v", all, err)
	}
	if got, err := c.SetTriggerPaused(ctx, tr.ID, true); err != nil || !got.Paused {
		t.Errorf("pause = %+v, %v", got, err)
	}
	if got, err := c.Trigger(ctx, tr.ID); err != nil || !got.Paused || got.EventNamespace != "ml" {
		t.Errorf("Trigger = %+v, %v", got, err)
	}
	if got, err := c.SetTriggerPaused(ctx, tr.ID, false); err != nil || got.Paused {
		t.Errorf("resume = %+v, %v", got, err)
	}
	if got, err := c.DeleteTrigger(ctx, tr.ID); err != nil || got.ID != tr.ID {
		t.Errorf("DeleteTrigger = %+v, %v", got, err)
	}
	if got, err := c.DeleteTriggers(ctx, "default", "wf"); err != nil || len(got) != 2 {
		t.Errorf("DeleteTriggers = %+v, %v", got, err)
	}
}

func TestScheduleTriggerErrors(t *testing.T) {
	ctx := context.Background()
	c, st := start(t, "")
	if _, err := c.Upload(ctx, upload("wf", "")); err != nil {
		t.Fatal(err)
	}
	addTrigger := func(req api.AddTriggerRequest) func() error {
		return func() error { _, err := c.AddTrigger(ctx, "default", "wf", req); return err }
	}
	for _, tc := range []struct {
		name   string
		call   func() error
		status int
		want   string
	}{
		{"bad cron", func() error { _, err := c.AddSchedule(ctx, "default", "wf", "cron@* * *"); return err },
			http.StatusUnprocessableEntity, `schedule "cron@* * *" of workflow "wf": expected 5 fields (minute hour day-of-month month day-of-week), found 3`},
		{"bad interval", func() error { _, err := c.AddSchedule(ctx, "default", "wf", "interval@0 0 -1 0"); return err },
			http.StatusUnprocessableEntity, `schedule "interval@0 0 -1 0" of workflow "wf": minutes field: -1 is negative; every field must be 0 or more`},
		{"schedule of unknown workflow", func() error { _, err := c.AddSchedule(ctx, "default", "nope", "cron@0 2 * * *"); return err },
			http.StatusNotFound, "workflow default.nope does not exist"},
		{"unknown schedule", func() error { _, err := c.Schedule(ctx, 99); return err },
			http.StatusNotFound, "workflow schedule 99 does not exist"},
		{"pause unknown schedule", func() error { _, err := c.SetSchedulePaused(ctx, 99, true); return err },
			http.StatusNotFound, "workflow schedule 99 does not exist"},
		{"delete unknown trigger", func() error { _, err := c.DeleteTrigger(ctx, 99); return err },
			http.StatusNotFound, "workflow trigger 99 does not exist"},
		{"unknown task", addTrigger(api.AddTriggerRequest{Condition: json.RawMessage(`{"kind":"task-status","task":"b","status":"SUCCESS"}`)}),
			http.StatusUnprocessableEntity, `trigger of workflow "wf" names unknown task "b"`},
		{"two errors", addTrigger(api.AddTriggerRequest{Condition: json.RawMessage(`{"kind":"meet-any","conditions":[{"kind":"event"},{"kind":"evnt","event_key":"x"}]}`)}),
			http.StatusUnprocessableEntity, `event condition in trigger of workflow "wf" has an empty event key; condition in trigger of workflow "wf" has unknown kind "evnt"; did you mean "event"?`},
		{"bad CEL", addTrigger(api.AddTriggerRequest{Condition: json.RawMessage(`{"kind":"expression","expect_event_keys":["k"],"when":"event.value >"}`)}),
			http.StatusUnprocessableEntity, `trigger of workflow "wf"`},
		{"misspelt field", addTrigger(api.AddTriggerRequest{Condition: json.RawMessage(`{"kind":"event","event_kye":"x"}`)}),
			http.StatusBadRequest, `bad trigger condition: json: unknown field "event_kye"`},
		{"neither", addTrigger(api.AddTriggerRequest{}), http.StatusUnprocessableEntity,
			`event condition in trigger of workflow "wf" has an empty event key`},
		{"both", addTrigger(api.AddTriggerRequest{EventKey: "x", Condition: json.RawMessage(`{"kind":"event","event_key":"x"}`)}),
			http.StatusBadRequest, "a trigger takes event_key or condition, not both"},
		{"bad event namespace", addTrigger(api.AddTriggerRequest{EventKey: "x", EventNamespace: "*"}),
			http.StatusBadRequest, `namespace name "*" must not be "*"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if status(err) != tc.status || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v (status %d), want %d containing %q", err, status(err), tc.status, tc.want)
			}
		})
	}
	// Refused additions store nothing.
	scs, _ := st.ListSchedules(ctx, 0)
	trs, _ := st.ListTriggers(ctx, 0)
	if len(scs) != 0 || len(trs) != 0 {
		t.Errorf("refused additions stored %v and %v", scs, trs)
	}
}

// A refused expression carries aiflow validate's diagnostic, without a
// position: there is no file.
func TestScheduleDiagnostics(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	if _, err := c.Upload(ctx, upload("wf", "")); err != nil {
		t.Fatal(err)
	}
	_, err := c.AddSchedule(ctx, "default", "wf", "cron@61 * * * *")
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusUnprocessableEntity {
		t.Fatalf("AddSchedule: %v", err)
	}
	b := ce.Body
	if b.Code != api.CodeInvalid || len(b.Diagnostics) != 1 || b.Diagnostics[0].Code != "bad-cron" ||
		b.Diagnostics[0].Message != b.Message || b.Diagnostics[0].Span != (api.Span{}) {
		t.Errorf("error body %+v", b)
	}
}
