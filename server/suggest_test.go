package server_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/aiflow-go/aiflow/api"
)

// TestNotFoundSuggests: a misspelt namespace, workflow or task name gets the
// nearest existing one, or the namespace that has the workflow.
func TestNotFoundSuggests(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	if _, err := c.AddNamespace(ctx, "ml", nil); err != nil {
		t.Fatal(err)
	}
	for _, req := range []api.UploadRequest{upload("etl", ""), upload("train", "namespace: ml\n")} {
		if _, err := c.Upload(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	x, err := c.StartExecution(ctx, "default", "etl", api.StartExecutionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"workflow", func() error { _, err := c.Workflow(ctx, "default", "etll"); return err },
			`workflow default.etll does not exist; did you mean "etl"?`},
		{"start", func() error {
			_, err := c.StartExecution(ctx, "default", "Etl_", api.StartExecutionRequest{})
			return err
		},
			`workflow default.Etl_ does not exist; did you mean "etl"?`},
		{"other namespace", func() error { _, err := c.Executions(ctx, "default", "train"); return err },
			`workflow default.train does not exist; namespace "ml" has one (-n ml)`},
		{"no namespace", func() error { _, err := c.Workflow(ctx, "mll", "x"); return err },
			`workflow mll.x does not exist: namespace "mll" does not exist; did you mean "ml"?`},
		{"namespace", func() error { _, err := c.Workflows(ctx, "mll"); return err },
			`namespace "mll" does not exist; did you mean "ml"?`},
		{"nothing near", func() error { _, err := c.Workflow(ctx, "default", "zzzzzz"); return err },
			`workflow default.zzzzzz does not exist`},
		{"task", func() error { _, err := c.TaskAction(ctx, x.ID, "b", "start"); return err },
			`workflow execution 1 (workflow "etl") has no task "b"; did you mean "a"?`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if status(err) != http.StatusNotFound || err.Error() != tc.want {
				t.Errorf("got %v (status %d), want 404 %q", err, status(err), tc.want)
			}
		})
	}
}

// TestAllExecutions: the executions of every workflow, by status.
func TestAllExecutions(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	if _, err := c.Upload(ctx, api.UploadRequest{Path: "w.yaml", Source: []byte("name: w\ntasks:\n  - {name: a, operator: bash, bash_command: sleep 30}\n")}); err != nil {
		t.Fatal(err)
	}
	x, err := c.StartExecution(ctx, "default", "w", api.StartExecutionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	running, err := c.AllExecutions(ctx, "RUNNING")
	if err != nil || len(running) != 1 || running[0].ID != x.ID || running[0].Workflow != "w" {
		t.Fatalf("running = %+v, %v", running, err)
	}
	if _, err := c.StopExecution(ctx, x.ID); err != nil {
		t.Fatal(err)
	}
	if running, err = c.AllExecutions(ctx, "RUNNING", "INIT"); err != nil || len(running) != 0 {
		t.Errorf("running after the stop = %+v, %v", running, err)
	}
	if all, err := c.AllExecutions(ctx); err != nil || len(all) != 1 || all[0].Status != "STOPPED" {
		t.Errorf("all = %+v, %v", all, err)
	}
	if _, err := c.AllExecutions(ctx, "DONE"); status(err) != http.StatusBadRequest {
		t.Errorf("status DONE: %v", err)
	}
}
