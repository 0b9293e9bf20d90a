// Package storagetest is the conformance suite every storage.Store backend
// must pass: call Run from the backend's tests with a function that opens a
// fresh, empty (migrated) store.
package storagetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aiflow-go/aiflow/storage"
)

// Run runs the suite. open must return a new store with only the default
// namespace in it; Run closes it.
func Run(t *testing.T, open func(t *testing.T) storage.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s storage.Store)
	}{
		{"Namespaces", testNamespaces},
		{"Upload", testUpload},
		{"SnapshotHeader", testSnapshotHeader},
		{"UploadRollback", testUploadRollback},
		{"ListWorkflows", testListWorkflows},
		{"WorkflowFlags", testWorkflowFlags},
		{"DeleteWorkflow", testDeleteWorkflow},
		{"Schedules", testSchedules},
		{"Triggers", testTriggers},
		{"Executions", testExecutions},
		{"TaskExecutions", testTaskExecutions},
		{"Events", testEvents},
		{"State", testState},
		{"Evaluations", testEvaluations},
		{"EngineOffset", testEngineOffset},
		{"Update", testUpdate},
		{"View", testView},
		{"Concurrency", testConcurrency},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

// wantErr fails unless err wraps target and, if sub is not empty, its
// message contains sub.
func wantErr(t *testing.T, err, target error, sub string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error = %v, want %v", err, target)
	}
	if sub != "" && !strings.Contains(err.Error(), sub) {
		t.Fatalf("error = %q, want it to contain %q", err, sub)
	}
}

// wantNotFound fails t unless err is a *storage.NotFoundError for what, the
// name the server shows users ("workflow execution 7 does not exist").
func wantNotFound(t *testing.T, err error, what string) {
	t.Helper()
	var nf *storage.NotFoundError
	if !errors.As(err, &nf) || nf.What != what || !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("error = %v, want a NotFoundError for %s", err, what)
	}
}

// must returns v after failing t on err:
//
//	w := must(s.GetWorkflowByID(ctx, id))(t)
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// checkTime fails unless tm is set, in UTC, whole milliseconds and recent.
func checkTime(t *testing.T, what string, tm time.Time) {
	t.Helper()
	switch {
	case tm.IsZero():
		t.Errorf("%s is not set", what)
	case tm.Location() != time.UTC:
		t.Errorf("%s = %v, want UTC", what, tm)
	case tm.Nanosecond()%int(time.Millisecond) != 0:
		t.Errorf("%s = %v, want whole milliseconds", what, tm)
	case time.Since(tm) > time.Hour || time.Until(tm) > time.Hour:
		t.Errorf("%s = %v, want about now", what, tm)
	}
}

// upload stores a one-file workflow and returns it with its snapshot.
func upload(t *testing.T, s storage.Store, ns, name string) (storage.Workflow, storage.Snapshot) {
	t.Helper()
	w, sn, err := s.UploadWorkflow(context.Background(), storage.Upload{
		Namespace: ns,
		Name:      name,
		Snapshot: storage.Snapshot{
			SourceName: name + ".yaml",
			Source:     []byte("name: " + name + "\n"),
			IR:         []byte(`[{"name":"` + name + `"}]`),
			Files: []storage.File{
				{Path: "lib/util.sh", Mode: 0o755, Data: []byte("echo hi\n")},
				{Path: "data/in.csv", Mode: 0o644, Data: []byte("a,b\n")},
				{Path: "empty", Mode: 0o600},
			},
		},
	})
	if err != nil {
		t.Fatalf("UploadWorkflow(%s.%s): %v", ns, name, err)
	}
	return w, sn
}

// execution starts a RUNNING execution of w's latest snapshot.
func execution(t *testing.T, s storage.Store, w storage.Workflow) storage.Execution {
	t.Helper()
	e, err := s.CreateExecution(context.Background(), storage.Execution{
		WorkflowID: w.ID, SnapshotID: w.LatestSnapshotID, Status: storage.ExecutionRunning,
		RunType: storage.RunManual, BeginTime: time.Now(),
	})
	if err != nil {
		t.Fatalf("CreateExecution: %v", err)
	}
	return e
}

func testNamespaces(t *testing.T, s storage.Store) {
	ctx := context.Background()
	def := must(s.GetNamespace(ctx, storage.DefaultNamespace))(t)
	if def.Name != "default" || len(def.Properties) != 0 {
		t.Errorf("default namespace = %+v", def)
	}
	ok(t, s.CreateNamespace(ctx, storage.Namespace{Name: "prod", Properties: map[string]string{"team": "data"}}))
	ok(t, s.CreateNamespace(ctx, storage.Namespace{Name: "b"}))
	wantErr(t, s.CreateNamespace(ctx, storage.Namespace{Name: "prod"}), storage.ErrConflict, `"prod"`)
	if err := s.CreateNamespace(ctx, storage.Namespace{}); err == nil {
		t.Error("CreateNamespace with an empty name succeeded")
	}
	got := must(s.GetNamespace(ctx, "prod"))(t)
	if diff := cmp.Diff(storage.Namespace{Name: "prod", Properties: map[string]string{"team": "data"}}, got); diff != "" {
		t.Errorf("GetNamespace (-want +got):\n%s", diff)
	}
	_, err := s.GetNamespace(ctx, "nope")
	wantNotFound(t, err, `namespace "nope"`)

	names := []string{}
	for _, ns := range must(s.ListNamespaces(ctx))(t) {
		names = append(names, ns.Name)
	}
	if diff := cmp.Diff([]string{"b", "default", "prod"}, names); diff != "" {
		t.Errorf("ListNamespaces (-want +got):\n%s", diff)
	}

	upload(t, s, "prod", "etl")
	wantErr(t, s.DeleteNamespace(ctx, "prod"), storage.ErrNotEmpty, `"prod"`)
	wantNotFound(t, s.DeleteNamespace(ctx, "nope"), `namespace "nope"`)
	ok(t, s.DeleteNamespace(ctx, "b"))
	_, err = s.GetNamespace(ctx, "b")
	wantErr(t, err, storage.ErrNotFound, "")
}

