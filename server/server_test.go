package server_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/engine/enginetest"
	"github.com/aiflow-go/aiflow/storage"
)

// start serves a fresh database and returns a client of it and the store.
func start(t testing.TB, token string) (*client.Client, storage.Store) {
	t.Helper()
	h := enginetest.Start(t, engine.Options{Token: token})
	return h.Client, h.Store
}

func yamlWF(name string, extra string) []byte {
	return []byte("name: " + name + "\n" + extra + "tasks:\n  - name: a\n    operator: bash\n    bash_command: echo a\n")
}

func upload(name string, extra string) api.UploadRequest {
	return api.UploadRequest{Path: name + ".yaml", Source: yamlWF(name, extra)}
}

// status returns the HTTP status of a client error, 0 for none.
func status(err error) int {
	var ce *client.Error
	if errors.As(err, &ce) {
		return ce.Status
	}
	return 0
}

func TestToken(t *testing.T) {
	ctx := context.Background()
	good, st := start(t, "s3cret")
	base := good.Addr()
	for _, tc := range []struct {
		name, token string
	}{{"missing", ""}, {"wrong", "s3cre"}, {"longer", "s3cret!"}} {
		t.Run(tc.name, func(t *testing.T) {
			bad := client.New(base, tc.token)
			_, err := bad.AddNamespace(ctx, "x", nil)
			if got := status(err); got != http.StatusUnauthorized {
				t.Fatalf("AddNamespace with token %q: status %d (%v), want 401", tc.token, got, err)
			}
			if _, err := bad.Upload(ctx, upload("wf", "")); status(err) != http.StatusUnauthorized {
				t.Fatalf("Upload: %v, want 401", err)
			}
			if _, err := bad.Health(ctx); status(err) != http.StatusUnauthorized {
				t.Fatalf("Health: %v, want 401", err)
			}
		})
	}
	// Nothing was touched.
	if _, err := st.GetNamespace(ctx, "x"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("namespace x after refused calls: %v", err)
	}
	if ws, _ := st.ListWorkflows(ctx, storage.WorkflowFilter{}); len(ws) != 0 {
		t.Errorf("workflows after refused calls: %v", ws)
	}
	if _, err := good.AddNamespace(ctx, "x", nil); err != nil {
		t.Fatalf("with the token: %v", err)
	}
}

func TestUploadRefusesEscapes(t *testing.T) {
	ctx := context.Background()
	c, st := start(t, "")
	for _, tc := range []struct {
		name   string
		source string
		files  []string
		want   string
	}{
		{"dotdot", "wf.yaml", []string{"../x.sh"}, `artifact path "../x.sh" is not a relative path`},
		{"inner dotdot", "wf.yaml", []string{"a/../../x.sh"}, `is not a relative path`},
		{"absolute", "wf.yaml", []string{"/etc/passwd"}, `is not a relative path`},
		{"backslash", "wf.yaml", []string{`..\x.sh`}, `is not a relative path`},
		{"empty", "wf.yaml", []string{""}, `is not a relative path`},
		{"dot", "wf.yaml", []string{"."}, `is not a relative path`},
		{"twice", "wf.yaml", []string{"a.sh", "a.sh"}, `"a.sh" is given twice`},
		{"shadows source", "wf.yaml", []string{"wf.yaml"}, `"wf.yaml" is given twice (or names the definition file)`},
		{"file and folder", "wf.yaml", []string{"a", "a/b"}, `"a" is both a file and the folder of "a/b"`},
		{"source in folder", "../wf.yaml", nil, `source name "../wf.yaml" must be a file name`},
		{"source not a definition", "wf.sh", nil, `source name "wf.sh" must be a file name`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := api.UploadRequest{Path: "wf.yaml", SourceName: tc.source, Source: yamlWF("wf", "")}
			for _, f := range tc.files {
				req.Files = append(req.Files, api.File{Path: f, Data: []byte("x")})
			}
			_, err := c.Upload(ctx, req)
			if status(err) != http.StatusBadRequest || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v (status %d), want 400 containing %q", err, status(err), tc.want)
			}
		})
	}
	if ws, _ := st.ListWorkflows(ctx, storage.WorkflowFilter{}); len(ws) != 0 {
		t.Errorf("refused uploads stored %d workflows", len(ws))
	}
}

