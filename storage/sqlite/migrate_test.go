package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/storage"
)

// TestConcurrentInit runs two Init calls on one new file: each migration
// must be applied once and both calls must succeed.
func TestConcurrentInit(t *testing.T) {
	ctx := context.Background()
	for i := range 5 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "aiflow.db")
			var wg sync.WaitGroup
			errs := make([]error, 2)
			tos := make([]int, 2)
			for j := range errs {
				wg.Go(func() { _, tos[j], errs[j] = Init(ctx, path, Options{}) })
			}
			wg.Wait()
			for j, err := range errs {
				if err != nil || tos[j] != LatestVersion() {
					t.Fatalf("Init %d = %d, %v; want %d, nil", j, tos[j], err, LatestVersion())
				}
			}
			s := openDB(t, path)
			defer s.Close()
			var n int
			if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != LatestVersion() {
				t.Errorf("schema_migrations rows = %d, %v; want %d", n, err, LatestVersion())
			}
		})
	}
}

// countdown is a context that is cancelled once Done has been asked for n
// times, so a test can cut an operation short at every step it checks ctx.
type countdown struct {
	context.Context
	n    atomic.Int64
	once sync.Once
	done chan struct{}
}

func newCountdown(n int64) *countdown {
	c := &countdown{Context: context.Background(), done: make(chan struct{})}
	c.n.Store(n)
	return c
}

func (c *countdown) Done() <-chan struct{} {
	if c.n.Add(-1) < 0 {
		c.once.Do(func() { close(c.done) })
	}
	return c.done
}

func (c *countdown) Err() error {
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}

// TestResetCancelled cancels Reset at each successive point it looks at its
// context: it either resets completely or leaves the data as it was.
func TestResetCancelled(t *testing.T) {
	ctx := context.Background()
	for n := int64(0); ; n++ {
		if n > 2000 {
			t.Fatal("Reset never finished")
		}
		path := newDB(t)
		s := openDB(t, path)
		if err := s.CreateNamespace(ctx, storage.Namespace{Name: "prod"}); err != nil {
			t.Fatal(err)
		}
		s.Close()
		err := Reset(newCountdown(n), path, Options{})
		s, oerr := Open(ctx, path, Options{})
		if oerr != nil {
			t.Fatalf("after Reset cut at %d (%v): %v", n, err, oerr)
		}
		_, gerr := s.GetNamespace(ctx, "prod")
		_, derr := s.GetNamespace(ctx, storage.DefaultNamespace)
		s.Close()
		if derr != nil {
			t.Fatalf("after Reset cut at %d (%v): default namespace: %v", n, err, derr)
		}
		if err != nil {
			if gerr != nil {
				t.Fatalf("Reset cut at %d failed (%v) but lost data: %v", n, err, gerr)
			}
			continue
		}
		if gerr == nil {
			t.Fatalf("Reset cut at %d succeeded but kept data", n)
		}
		t.Logf("Reset finished after %d context checks", n)
		return
	}
}

// TestOriginsMigration upgrades a version 3 database: its schedules and
// triggers, all declared by definitions then, become OriginDefinition and
// triggers listen to their workflow's namespace.
func TestOriginsMigration(t *testing.T) {
	ctx := context.Background()
	db, path := atVersion(t, 3)
	for _, q := range []string{
		`INSERT INTO workflow (id, namespace, name, is_enabled, event_offset, create_time, update_time) VALUES (1, 'default', 'wf', 1, -1, 0, 0)`,
		`INSERT INTO workflow_schedule (workflow_id, expression, create_time) VALUES (1, 'cron@0 2 * * *', 0)`,
		`INSERT INTO workflow_trigger (workflow_id, condition, create_time) VALUES (1, '{"kind":"event","event_key":"go"}', 0)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	if from, to, err := Init(ctx, path, Options{}); err != nil || from != 3 || to != LatestVersion() {
		t.Fatalf("Init = %d, %d, %v; want 3, %d, nil", from, to, err, LatestVersion())
	}
	s := openDB(t, path)
	defer s.Close()
	scs, err := s.ListSchedules(ctx, 1)
	if err != nil || len(scs) != 1 || scs[0].Origin != storage.OriginDefinition {
		t.Errorf("schedules after the upgrade: %+v, %v", scs, err)
	}
	trs, err := s.ListTriggers(ctx, 1)
	if err != nil || len(trs) != 1 || trs[0].Origin != storage.OriginDefinition || trs[0].EventNamespace != "" {
		t.Errorf("triggers after the upgrade: %+v, %v", trs, err)
	}
}

// atVersion returns a new database with the first v migrations applied,
// and its path.
func atVersion(t *testing.T, v int) (*sql.DB, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "aiflow.db")
	db, err := openWriter(ctx, path, "rwc", Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	for range v {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := apply(ctx, tx, path, time.Now(), true); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return db, path
}