func testUpload(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w1, sn1 := upload(t, s, "default", "etl")
	if w1.ID <= 0 || !w1.Enabled || w1.EventOffset != -1 || w1.LatestSnapshotID != sn1.ID || w1.Namespace != "default" || w1.Name != "etl" {
		t.Errorf("first upload: workflow = %+v, snapshot id %d", w1, sn1.ID)
	}
	checkTime(t, "CreateTime", w1.CreateTime)
	checkTime(t, "UpdateTime", w1.UpdateTime)
	checkTime(t, "snapshot CreateTime", sn1.CreateTime)
	if sn1.ID <= 0 || sn1.WorkflowID != w1.ID {
		t.Errorf("snapshot = %+v", sn1)
	}
	if paths := []string{sn1.Files[0].Path, sn1.Files[1].Path, sn1.Files[2].Path}; !slices.IsSorted(paths) {
		t.Errorf("snapshot files not sorted by path: %v", paths)
	}
	if sn1.Signature != storage.Sign(sn1) || len(sn1.Signature) != 64 {
		t.Errorf("signature %q, want Sign = %q", sn1.Signature, storage.Sign(sn1))
	}

	got := must(s.GetSnapshot(ctx, sn1.ID))(t)
	if diff := cmp.Diff(sn1, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("GetSnapshot (-want +got):\n%s", diff)
	}

	ok(t, s.SetWorkflowEnabled(ctx, w1.ID, false))
	w2, sn2 := upload(t, s, "default", "etl")
	if w2.ID != w1.ID || !w2.Enabled || sn2.ID <= sn1.ID || w2.LatestSnapshotID != sn2.ID || !w2.CreateTime.Equal(w1.CreateTime) {
		t.Errorf("re-upload: workflow = %+v (first %+v), snapshot %d", w2, w1, sn2.ID)
	}
	if diff := cmp.Diff(w2, must(s.GetWorkflow(ctx, "default", "etl"))(t)); diff != "" {
		t.Errorf("GetWorkflow (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(w2, must(s.GetWorkflowByID(ctx, w1.ID))(t)); diff != "" {
		t.Errorf("GetWorkflowByID (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(sn2, must(s.LatestSnapshot(ctx, w1.ID))(t), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("LatestSnapshot (-want +got):\n%s", diff)
	}
	list := must(s.ListSnapshots(ctx, w1.ID))(t)
	if len(list) != 2 || list[0].ID != sn1.ID || list[1].ID != sn2.ID || list[0].Signature != sn1.Signature || list[1].Source != nil {
		t.Errorf("ListSnapshots = %+v", list)
	}

	_, _, err := s.UploadWorkflow(ctx, storage.Upload{Namespace: "nope", Name: "x"})
	wantErr(t, err, storage.ErrNotFound, `"nope"`)
	_, err = s.GetWorkflow(ctx, "default", "nope")
	wantNotFound(t, err, `workflow "default"."nope"`)
	_, err = s.GetWorkflowByID(ctx, 999)
	wantErr(t, err, storage.ErrNotFound, "999")
	_, err = s.GetSnapshot(ctx, 999)
	wantErr(t, err, storage.ErrNotFound, "999")
	_, err = s.LatestSnapshot(ctx, 999)
	wantErr(t, err, storage.ErrNotFound, "999")

	// Signatures depend on every part.
	base := storage.Snapshot{SourceName: "a", Source: []byte("b"), IR: []byte("c")}
	moved := storage.Snapshot{SourceName: "ab", Source: []byte(""), IR: []byte("c")}
	withFile := base
	withFile.Files = []storage.File{{Path: "f", Data: []byte("x")}}
	if storage.Sign(base) == storage.Sign(moved) || storage.Sign(base) == storage.Sign(withFile) {
		t.Error("Sign does not separate its parts")
	}
	twoFiles := base
	twoFiles.Files = []storage.File{{Path: "b"}, {Path: "a", Data: []byte("x")}}
	swapped := base
	swapped.Files = []storage.File{twoFiles.Files[1], twoFiles.Files[0]}
	if storage.Sign(twoFiles) != storage.Sign(swapped) {
		t.Error("Sign depends on the order of the files")
	}
}

func testSnapshotHeader(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w, sn := upload(t, s, "default", "etl")
	want := sn
	want.Files = nil
	for _, f := range sn.Files {
		want.Files = append(want.Files, storage.File{Path: f.Path, Mode: f.Mode})
	}
	if diff := cmp.Diff(want, must(s.LatestSnapshotHeader(ctx, w.ID))(t)); diff != "" {
		t.Errorf("LatestSnapshotHeader (-want +got):\n%s", diff)
	}
	_, err := s.LatestSnapshotHeader(ctx, 999)
	wantErr(t, err, storage.ErrNotFound, "999")
}

func testUploadRollback(t *testing.T, s storage.Store) {
	ctx := context.Background()
	_, _, err := s.UploadWorkflow(ctx, storage.Upload{Namespace: "default", Name: "dup", Snapshot: storage.Snapshot{
		SourceName: "dup.py",
		Files:      []storage.File{{Path: "a"}, {Path: "a"}},
	}})
	wantErr(t, err, storage.ErrConflict, `"a"`)
	_, err = s.GetWorkflow(ctx, "default", "dup")
	wantErr(t, err, storage.ErrNotFound, "")
}

func testListWorkflows(t *testing.T, s storage.Store) {
	ctx := context.Background()
	ok(t, s.CreateNamespace(ctx, storage.Namespace{Name: "other"}))
	var want []int64
	for i := range 25 {
		ns := "default"
		if i%5 == 0 {
			ns = "other"
		}
		w, _ := upload(t, s, ns, fmt.Sprintf("wf%02d", i))
		want = append(want, w.ID)
		if i%2 == 1 {
			ok(t, s.SetWorkflowEnabled(ctx, w.ID, false))
		}
	}
	// Page through 10 at a time.
	var got []int64
	page := storage.Page{Limit: 10}
	for {
		ws := must(s.ListWorkflows(ctx, storage.WorkflowFilter{Page: page}))(t)
		for _, w := range ws {
			got = append(got, w.ID)
		}
		if len(ws) < page.Limit {
			break
		}
		page.After = ws[len(ws)-1].ID
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paged ListWorkflows (-want +got):\n%s", diff)
	}
	if n := len(must(s.ListWorkflows(ctx, storage.WorkflowFilter{}))(t)); n != 25 {
		t.Errorf("unlimited ListWorkflows returned %d, want 25", n)
	}
	other := must(s.ListWorkflows(ctx, storage.WorkflowFilter{Namespace: "other"}))(t)
	if len(other) != 5 || other[0].Name != "wf00" || other[4].Name != "wf20" {
		t.Errorf("ListWorkflows(other) = %+v", other)
	}
	on, off := true, false
	if n := len(must(s.ListWorkflows(ctx, storage.WorkflowFilter{Enabled: &on}))(t)); n != 13 {
		t.Errorf("enabled workflows: %d, want 13", n)
	}
	dis := must(s.ListWorkflows(ctx, storage.WorkflowFilter{Namespace: "default", Enabled: &off, Page: storage.Page{Limit: 3}}))(t)
	if len(dis) != 3 || dis[0].Name != "wf01" || dis[1].Name != "wf03" || dis[2].Name != "wf07" {
		t.Errorf("disabled in default, first 3: %+v", dis)
	}
	if ws := must(s.ListWorkflows(ctx, storage.WorkflowFilter{Namespace: "nope"}))(t); len(ws) != 0 {
		t.Errorf("ListWorkflows(nope) = %+v", ws)
	}
}

func testWorkflowFlags(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w, _ := upload(t, s, "default", "etl")
	ok(t, s.SetWorkflowEnabled(ctx, w.ID, false))
	ok(t, s.SetWorkflowEventOffset(ctx, w.ID, 42))
	got := must(s.GetWorkflowByID(ctx, w.ID))(t)
	if got.Enabled || got.EventOffset != 42 {
		t.Errorf("after disable and offset 42: %+v", got)
	}
	wantErr(t, s.SetWorkflowEnabled(ctx, 999, true), storage.ErrNotFound, "999")
	wantErr(t, s.SetWorkflowEventOffset(ctx, 999, 1), storage.ErrNotFound, "999")
}

func testDeleteWorkflow(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w, sn := upload(t, s, "default", "etl")
	keep, _ := upload(t, s, "default", "keep")
	sc := must(s.CreateSchedule(ctx, storage.Schedule{WorkflowID: w.ID, Expression: "interval@0 0 1 0"}))(t)
	tr := must(s.CreateTrigger(ctx, storage.Trigger{WorkflowID: w.ID, Condition: []byte(`{}`)}))(t)
	e := execution(t, s, w)
	te := must(s.CreateTaskExecution(ctx, storage.TaskExecution{ExecutionID: e.ID, TaskName: "a"}))(t)
	ok(t, s.PutState(ctx, storage.State{WorkflowID: w.ID, Name: "n", Value: []byte("1")}))
	ok(t, s.PutState(ctx, storage.State{WorkflowID: w.ID, ExecutionID: e.ID, Name: "n", Value: []byte("2")}))
	keepE := execution(t, s, keep)

	wantErr(t, s.DeleteWorkflow(ctx, w.ID), storage.ErrBusy, fmt.Sprintf("execution %d", e.ID))
	e.Status, e.EndTime = storage.ExecutionSuccess, time.Now()
	ok(t, s.UpdateExecution(ctx, e, storage.ExecutionRunning))
	ok(t, s.DeleteWorkflow(ctx, w.ID))

	_, err := s.GetWorkflowByID(ctx, w.ID)
	wantErr(t, err, storage.ErrNotFound, "")
	_, err = s.GetSnapshot(ctx, sn.ID)
	wantErr(t, err, storage.ErrNotFound, "")
	_, err = s.GetSchedule(ctx, sc.ID)
	wantErr(t, err, storage.ErrNotFound, "")
	_, err = s.GetTrigger(ctx, tr.ID)
	wantErr(t, err, storage.ErrNotFound, "")
	_, err = s.GetExecution(ctx, e.ID)
	wantNotFound(t, err, fmt.Sprintf("workflow execution %d", e.ID))
	_, err = s.GetTaskExecution(ctx, te.ID)
	wantErr(t, err, storage.ErrNotFound, "")
	_, err = s.GetState(ctx, w.ID, 0, "n")
	wantErr(t, err, storage.ErrNotFound, "")
	_, err = s.GetState(ctx, w.ID, e.ID, "n")
	wantErr(t, err, storage.ErrNotFound, "")
	// The other workflow is untouched.
	must(s.GetExecution(ctx, keepE.ID))(t)
	must(s.LatestSnapshot(ctx, keep.ID))(t)
	wantErr(t, s.DeleteWorkflow(ctx, w.ID), storage.ErrNotFound, "")
	// The namespace still holds the other workflow.
	wantErr(t, s.DeleteNamespace(ctx, "default"), storage.ErrNotEmpty, "")
	keepE.Status = storage.ExecutionFailed
	ok(t, s.UpdateExecution(ctx, keepE, storage.ExecutionRunning))
	ok(t, s.DeleteWorkflow(ctx, keep.ID))
	ok(t, s.DeleteNamespace(ctx, "default"))
}

func testSchedules(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w, _ := upload(t, s, "default", "etl")
	now := time.Now().UTC().Truncate(time.Millisecond)
	a := must(s.CreateSchedule(ctx, storage.Schedule{WorkflowID: w.ID, Expression: "cron@0 * * * *", NextFireTime: now.Add(time.Minute)}))(t)
	b := must(s.CreateSchedule(ctx, storage.Schedule{WorkflowID: w.ID, Expression: "interval@0 0 0 10", NextFireTime: now.Add(-time.Second)}))(t)
	c := must(s.CreateSchedule(ctx, storage.Schedule{WorkflowID: w.ID, Expression: "interval@1 0 0 0", Paused: true, Origin: storage.OriginAdded}))(t)
	checkTime(t, "CreateTime", a.CreateTime)
	if a.ID <= 0 || a.WorkflowID != w.ID || a.Expression != "cron@0 * * * *" || !a.NextFireTime.Equal(now.Add(time.Minute)) || !a.LastFireTime.IsZero() || a.Paused {
		t.Errorf("CreateSchedule = %+v", a)
	}
	// The zero origin is a declared schedule's.
	if a.Origin != storage.OriginDefinition || c.Origin != storage.OriginAdded {
		t.Errorf("origins %q, %q; want %q, %q", a.Origin, c.Origin, storage.OriginDefinition, storage.OriginAdded)
	}
	if diff := cmp.Diff(a, must(s.GetSchedule(ctx, a.ID))(t)); diff != "" {
		t.Errorf("GetSchedule (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]storage.Schedule{a, b, c}, must(s.ListSchedules(ctx, w.ID))(t)); diff != "" {
		t.Errorf("ListSchedules (-want +got):\n%s", diff)
	}
	other, _ := upload(t, s, "default", "other")
	d := must(s.CreateSchedule(ctx, storage.Schedule{WorkflowID: other.ID, Expression: "interval@1 0 0 0", Paused: true}))(t)
	if diff := cmp.Diff([]storage.Schedule{a, b, c, d}, must(s.ListSchedules(ctx, 0))(t)); diff != "" {
		t.Errorf("ListSchedules of every workflow (-want +got):\n%s", diff)
	}
	due := must(s.DueSchedules(ctx, now))(t)
	if len(due) != 1 || due[0].ID != b.ID {
		t.Errorf("DueSchedules(now) = %+v, want only %d", due, b.ID)
	}
	due = must(s.DueSchedules(ctx, now.Add(time.Hour)))(t)
	if len(due) != 2 || due[0].ID != b.ID || due[1].ID != a.ID {
		t.Errorf("DueSchedules(now+1h) = %+v, want %d then %d", due, b.ID, a.ID)
	}
	b.LastFireTime, b.NextFireTime = now, now.Add(10*time.Second)
	ok(t, s.UpdateSchedule(ctx, b))
	a.Paused, a.NextFireTime = true, time.Time{}
	ok(t, s.UpdateSchedule(ctx, a))
	if diff := cmp.Diff(b, must(s.GetSchedule(ctx, b.ID))(t)); diff != "" {
		t.Errorf("after UpdateSchedule (-want +got):\n%s", diff)
	}
	if due := must(s.DueSchedules(ctx, now.Add(time.Second)))(t); len(due) != 0 {
		t.Errorf("DueSchedules after update = %+v", due)
	}
	ok(t, s.DeleteSchedule(ctx, c.ID))
	_, err := s.GetSchedule(ctx, c.ID)
	wantNotFound(t, err, fmt.Sprintf("workflow schedule %d", c.ID))
	wantErr(t, s.DeleteSchedule(ctx, c.ID), storage.ErrNotFound, "")
	wantErr(t, s.UpdateSchedule(ctx, storage.Schedule{ID: 999}), storage.ErrNotFound, "999")
	_, err = s.CreateSchedule(ctx, storage.Schedule{WorkflowID: 999, Expression: "x"})
	wantErr(t, err, storage.ErrNotFound, "999")
}

func testTriggers(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w, _ := upload(t, s, "default", "etl")
	a := must(s.CreateTrigger(ctx, storage.Trigger{WorkflowID: w.ID, Condition: []byte(`{"key":"a"}`)}))(t)
	b := must(s.CreateTrigger(ctx, storage.Trigger{WorkflowID: w.ID, Condition: []byte(`{"key":"b"}`), Paused: true,
		EventNamespace: "ml", Origin: storage.OriginAdded}))(t)
	checkTime(t, "CreateTime", a.CreateTime)
	if a.Origin != storage.OriginDefinition || a.EventNamespace != "" || b.Origin != storage.OriginAdded || b.EventNamespace != "ml" {
		t.Errorf("CreateTrigger = %+v, %+v; want origins definition, added and event namespaces \"\", ml", a, b)
	}
	if diff := cmp.Diff([]storage.Trigger{a, b}, must(s.ListTriggers(ctx, w.ID))(t)); diff != "" {
		t.Errorf("ListTriggers (-want +got):\n%s", diff)
	}
	other, _ := upload(t, s, "default", "other")
	c := must(s.CreateTrigger(ctx, storage.Trigger{WorkflowID: other.ID, Condition: []byte(`{"key":"c"}`)}))(t)
	if diff := cmp.Diff([]storage.Trigger{a, b, c}, must(s.ListTriggers(ctx, 0))(t)); diff != "" {
		t.Errorf("ListTriggers of every workflow (-want +got):\n%s", diff)
	}
	ok(t, s.SetTriggerPaused(ctx, a.ID, true))
	ok(t, s.SetTriggerPaused(ctx, b.ID, false))
	if got := must(s.GetTrigger(ctx, a.ID))(t); !got.Paused || string(got.Condition) != `{"key":"a"}` {
		t.Errorf("GetTrigger after pause = %+v", got)
	}
	b.Paused = false
	if diff := cmp.Diff(b, must(s.GetTrigger(ctx, b.ID))(t)); diff != "" {
		t.Errorf("GetTrigger after resume (-want +got):\n%s", diff)
	}
	ok(t, s.DeleteTrigger(ctx, a.ID))
	_, err := s.GetTrigger(ctx, a.ID)
	wantNotFound(t, err, fmt.Sprintf("workflow trigger %d", a.ID))
	wantErr(t, s.DeleteTrigger(ctx, a.ID), storage.ErrNotFound, "")
	wantErr(t, s.SetTriggerPaused(ctx, 999, true), storage.ErrNotFound, "999")
	_, err = s.CreateTrigger(ctx, storage.Trigger{WorkflowID: 999})
	wantErr(t, err, storage.ErrNotFound, "999")
}

func testExecutions(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w, sn := upload(t, s, "default", "etl")
	w2, sn2 := upload(t, s, "default", "other")
	e1, err := s.CreateExecution(ctx, storage.Execution{WorkflowID: w.ID, SnapshotID: sn.ID, RunType: storage.RunPeriodic})
	ok(t, err)
	if e1.ID <= 0 || e1.Status != storage.ExecutionInit || e1.EventOffset != -1 || e1.RunType != storage.RunPeriodic || !e1.BeginTime.IsZero() {
		t.Errorf("CreateExecution = %+v", e1)
	}
	e2 := execution(t, s, w)
	e3 := execution(t, s, w2)
	if diff := cmp.Diff(e2, must(s.GetExecution(ctx, e2.ID))(t)); diff != "" {
		t.Errorf("GetExecution (-want +got):\n%s", diff)
	}
	_, err = s.CreateExecution(ctx, storage.Execution{WorkflowID: w.ID, SnapshotID: sn2.ID, RunType: storage.RunManual})
	wantErr(t, err, storage.ErrNotFound, "belongs to workflow")
	_, err = s.CreateExecution(ctx, storage.Execution{WorkflowID: w.ID, SnapshotID: 999, RunType: storage.RunManual})
	wantErr(t, err, storage.ErrNotFound, "999")
	if _, err := s.CreateExecution(ctx, storage.Execution{WorkflowID: w.ID, SnapshotID: sn.ID, RunType: "CRON"}); err == nil {
		t.Error("CreateExecution accepted run type CRON")
	}

	ids := func(es []storage.Execution) []int64 {
		var out []int64
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	if diff := cmp.Diff([]int64{e1.ID, e2.ID}, ids(must(s.ListExecutions(ctx, storage.ExecutionFilter{WorkflowID: w.ID}))(t))); diff != "" {
		t.Errorf("ListExecutions(workflow) (-want +got):\n%s", diff)
	}
	running := must(s.ListExecutions(ctx, storage.ExecutionFilter{Statuses: []storage.ExecutionStatus{storage.ExecutionRunning}}))(t)
	if diff := cmp.Diff([]int64{e2.ID, e3.ID}, ids(running)); diff != "" {
		t.Errorf("ListExecutions(RUNNING) (-want +got):\n%s", diff)
	}
	page := must(s.ListExecutions(ctx, storage.ExecutionFilter{Page: storage.Page{After: e1.ID, Limit: 1}}))(t)
	if diff := cmp.Diff([]int64{e2.ID}, ids(page)); diff != "" {
		t.Errorf("ListExecutions(after e1, limit 1) (-want +got):\n%s", diff)
	}
	// EndedBefore (history_retention) keeps what ended before it only.
	w3, _ := upload(t, s, "default", "old")
	old, alive := execution(t, s, w3), execution(t, s, w3)
	ended := time.Now().UTC().Add(-time.Hour).Truncate(time.Millisecond)
	old.Status, old.EndTime = storage.ExecutionSuccess, ended
	ok(t, s.UpdateExecution(ctx, old, storage.ExecutionRunning))
	for _, tc := range []struct {
		before time.Time
		want   []int64
	}{{ended.Add(time.Millisecond), []int64{old.ID}}, {ended, nil}, {time.Now().Add(time.Hour), []int64{old.ID}}} {
		got := ids(must(s.ListExecutions(ctx, storage.ExecutionFilter{WorkflowID: w3.ID, EndedBefore: tc.before}))(t))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ListExecutions(ended before %v) (-want +got):\n%s (alive %d)", tc.before, diff, alive.ID)
		}
	}

	// Compare-and-swap.
	e1.Status, e1.BeginTime, e1.EventOffset = storage.ExecutionRunning, time.Now().UTC().Truncate(time.Millisecond), 7
	ok(t, s.UpdateExecution(ctx, e1, storage.ExecutionInit))
	if diff := cmp.Diff(e1, must(s.GetExecution(ctx, e1.ID))(t)); diff != "" {
		t.Errorf("after UpdateExecution (-want +got):\n%s", diff)
	}
	stale := e1
	stale.Status = storage.ExecutionFailed
	wantErr(t, s.UpdateExecution(ctx, stale, storage.ExecutionInit), storage.ErrConflict, "RUNNING")
	if got := must(s.GetExecution(ctx, e1.ID))(t); got.Status != storage.ExecutionRunning {
		t.Errorf("a failed CAS changed the status to %s", got.Status)
	}
	wantErr(t, s.UpdateExecution(ctx, storage.Execution{ID: 999, Status: storage.ExecutionFailed}, storage.ExecutionRunning), storage.ErrNotFound, "999")

	// Parameters are kept as given; none (also an empty map) read back nil.
	params := map[string]string{"date": "2026-11-27", "model name": "v2=new", "empty": "", "ünï": "✓"}
	e4 := must(s.CreateExecution(ctx, storage.Execution{WorkflowID: w.ID, SnapshotID: sn.ID, RunType: storage.RunManual, Params: params}))(t)
	if diff := cmp.Diff(params, e4.Params); diff != "" {
		t.Errorf("CreateExecution params (-want +got):\n%s", diff)
	}
	e4.Status, e4.BeginTime = storage.ExecutionRunning, time.Now().UTC().Truncate(time.Millisecond)
	ok(t, s.UpdateExecution(ctx, e4, storage.ExecutionInit))
	if diff := cmp.Diff(e4, must(s.GetExecution(ctx, e4.ID))(t)); diff != "" {
		t.Errorf("GetExecution with params (-want +got):\n%s", diff)
	}
	listed := must(s.ListExecutions(ctx, storage.ExecutionFilter{Page: storage.Page{After: e4.ID - 1, Limit: 1}}))(t)
	if len(listed) != 1 || !maps.Equal(listed[0].Params, params) {
		t.Errorf("ListExecutions params = %+v, want %v", listed, params)
	}
	none := must(s.CreateExecution(ctx, storage.Execution{WorkflowID: w.ID, SnapshotID: sn.ID, RunType: storage.RunManual, Params: map[string]string{}}))(t)
	if none.Params != nil || must(s.GetExecution(ctx, none.ID))(t).Params != nil || e2.Params != nil {
		t.Errorf("an execution without parameters has Params %v, want nil", none.Params)
	}

	// Delete: only finished executions, with their task executions.
	te := must(s.CreateTaskExecution(ctx, storage.TaskExecution{ExecutionID: e1.ID, TaskName: "a"}))(t)
	wantErr(t, s.DeleteExecution(ctx, e1.ID), storage.ErrBusy, fmt.Sprintf("execution %d is RUNNING", e1.ID))
	done := e1
	done.Status, done.EndTime = storage.ExecutionStopped, time.Now()
	ok(t, s.UpdateExecution(ctx, done, storage.ExecutionRunning))
	ok(t, s.DeleteExecution(ctx, e1.ID))
	_, err = s.GetExecution(ctx, e1.ID)
	wantErr(t, err, storage.ErrNotFound, "")
	_, err = s.GetTaskExecution(ctx, te.ID)
	wantErr(t, err, storage.ErrNotFound, "")
	wantErr(t, s.DeleteExecution(ctx, e1.ID), storage.ErrNotFound, "")
}

func testTaskExecutions(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w, _ := upload(t, s, "default", "etl")
	e := execution(t, s, w)
	other := execution(t, s, w)
	a1 := must(s.CreateTaskExecution(ctx, storage.TaskExecution{ExecutionID: e.ID, TaskName: "a"}))(t)
	if a1.ID <= 0 || a1.SequenceNumber != 1 || a1.TryNumber != 1 || a1.Status != storage.TaskInit || a1.ExitCode != nil {
		t.Errorf("CreateTaskExecution = %+v", a1)
	}
	checkTime(t, "BeginTime", a1.BeginTime)
	b1 := must(s.CreateTaskExecution(ctx, storage.TaskExecution{ExecutionID: e.ID, TaskName: "b_with_underscore"}))(t)
	a2 := must(s.CreateTaskExecution(ctx, storage.TaskExecution{ExecutionID: e.ID, TaskName: "a", Status: storage.TaskQueued}))(t)
	o1 := must(s.CreateTaskExecution(ctx, storage.TaskExecution{ExecutionID: other.ID, TaskName: "a"}))(t)
	if a2.SequenceNumber != 2 || b1.SequenceNumber != 1 || o1.SequenceNumber != 1 {
		t.Errorf("sequence numbers: a2 %d, b1 %d, other a1 %d; want 2, 1, 1", a2.SequenceNumber, b1.SequenceNumber, o1.SequenceNumber)
	}
	_, err := s.CreateTaskExecution(ctx, storage.TaskExecution{ExecutionID: e.ID, TaskName: "a", SequenceNumber: 2})
	wantErr(t, err, storage.ErrConflict, fmt.Sprintf("%d_a_2", e.ID))
	_, err = s.CreateTaskExecution(ctx, storage.TaskExecution{ExecutionID: 999, TaskName: "a"})
	wantErr(t, err, storage.ErrNotFound, "999")

	if diff := cmp.Diff([]storage.TaskExecution{a1, b1, a2}, must(s.ListTaskExecutions(ctx, e.ID))(t)); diff != "" {
		t.Errorf("ListTaskExecutions (-want +got):\n%s", diff)
	}
	want := map[string]storage.TaskExecution{"a": a2, "b_with_underscore": b1}
	if diff := cmp.Diff(want, must(s.LatestTaskExecutions(ctx, e.ID))(t)); diff != "" {
		t.Errorf("LatestTaskExecutions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(a2, must(s.LatestTaskExecution(ctx, e.ID, "a"))(t)); diff != "" {
		t.Errorf("LatestTaskExecution (-want +got):\n%s", diff)
	}
	_, err = s.LatestTaskExecution(ctx, e.ID, "never")
	wantErr(t, err, storage.ErrNotFound, `"never"`)
	if m := must(s.LatestTaskExecutions(ctx, 999))(t); len(m) != 0 {
		t.Errorf("LatestTaskExecutions(999) = %v", m)
	}

	// Compare-and-swap, with exit code and retries.
	code := 3
	a2.Status, a2.TryNumber, a2.EndTime, a2.ExitCode = storage.TaskFailed, 2, time.Now().UTC().Truncate(time.Millisecond), &code
	ok(t, s.UpdateTaskExecution(ctx, a2, storage.TaskQueued))
	if diff := cmp.Diff(a2, must(s.GetTaskExecution(ctx, a2.ID))(t)); diff != "" {
		t.Errorf("after UpdateTaskExecution (-want +got):\n%s", diff)
	}
	late := a2
	late.Status = storage.TaskRunning
	wantErr(t, s.UpdateTaskExecution(ctx, late, storage.TaskQueued), storage.ErrConflict, "FAILED")
	wantErr(t, s.UpdateTaskExecution(ctx, storage.TaskExecution{ID: 999, Status: storage.TaskRunning}, storage.TaskQueued), storage.ErrNotFound, "999")
	bad := a1
	bad.Status = "DONE"
	if err := s.UpdateTaskExecution(ctx, bad, storage.TaskInit); err == nil {
		t.Error("UpdateTaskExecution accepted status DONE")
	}
	_, err = s.GetTaskExecution(ctx, 999)
	wantNotFound(t, err, "task execution 999")

	byStatus := must(s.TaskExecutionsByStatus(ctx, storage.TaskInit, storage.TaskRunning))(t)
	if diff := cmp.Diff([]storage.TaskExecution{a1, b1, o1}, byStatus); diff != "" {
		t.Errorf("TaskExecutionsByStatus(INIT, RUNNING) (-want +got):\n%s", diff)
	}
	if got := must(s.TaskExecutionsByStatus(ctx))(t); len(got) != 0 {
		t.Errorf("TaskExecutionsByStatus() = %v", got)
	}
}

func testEvents(t *testing.T, s storage.Store) {
	ctx := context.Background()
	if n := must(s.MaxEventOffset(ctx))(t); n != 0 {
		t.Errorf("MaxEventOffset of an empty store = %d", n)
	}
	e1 := must(s.AppendEvent(ctx, storage.Event{Key: "k1", Value: "v", Namespace: "default", Sender: "s1", UUID: "u1", Context: `{"workflow_execution_id": 1}`}))(t)
	if e1.Offset <= 0 || e1.UUID != "u1" || e1.Key != "k1" || e1.Context != `{"workflow_execution_id": 1}` {
		t.Errorf("AppendEvent = %+v", e1)
	}
	checkTime(t, "CreateTime", e1.CreateTime)
	again := must(s.AppendEvent(ctx, storage.Event{Key: "changed", UUID: "u1"}))(t)
	if diff := cmp.Diff(e1, again); diff != "" {
		t.Errorf("re-append of uuid u1 (-want +got):\n%s", diff)
	}
	e2 := must(s.AppendEvent(ctx, storage.Event{Key: "k2", Namespace: "prod", Sender: "s2"}))(t)
	e3 := must(s.AppendEvent(ctx, storage.Event{Key: "k1", Namespace: "prod", Sender: "s1"}))(t)
	if e2.UUID == "" || e3.UUID == e2.UUID || e2.Offset <= e1.Offset || e3.Offset <= e2.Offset {
		t.Errorf("generated events: %+v, %+v", e2, e3)
	}
	if _, err := s.AppendEvent(ctx, storage.Event{}); err == nil {
		t.Error("AppendEvent accepted an empty key")
	}

	size1 := len(e1.Key) + len(e1.Value) + len(e1.Context)
	offsets := func(f storage.EventFilter) []int64 {
		t.Helper()
		var out []int64
		for _, e := range must(s.ListEvents(ctx, f))(t) {
			out = append(out, e.Offset)
		}
		n := must(s.CountEvents(ctx, storage.EventFilter{Keys: f.Keys, Namespace: f.Namespace, Sender: f.Sender, Page: storage.Page{After: f.After}}))(t)
		if f.Limit == 0 && f.MaxBytes == 0 && n != int64(len(out)) {
			t.Errorf("CountEvents(%+v) = %d, ListEvents found %d", f, n, len(out))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    storage.EventFilter
		want []int64
	}{
		{"all", storage.EventFilter{}, []int64{e1.Offset, e2.Offset, e3.Offset}},
		{"after", storage.EventFilter{Page: storage.Page{After: e1.Offset}}, []int64{e2.Offset, e3.Offset}},
		{"limit", storage.EventFilter{Page: storage.Page{Limit: 2}}, []int64{e1.Offset, e2.Offset}},
		{"key", storage.EventFilter{Keys: []string{"k1"}}, []int64{e1.Offset, e3.Offset}},
		{"keys", storage.EventFilter{Keys: []string{"k2", "k1"}}, []int64{e1.Offset, e2.Offset, e3.Offset}},
		{"namespace", storage.EventFilter{Namespace: "prod"}, []int64{e2.Offset, e3.Offset}},
		{"sender", storage.EventFilter{Sender: "s1"}, []int64{e1.Offset, e3.Offset}},
		{"combined", storage.EventFilter{Keys: []string{"k1"}, Namespace: "prod", Page: storage.Page{After: e1.Offset}}, []int64{e3.Offset}},
		{"none", storage.EventFilter{Keys: []string{"nope"}}, nil},
		// A page bounded by size has at least one event, and no event that
		// would take it over MaxBytes (key, value and context bytes).
		{"max bytes below one", storage.EventFilter{MaxBytes: 1}, []int64{e1.Offset}},
		{"max bytes", storage.EventFilter{MaxBytes: size1 + 2}, []int64{e1.Offset, e2.Offset}},
		{"max bytes filtered", storage.EventFilter{Keys: []string{"k1"}, MaxBytes: size1 + 2}, []int64{e1.Offset, e3.Offset}},
		{"max bytes after", storage.EventFilter{MaxBytes: 1, Page: storage.Page{After: e1.Offset}}, []int64{e2.Offset}},
		{"max bytes and limit", storage.EventFilter{MaxBytes: 1 << 20, Page: storage.Page{Limit: 2}}, []int64{e1.Offset, e2.Offset}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, offsets(tc.f)); diff != "" {
				t.Errorf("ListEvents (-want +got):\n%s", diff)
			}
		})
	}
	// ListEventPage says whether more events follow a page.
	for _, tc := range []struct {
		name string
		f    storage.EventFilter
		n    int
		more bool
	}{
		{"all", storage.EventFilter{}, 3, false},
		{"limit", storage.EventFilter{Page: storage.Page{Limit: 2}}, 2, true},
		{"limit exact", storage.EventFilter{Page: storage.Page{Limit: 3}}, 3, false},
		{"max bytes", storage.EventFilter{MaxBytes: 1}, 1, true},
		{"max bytes last", storage.EventFilter{MaxBytes: 1, Page: storage.Page{After: e2.Offset}}, 1, false},
		{"max bytes filtered", storage.EventFilter{Keys: []string{"k2"}, MaxBytes: 1}, 1, false},
		{"none", storage.EventFilter{Keys: []string{"nope"}, MaxBytes: 1}, 0, false},
	} {
		t.Run("page/"+tc.name, func(t *testing.T) {
			evs, more, err := s.ListEventPage(ctx, tc.f)
			if err != nil || len(evs) != tc.n || more != tc.more {
				t.Errorf("ListEventPage(%+v) = %d events, more %v, %v; want %d, %v", tc.f, len(evs), more, err, tc.n, tc.more)
			}
		})
	}
	if n := must(s.MaxEventOffset(ctx))(t); n != e3.Offset {
		t.Errorf("MaxEventOffset = %d, want %d", n, e3.Offset)
	}
}

func testState(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w, _ := upload(t, s, "default", "etl")
	e := execution(t, s, w)
	_, err := s.GetState(ctx, w.ID, 0, "count")
	wantErr(t, err, storage.ErrNotFound, `"count"`)
	ok(t, s.PutState(ctx, storage.State{WorkflowID: w.ID, Name: "count", Value: []byte("1")}))
	ok(t, s.PutState(ctx, storage.State{WorkflowID: w.ID, ExecutionID: e.ID, Name: "count", Value: []byte(`{"n": 5}`)}))
	ok(t, s.PutState(ctx, storage.State{WorkflowID: w.ID, Name: "count", Value: []byte("2")}))
	if got := must(s.GetState(ctx, w.ID, 0, "count"))(t); string(got.Value) != "2" {
		t.Errorf("workflow state = %s, want 2", got.Value)
	}
	got := must(s.GetState(ctx, w.ID, e.ID, "count"))(t)
	if diff := cmp.Diff(storage.State{WorkflowID: w.ID, ExecutionID: e.ID, Name: "count", Value: []byte(`{"n": 5}`)}, got); diff != "" {
		t.Errorf("execution state (-want +got):\n%s", diff)
	}
	wantErr(t, s.PutState(ctx, storage.State{WorkflowID: 999, Name: "x"}), storage.ErrNotFound, "999")
	wantErr(t, s.PutState(ctx, storage.State{WorkflowID: w.ID, ExecutionID: 999, Name: "x"}), storage.ErrNotFound, "999")
	ok(t, s.PutState(ctx, storage.State{WorkflowID: w.ID, ExecutionID: e.ID, Name: "all", Value: []byte(`[true]`)}))
	states := must(s.ListStates(ctx, w.ID, e.ID))(t)
	if diff := cmp.Diff([]storage.State{
		{WorkflowID: w.ID, ExecutionID: e.ID, Name: "all", Value: []byte(`[true]`)},
		{WorkflowID: w.ID, ExecutionID: e.ID, Name: "count", Value: []byte(`{"n": 5}`)},
	}, states); diff != "" {
		t.Errorf("ListStates (-want +got):\n%s", diff)
	}
	if states := must(s.ListStates(ctx, w.ID, 0))(t); len(states) != 1 || states[0].Name != "count" {
		t.Errorf("ListStates of the workflow = %v, want count only", states)
	}
}

// testEvaluations checks that an evaluation replaces the last one of its
// rule or trigger and adds to its count, and goes with its execution.
func testEvaluations(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w, _ := upload(t, s, "default", "etl")
	e := execution(t, s, w)
	now := time.UnixMilli(time.Now().UnixMilli()).UTC()
	first := storage.Evaluation{ExecutionID: e.ID, Rule: 1, Offset: 3, Key: "k", Result: storage.NotMet, Count: 2, Time: now}
	ok(t, s.PutEvaluation(ctx, first))
	ok(t, s.PutEvaluation(ctx, storage.Evaluation{ExecutionID: e.ID, Rule: 0, Offset: 4, Key: "j", Result: storage.Met, Count: 1, Time: now}))
	last := storage.Evaluation{ExecutionID: e.ID, Rule: 1, Offset: 9, Key: "k", Result: storage.Failed, Error: "ZeroDivisionError", Count: 1, Time: now}
	ok(t, s.Update(ctx, func(tx storage.Tx) error { return tx.PutEvaluation(ctx, last) }))
	last.Count = 3
	want := []storage.Evaluation{{ExecutionID: e.ID, Rule: 0, Offset: 4, Key: "j", Result: storage.Met, Count: 1, Time: now}, last}
	if diff := cmp.Diff(want, must(s.ListEvaluations(ctx, e.ID))(t)); diff != "" {
		t.Errorf("ListEvaluations (-want +got):\n%s", diff)
	}
	tr := must(s.CreateTrigger(ctx, storage.Trigger{WorkflowID: w.ID, Condition: []byte(`{}`)}))(t)
	te := storage.Evaluation{TriggerID: tr.ID, Offset: 5, Key: "go", Result: storage.Met, Count: 1, Time: now}
	ok(t, s.PutEvaluation(ctx, te))
	if diff := cmp.Diff([]storage.Evaluation{te}, must(s.ListTriggerEvaluations(ctx, w.ID))(t)); diff != "" {
		t.Errorf("ListTriggerEvaluations (-want +got):\n%s", diff)
	}
	wantErr(t, s.PutEvaluation(ctx, storage.Evaluation{ExecutionID: 999, Result: storage.Met}), storage.ErrNotFound, "999")
	wantErr(t, s.PutEvaluation(ctx, storage.Evaluation{TriggerID: 999, Result: storage.Met}), storage.ErrNotFound, "999")
	ok(t, s.DeleteTrigger(ctx, tr.ID))
	if got := must(s.ListTriggerEvaluations(ctx, w.ID))(t); len(got) != 0 {
		t.Errorf("ListTriggerEvaluations after the trigger's delete = %v", got)
	}
	done := e
	done.Status, done.EndTime = storage.ExecutionSuccess, time.Now()
	ok(t, s.UpdateExecution(ctx, done, storage.ExecutionRunning))
	ok(t, s.DeleteExecution(ctx, e.ID))
	if got := must(s.ListEvaluations(ctx, e.ID))(t); len(got) != 0 {
		t.Errorf("ListEvaluations after the execution's delete = %v", got)
	}
}

// testEngineOffset checks the scheduler's cursor: it starts at 0 and keeps
// what was set, also inside Update.
func testEngineOffset(t *testing.T, s storage.Store) {
	ctx := context.Background()
	if n := must(s.EngineOffset(ctx))(t); n != 0 {
		t.Fatalf("EngineOffset of a new store = %d, want 0", n)
	}
	ok(t, s.SetEngineOffset(ctx, 7))
	ok(t, s.Update(ctx, func(tx storage.Tx) error { return tx.SetEngineOffset(ctx, 9) }))
	if n := must(s.EngineOffset(ctx))(t); n != 9 {
		t.Fatalf("EngineOffset = %d, want 9", n)
	}
}

func testUpdate(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w, _ := upload(t, s, "default", "etl")
	e := execution(t, s, w)
	boom := errors.New("boom")

	// Rolled back: nothing of the transaction remains.
	err := s.Update(ctx, func(tx storage.Tx) error {
		if _, err := tx.CreateTaskExecution(ctx, storage.TaskExecution{ExecutionID: e.ID, TaskName: "a"}); err != nil {
			return err
		}
		if _, err := tx.AppendEvent(ctx, storage.Event{Key: "k", UUID: "rolled-back"}); err != nil {
			return err
		}
		if err := tx.SetWorkflowEventOffset(ctx, w.ID, 5); err != nil {
			return err
		}
		// Reads inside the transaction see its writes.
		if _, err := tx.LatestTaskExecution(ctx, e.ID, "a"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want boom", err)
	}
	if tes := must(s.ListTaskExecutions(ctx, e.ID))(t); len(tes) != 0 {
		t.Errorf("rolled-back task executions remain: %+v", tes)
	}
	if n := must(s.CountEvents(ctx, storage.EventFilter{}))(t); n != 0 {
		t.Errorf("rolled-back events remain: %d", n)
	}
	if got := must(s.GetWorkflowByID(ctx, w.ID))(t); got.EventOffset != -1 {
		t.Errorf("rolled-back event offset remains: %d", got.EventOffset)
	}

	// A panic rolls back too and propagates.
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Update swallowed a panic")
			}
		}()
		s.Update(ctx, func(tx storage.Tx) error {
			tx.AppendEvent(ctx, storage.Event{Key: "k", UUID: "panicked"})
			panic("oops")
		})
	}()
	if n := must(s.CountEvents(ctx, storage.EventFilter{}))(t); n != 0 {
		t.Errorf("events of a panicked Update remain: %d", n)
	}

	// Committed: state, effects and offset together.
	err = s.Update(ctx, func(tx storage.Tx) error {
		ev, err := tx.AppendEvent(ctx, storage.Event{Key: "k", UUID: "committed"})
		if err != nil {
			return err
		}
		te, err := tx.CreateTaskExecution(ctx, storage.TaskExecution{ExecutionID: e.ID, TaskName: "a"})
		if err != nil {
			return err
		}
		te.Status = storage.TaskQueued
		if err := tx.UpdateTaskExecution(ctx, te, storage.TaskInit); err != nil {
			return err
		}
		e.EventOffset = ev.Offset
		return tx.UpdateExecution(ctx, e, storage.ExecutionRunning)
	})
	ok(t, err)
	te := must(s.LatestTaskExecution(ctx, e.ID, "a"))(t)
	if te.Status != storage.TaskQueued || te.SequenceNumber != 1 {
		t.Errorf("committed task execution = %+v", te)
	}
	if got := must(s.GetExecution(ctx, e.ID))(t); got.EventOffset != e.EventOffset || got.EventOffset <= 0 {
		t.Errorf("committed execution offset = %d, want %d", got.EventOffset, e.EventOffset)
	}
}

// testView checks that View reads a snapshot fixed at its first read, that
// it neither waits for an open Update nor makes writers wait, and that
// writes inside it fail with ErrReadOnly.
func testView(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w, _ := upload(t, s, "default", "etl")

	// An Update holding the writer must not block View.
	held, release, updated := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		updated <- s.Update(ctx, func(tx storage.Tx) error {
			if err := tx.SetWorkflowEnabled(ctx, w.ID, false); err != nil {
				return err
			}
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	viewed := make(chan error, 1)
	go func() {
		viewed <- s.View(ctx, func(tx storage.Tx) error {
			got, err := tx.GetWorkflowByID(ctx, w.ID)
			if err == nil && !got.Enabled {
				err = errors.New("view sees an uncommitted write")
			}
			return err
		})
	}()
	select {
	case err := <-viewed:
		ok(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("View waited for an open Update")
	}
	close(release)
	ok(t, <-updated)

	err := s.View(ctx, func(tx storage.Tx) error {
		before := must(tx.ListNamespaces(ctx))(t)
		wrote := make(chan error, 1)
		go func() { wrote <- s.CreateNamespace(ctx, storage.Namespace{Name: "later"}) }()
		select {
		case err := <-wrote:
			ok(t, err)
		case <-time.After(5 * time.Second):
			t.Fatal("a write waited for View")
		}
		if diff := cmp.Diff(before, must(tx.ListNamespaces(ctx))(t)); diff != "" {
			t.Errorf("View saw a later commit (-before +after):\n%s", diff)
		}
		if got := must(tx.GetWorkflowByID(ctx, w.ID))(t); got.Enabled {
			t.Errorf("View missed a commit made before it: %+v", got)
		}

		_, err := tx.CreateTrigger(ctx, storage.Trigger{WorkflowID: w.ID, Condition: []byte("{}")})
		wantErr(t, err, storage.ErrReadOnly, "")
		wantErr(t, tx.SetWorkflowEnabled(ctx, w.ID, true), storage.ErrReadOnly, "")
		wantErr(t, tx.CreateNamespace(ctx, storage.Namespace{Name: "x"}), storage.ErrReadOnly, "")
		_, err = tx.AppendEvent(ctx, storage.Event{Key: "k"})
		wantErr(t, err, storage.ErrReadOnly, "")
		return nil
	})
	ok(t, err)
	if _, err := s.GetNamespace(ctx, "later"); err != nil {
		t.Errorf("write made during View: %v", err)
	}
	if ts := must(s.ListTriggers(ctx, w.ID))(t); len(ts) != 0 {
		t.Errorf("write inside View was stored: %+v", ts)
	}

	boom := errors.New("boom")
	wantErr(t, s.View(ctx, func(storage.Tx) error { return boom }), boom, "")
}

func testConcurrency(t *testing.T, s storage.Store) {
	ctx := context.Background()
	const workers, each = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for g := range workers {
		wg.Go(func() {
			for i := range each {
				if _, err := s.AppendEvent(ctx, storage.Event{Key: "k", UUID: fmt.Sprintf("%d-%d", g, i)}); err != nil {
					errs <- err
					return
				}
				// All workers also fight over the same few workflows.
				if _, _, err := s.UploadWorkflow(ctx, storage.Upload{Namespace: "default", Name: fmt.Sprintf("wf%d", i%4)}); err != nil {
					errs <- err
					return
				}
				if _, err := s.ListWorkflows(ctx, storage.WorkflowFilter{}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := must(s.CountEvents(ctx, storage.EventFilter{}))(t); n != workers*each {
		t.Errorf("%d events stored, want %d", n, workers*each)
	}
	ws := must(s.ListWorkflows(ctx, storage.WorkflowFilter{}))(t)
	snaps := 0
	for _, w := range ws {
		snaps += len(must(s.ListSnapshots(ctx, w.ID))(t))
	}
	if len(ws) != 4 || snaps != workers*each {
		t.Errorf("%d workflows with %d snapshots, want 4 with %d", len(ws), snaps, workers*each)
	}
}