func TestUploadInvalid(t *testing.T) {
	ctx := context.Background()
	c, st := start(t, "")
	// The second workflow is broken: the first is not stored either.
	src := string(yamlWF("good", "")) + "---\nname: bad\ntasks:\n  - name: a\n    operator: bash\n"
	_, err := c.Upload(ctx, api.UploadRequest{Path: "dir/two.yaml", Source: []byte(src)})
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusUnprocessableEntity || ce.Body.Code != api.CodeInvalid {
		t.Fatalf("got %v, want 422 invalid", err)
	}
	want := []api.Diagnostic{{Severity: "error", Code: "missing-argument",
		Message: `bash task "a" in workflow "bad" is missing bash_command`,
		Span:    api.Span{File: "dir/two.yaml", Line: 9, Column: 5, EndLine: 10, EndColumn: 19}}}
	if diff := cmp.Diff(want, ce.Body.Diagnostics); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if ws, _ := st.ListWorkflows(ctx, storage.WorkflowFilter{}); len(ws) != 0 {
		t.Errorf("an invalid upload stored %d workflows", len(ws))
	}
}

// TestScheduleSync checks that a re-upload replaces the schedules and
// triggers the previous definition declared, keeps their paused state when
// they stay, and leaves the ones added through the API alone, even when
// they equal a declared one.
func TestScheduleSync(t *testing.T) {
	ctx := context.Background()
	c, st := start(t, "")
	v1 := "schedules: [\"cron@0 1 * * *\", \"cron@0 2 * * *\"]\ntriggers:\n  - event: go\n"
	res, err := c.Upload(ctx, upload("wf", v1))
	if err != nil {
		t.Fatal(err)
	}
	id := res.Workflows[0].ID
	scs, _ := st.ListSchedules(ctx, id)
	if len(scs) != 2 {
		t.Fatalf("schedules after the first upload: %v", scs)
	}
	// Pause the one that stays; add one by hand.
	scs[1].Paused = true
	if err := st.UpdateSchedule(ctx, scs[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddSchedule(ctx, "default", "wf", "cron@0 9 * * *"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddTrigger(ctx, "default", "wf", api.AddTriggerRequest{EventKey: "go"}); err != nil {
		t.Fatal(err)
	}
	v2 := "schedules: [\"cron@0 2 * * *\", \"cron@0 3 * * *\"]\n"
	if _, err := c.Upload(ctx, upload("wf", v2)); err != nil {
		t.Fatal(err)
	}
	d, err := c.Workflow(ctx, "default", "wf")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range d.Schedules {
		got = append(got, fmt.Sprintf("%s paused=%v %s", s.Expression, s.Paused, s.Origin))
	}
	for _, tr := range d.Triggers {
		got = append(got, fmt.Sprintf("%s paused=%v %s", tr.Condition, tr.Paused, tr.Origin))
	}
	want := []string{"cron@0 2 * * * paused=true definition", "cron@0 9 * * * paused=false added",
		"cron@0 3 * * * paused=false definition", `{"kind":"event","event_key":"go"} paused=false added`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("schedules and triggers (-want +got):\n%s", diff)
	}
	if d.Snapshot.ID != d.LatestSnapshotID || d.Snapshot.SourceName != "wf.yaml" {
		t.Errorf("snapshot %+v, latest %d", d.Snapshot, d.LatestSnapshotID)
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	if _, err := c.Upload(ctx, upload("wf", "")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		call   func() error
		status int
		want   string
	}{
		{"duplicate namespace", func() error { _, err := c.AddNamespace(ctx, "default", nil); return err },
			http.StatusConflict, `namespace "default" already exists`},
		{"delete busy namespace", func() error { return c.DeleteNamespace(ctx, "default") },
			http.StatusConflict, `namespace "default" is not empty`},
		{"dot namespace", func() error { _, err := c.AddNamespace(ctx, "..", nil); return err },
			http.StatusBadRequest, `namespace name ".." must not be "." or ".."`},
		{"star namespace", func() error { _, err := c.AddNamespace(ctx, "*", nil); return err },
			http.StatusBadRequest, `namespace name "*" must not be "*", which stands for any namespace`},
		{"upload to unknown namespace", func() error { _, err := c.Upload(ctx, upload("wf2", "namespace: nope\n")); return err },
			http.StatusNotFound, `namespace "nope" does not exist; create it with 'aiflow namespace add nope'`},
		{"delete unknown namespace", func() error { return c.DeleteNamespace(ctx, "nope") },
			http.StatusNotFound, `namespace "nope" does not exist`},
		{"list unknown namespace", func() error { _, err := c.Workflows(ctx, "nope"); return err },
			http.StatusNotFound, `namespace "nope" does not exist; create it with 'aiflow namespace add nope'`},
		{"show unknown", func() error { _, err := c.Workflow(ctx, "default", "nope"); return err },
			http.StatusNotFound, `workflow default.nope does not exist`},
		{"enable unknown", func() error { _, err := c.SetWorkflowEnabled(ctx, "default", "nope", true); return err },
			http.StatusNotFound, `workflow default.nope does not exist`},
		{"delete unknown", func() error { return c.DeleteWorkflow(ctx, "default", "nope") },
			http.StatusNotFound, `workflow default.nope does not exist`},
		{"stop all of unknown", func() error { _, err := c.StopAllExecutions(ctx, "default", "nope"); return err },
			http.StatusNotFound, `workflow default.nope does not exist`},
		{"show unknown execution", func() error { _, err := c.Execution(ctx, 99); return err },
			http.StatusNotFound, `workflow execution 99 does not exist`},
		{"stop unknown execution", func() error { _, err := c.StopExecution(ctx, 99); return err },
			http.StatusNotFound, `workflow execution 99 does not exist`},
		{"delete unknown execution", func() error { return c.DeleteExecution(ctx, 99) },
			http.StatusNotFound, `workflow execution 99 does not exist`},
		{"task action on unknown execution", func() error { _, err := c.TaskAction(ctx, 99, "a", "start"); return err },
			http.StatusNotFound, `workflow execution 99 does not exist`},
		{"show unknown task execution", func() error { _, err := c.TaskExecution(ctx, 99); return err },
			http.StatusNotFound, `task execution 99 does not exist`},
		{"log of unknown task execution", func() error { _, err := c.Log(ctx, 99, 0); return err },
			http.StatusNotFound, `task execution 99 does not exist`},
		{"report of unknown task execution", func() error { return c.Report(ctx, 99, api.TaskReport{Event: api.ReportStarted}) },
			http.StatusNotFound, `task execution 99 does not exist`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if status(err) != tc.status || err.Error() != tc.want && !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("got %v (status %d), want %d %q", err, status(err), tc.status, tc.want)
			}
		})
	}
}

func TestDeleteRefusedWhileRunning(t *testing.T) {
	ctx := context.Background()
	c, st := start(t, "")
	res, err := c.Upload(ctx, upload("wf", ""))
	if err != nil {
		t.Fatal(err)
	}
	w := res.Workflows[0]
	e, err := st.CreateExecution(ctx, storage.Execution{WorkflowID: w.ID, SnapshotID: w.LatestSnapshotID,
		Status: storage.ExecutionRunning, RunType: storage.RunManual})
	if err != nil {
		t.Fatal(err)
	}
	err = c.DeleteWorkflow(ctx, "default", "wf")
	want := fmt.Sprintf("workflow default.wf cannot be deleted: workflow execution %d is RUNNING, not finished; stop it first", e.ID)
	if status(err) != http.StatusConflict || err.Error() != want {
		t.Fatalf("got %v, want 409 %q", err, want)
	}
	e.Status = storage.ExecutionStopped
	if err := st.UpdateExecution(ctx, e, storage.ExecutionRunning); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteWorkflow(ctx, "default", "wf"); err != nil {
		t.Fatalf("delete after the execution stopped: %v", err)
	}
}

// TestEngineRefusals: the engine's refusals are conflicts, answered with
// the engine's message.
func TestEngineRefusals(t *testing.T) {
	ctx := context.Background()
	c, st := start(t, "")
	res, err := c.Upload(ctx, upload("wf", ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetWorkflowEnabled(ctx, "default", "wf", false); err != nil {
		t.Fatal(err)
	}
	_, err = c.StartExecution(ctx, "default", "wf", api.StartExecutionRequest{})
	want := "workflow default.wf is disabled; enable it with 'aiflow workflow enable wf -n default'"
	if status(err) != http.StatusConflict || err.Error() != want {
		t.Fatalf("start: got %v, want 409 %q", err, want)
	}
	w := res.Workflows[0]
	e, err := st.CreateExecution(ctx, storage.Execution{WorkflowID: w.ID, SnapshotID: w.LatestSnapshotID,
		Status: storage.ExecutionStopped, RunType: storage.RunManual})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.StopExecution(ctx, e.ID)
	want = fmt.Sprintf("workflow execution %d is STOPPED, not RUNNING", e.ID)
	if status(err) != http.StatusConflict || err.Error() != want {
		t.Fatalf("stop: got %v, want 409 %q", err, want)
	}
}

// TestConcurrentClients has 8 clients upload and list at once: every upload
// is stored and no call fails (no "database is locked").
func TestConcurrentClients(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	const clients, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, clients*each*2)
	for i := range clients {
		wg.Go(func() {
			for j := range each {
				if _, err := c.Upload(ctx, upload(fmt.Sprintf("wf_%d_%d", i, j), "schedules: [\"cron@0 1 * * *\"]\n")); err != nil {
					errs <- err
				}
				if _, err := c.Workflows(ctx, "default"); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	ws, err := c.Workflows(ctx, "default")
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != clients*each {
		t.Errorf("%d workflows stored, want %d", len(ws), clients*each)
	}
}

func TestUnknownPath(t *testing.T) {
	c, _ := start(t, "")
	resp, err := http.Get("http://" + c.Addr() + "/api/v2/namespaces")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("status %d, want 404", resp.StatusCode)
	}
}
