package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/storage"
)

// recorder is a querier that remembers every query it runs.
type recorder struct {
	querier
	queries []recorded
}

type recorded struct {
	sql  string
	args []any
}

func (r *recorder) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	r.queries = append(r.queries, recorded{q, args})
	return r.querier.QueryContext(ctx, q, args...)
}

func (r *recorder) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	r.queries = append(r.queries, recorded{q, args})
	return r.querier.QueryRowContext(ctx, q, args...)
}

// TestQueryPlans runs every lookup of the interface and checks with EXPLAIN
// QUERY PLAN that none scans a whole table that grows (only namespace, the
// list of all namespaces, may be scanned).
func TestQueryPlans(t *testing.T) {
	ctx := context.Background()
	s := openDB(t, newDB(t))
	defer s.Close()
	rec := &recorder{querier: s.r}
	o := &ops{q: rec, now: time.Now}
	yes := true
	calls := []func() error{
		func() error { _, err := o.GetNamespace(ctx, "default"); return err },
		func() error { _, err := o.GetWorkflow(ctx, "default", "x"); return err },
		func() error { _, err := o.GetWorkflowByID(ctx, 1); return err },
		func() error { _, err := o.ListWorkflows(ctx, storage.WorkflowFilter{}); return err },
		func() error {
			_, err := o.ListWorkflows(ctx, storage.WorkflowFilter{Namespace: "default", Enabled: &yes})
			return err
		},
		func() error { _, err := o.GetSnapshot(ctx, 1); return err },
		func() error { _, err := o.LatestSnapshot(ctx, 1); return err },
		func() error { _, err := o.ListSnapshots(ctx, 1); return err },
		func() error { _, err := o.GetSchedule(ctx, 1); return err },
		func() error { _, err := o.ListSchedules(ctx, 1); return err },
		func() error { _, err := o.DueSchedules(ctx, time.Now()); return err },
		func() error { _, err := o.GetTrigger(ctx, 1); return err },
		func() error { _, err := o.ListTriggers(ctx, 1); return err },
		func() error { _, err := o.GetExecution(ctx, 1); return err },
		func() error { _, err := o.ListExecutions(ctx, storage.ExecutionFilter{WorkflowID: 1}); return err },
		func() error {
			_, err := o.ListExecutions(ctx, storage.ExecutionFilter{Statuses: []storage.ExecutionStatus{storage.ExecutionRunning}})
			return err
		},
		func() error { return o.refuseAlive(ctx, `workflow_id = ?`, 1) },
		func() error { _, err := o.GetTaskExecution(ctx, 1); return err },
		func() error { _, err := o.ListTaskExecutions(ctx, 1); return err },
		func() error { _, err := o.LatestTaskExecutions(ctx, 1); return err },
		func() error { _, err := o.LatestTaskExecution(ctx, 1, "a"); return err },
		func() error { _, err := o.TaskExecutionsByStatus(ctx, storage.TaskRunning); return err },
		func() error { _, err := o.ListEvents(ctx, storage.EventFilter{Keys: []string{"k"}}); return err },
		func() error {
			_, err := o.ListEvents(ctx, storage.EventFilter{Namespace: "n", Page: storage.Page{After: 5}})
			return err
		},
		func() error {
			_, err := o.CountEvents(ctx, storage.EventFilter{Keys: []string{"k"}, Namespace: "n"})
			return err
		},
		func() error { _, err := o.MaxEventOffset(ctx); return err },
		func() error { _, err := o.GetState(ctx, 1, 0, "s"); return err },
		func() error { _, err := o.GetState(ctx, 1, 1, "s"); return err },
	}
	for _, call := range calls {
		if err := call(); err != nil && !strings.Contains(err.Error(), storage.ErrNotFound.Error()) {
			t.Fatal(err)
		}
	}
	for _, q := range rec.queries {
		rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q.sql, q.args...)
		if err != nil {
			t.Fatalf("explain %s: %v", q.sql, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		t.Logf("%s\n  -> %s", strings.Join(strings.Fields(q.sql), " "), strings.Join(plan, "; "))
		for _, d := range plan {
			if strings.HasPrefix(d, "SCAN ") && d != "SCAN namespace" {
				t.Errorf("query scans a table:\n%s\nplan: %s", q.sql, strings.Join(plan, "; "))
			}
		}
	}
}
