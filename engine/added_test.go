package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/engine/enginetest"
)

// Triggers added through the API (aiflow workflow-trigger add) fire like
// declared ones: on their key in their workflow's namespace, or only in the
// namespace they name; a paused one never fires.
func TestAddedTriggers(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	ctx := context.Background()
	h.Upload("target.yaml", `name: target
tasks:
  - {name: a, operator: bash, bash_command: "true"}
`)
	add := func(req api.AddTriggerRequest) api.Trigger {
		t.Helper()
		tr, err := h.Client.AddTrigger(ctx, "default", "target", req)
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	goT := add(api.AddTriggerRequest{EventKey: "go"})
	far := add(api.AddTriggerRequest{EventKey: "far", EventNamespace: "ml"})
	held := add(api.AddTriggerRequest{EventKey: "held"})
	if _, err := h.Client.SetTriggerPaused(ctx, held.ID, true); err != nil {
		t.Fatal(err)
	}
	send := func(key, ns string) {
		t.Helper()
		if _, err := h.Client.SendEvent(ctx, api.SendEventRequest{Key: key, Namespace: ns}); err != nil {
			t.Fatal(err)
		}
	}
	// evaluated waits until trigger id has been evaluated n times; events
	// are applied in order, so the ones sent before are applied too.
	evaluated := func(id, n int64) {
		t.Helper()
		for deadline := time.Now().Add(timeout); ; time.Sleep(20 * time.Millisecond) {
			tr, err := h.Client.Trigger(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Evaluations == n {
				return
			}
			if tr.Evaluations > n || time.Now().After(deadline) {
				t.Fatalf("trigger %d: %d evaluations, want %d", id, tr.Evaluations, n)
			}
		}
	}
	count := func(n int) []api.Execution {
		t.Helper()
		xs, err := h.Client.Executions(ctx, "default", "target")
		if err != nil || len(xs) != n {
			t.Fatalf("executions: %+v, %v; want %d", xs, err, n)
		}
		return xs
	}
	send("far", "default")
	send("held", "default")
	send("go", "default")
	evaluated(goT.ID, 1)
	count(1)
	send("far", "ml")
	evaluated(far.ID, 1)
	for _, x := range count(2) {
		if x.RunType != "EVENT" {
			t.Errorf("execution %d: run type %s", x.ID, x.RunType)
		}
		h.Finished(x.ID, timeout)
	}
	if tr, err := h.Client.Trigger(ctx, held.ID); err != nil || tr.Evaluations != 0 {
		t.Errorf("paused trigger: %+v, %v", tr, err)
	}
}

// A schedule added through the API starts PERIODIC executions.
func TestAddedSchedule(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	ctx := context.Background()
	h.Upload("tick.yaml", `name: tick
tasks:
  - {name: a, operator: bash, bash_command: "true"}
`)
	if _, err := h.Client.AddSchedule(ctx, "default", "tick", "interval@0 0 0 0.3"); err != nil {
		t.Fatal(err)
	}
	xs := waitExecutions(t, h, "tick", 1)
	if _, err := h.Client.DeleteSchedules(ctx, "default", "tick"); err != nil {
		t.Fatal(err)
	}
	if xs[0].RunType != "PERIODIC" {
		t.Errorf("run type %s", xs[0].RunType)
	}
	xs, _ = h.Client.Executions(ctx, "default", "tick")
	for _, x := range xs {
		h.Finished(x.ID, timeout)
	}
}

// waitExecutions waits until workflow wf has n executions, failing on more.
func waitExecutions(t *testing.T, h *enginetest.Harness, wf string, n int) []api.Execution {
	t.Helper()
	for deadline := time.Now().Add(timeout); ; time.Sleep(20 * time.Millisecond) {
		xs, err := h.Client.Executions(context.Background(), "default", wf)
		if err != nil {
			t.Fatal(err)
		}
		if len(xs) > n || (len(xs) < n && time.Now().After(deadline)) {
			t.Fatalf("executions of %s: %+v, want %d", wf, xs, n)
		}
		if len(xs) == n {
			return xs
		}
	}
}
