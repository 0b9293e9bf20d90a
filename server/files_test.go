package server_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/engine/enginetest"
	"github.com/aiflow-go/aiflow/storage"
)

// TestDeleteRemovesFiles: deleting an execution, or its workflow, removes
// its working folder and its logs, and only its.
func TestDeleteRemovesFiles(t *testing.T) {
	ctx := context.Background()
	h := enginetest.Start(t, engine.Options{})
	h.Upload("wf.yaml", string(yamlWF("wf", "")))
	var ids []int64
	for range 3 {
		id := h.StartExecution("wf")
		h.Finished(id, 30*time.Second)
		ids = append(ids, id)
	}
	dirs := func(id int64) []string {
		n := strconv.FormatInt(id, 10)
		return []string{filepath.Join(h.Dir, "working_dir", "wf", n), filepath.Join(h.Dir, "logs", "wf", n)}
	}
	exists := func(path string) bool { _, err := os.Stat(path); return err == nil }
	for _, id := range ids {
		for _, d := range dirs(id) {
			if !exists(d) {
				t.Fatalf("%s missing after execution %d", d, id)
			}
		}
	}
	if err := h.Client.DeleteExecution(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs(ids[0]) {
		if exists(d) {
			t.Errorf("%s still there after workflow-execution delete", d)
		}
	}
	for _, d := range dirs(ids[1]) {
		if !exists(d) {
			t.Errorf("%s removed with another execution", d)
		}
	}
	if err := h.Client.DeleteWorkflow(ctx, storage.DefaultNamespace, "wf"); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[1:] {
		for _, d := range dirs(id) {
			if exists(d) {
				t.Errorf("%s still there after workflow delete", d)
			}
		}
	}
	for _, d := range []string{filepath.Join(h.Dir, "working_dir", "wf"), filepath.Join(h.Dir, "logs", "wf")} {
		if exists(d) {
			t.Errorf("%s still there after its last execution went", d)
		}
	}
}
