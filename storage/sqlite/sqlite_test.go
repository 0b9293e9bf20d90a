package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aiflow-go/aiflow/storage"
	"github.com/aiflow-go/aiflow/storage/storagetest"
)

// newDB initializes a database in a temporary directory.
func newDB(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "aiflow.db")
	if _, _, err := Init(context.Background(), path, Options{}); err != nil {
		t.Fatal(err)
	}
	return path
}

func openDB(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store { return openDB(t, newDB(t)) })
}

func TestInitUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a b?c#d.db") // characters a file: URI must escape
	from, to, err := Init(ctx, path, Options{})
	if err != nil || from != 0 || to != LatestVersion() {
		t.Fatalf("Init = %d, %d, %v; want 0, %d, nil", from, to, err, LatestVersion())
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("Init did not create the file: %v", err)
	}
	from, to, err = Init(ctx, path, Options{})
	if err != nil || from != LatestVersion() || to != LatestVersion() {
		t.Errorf("second Init = %d, %d, %v", from, to, err)
	}
	from, to, err = Upgrade(ctx, path, Options{})
	if err != nil || from != LatestVersion() || to != LatestVersion() {
		t.Errorf("Upgrade = %d, %d, %v", from, to, err)
	}
	openDB(t, path).Close()
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	newer := newDB(t)
	s := openDB(t, newer)
	if _, err := s.w.Exec(`INSERT INTO schema_migrations (version, name, applied_time) VALUES (99, 'future', 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()

	for _, tc := range []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "missing.db"), `does not exist; run "aiflow db init"`},
		{"directory", dir, "is a directory"},
		{"uninitialized", empty, `is not initialized; run "aiflow db init"`},
		{"not a database", junk, "not a database"},
		{"newer", newer, "schema version 99, newer than this aiflow supports"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(ctx, tc.path, Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
				t.Errorf("Open = %v, want an error naming %q and containing %q", err, tc.path, tc.want)
			}
		})
	}
	if _, _, err := Upgrade(ctx, newer, Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("Upgrade of a newer database = %v", err)
	}
	if _, _, err := Upgrade(ctx, filepath.Join(dir, "missing.db"), Options{}); err == nil || !strings.Contains(err.Error(), "aiflow db init") {
		t.Errorf("Upgrade of a missing database = %v", err)
	}
}

func TestReset(t *testing.T) {
	ctx := context.Background()
	path := newDB(t)
	s := openDB(t, path)
	if err := s.CreateNamespace(ctx, storage.Namespace{Name: "prod"}); err != nil {
		t.Fatal(err)
	}
	w, _, err := s.UploadWorkflow(ctx, storage.Upload{Namespace: "prod", Name: "etl"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateExecution(ctx, storage.Execution{WorkflowID: w.ID, SnapshotID: w.LatestSnapshotID, RunType: storage.RunManual}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := Reset(ctx, path, Options{}); err != nil {
		t.Fatal(err)
	}
	s = openDB(t, path)
	defer s.Close()
	nss, err := s.ListNamespaces(ctx)
	if err != nil || len(nss) != 1 || nss[0].Name != "default" {
		t.Errorf("namespaces after reset: %v, %v", nss, err)
	}
	w2, _, err := s.UploadWorkflow(ctx, storage.Upload{Namespace: "default", Name: "etl"})
	if err != nil || w2.ID != 1 {
		t.Errorf("first workflow after reset: id %d, %v; want id 1", w2.ID, err)
	}
	// Reset also creates a missing database.
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	if err := Reset(ctx, fresh, Options{}); err != nil {
		t.Fatal(err)
	}
	openDB(t, fresh).Close()
}

// TestReadOnlyPool checks that reads outside Update cannot write: the read
// pool is opened with mode=ro.
func TestReadOnlyPool(t *testing.T) {
	s := openDB(t, newDB(t))
	defer s.Close()
	_, err := s.r.Exec(`INSERT INTO namespace (name) VALUES ('x')`)
	if err == nil || !strings.Contains(err.Error(), "readonly") {
		t.Errorf("write on the read pool = %v, want a readonly error", err)
	}
}

func TestMigrations(t *testing.T) {
	ms := migrations
	if len(ms) == 0 || ms[0].Version != 1 || ms[0].Name != "init" {
		t.Errorf("migrations = %+v", ms)
	}
}

// TestTwoStores stands for the CLI and the server writing the same file from
// two processes: each has its own writer connection, so only SQLite's lock
// and busy_timeout keep them apart.
func TestTwoStores(t *testing.T) {
	ctx := context.Background()
	path := newDB(t)
	a, b := openDB(t, path), openDB(t, path)
	defer a.Close()
	defer b.Close()
	const n = 100
	errs := make(chan error, 2)
	for _, s := range []*Store{a, b} {
		go func() {
			for i := 0; i < n; i++ {
				err := s.Update(ctx, func(tx storage.Tx) error {
					if _, err := tx.AppendEvent(ctx, storage.Event{Key: "k"}); err != nil {
						return err
					}
					_, _, err := tx.UploadWorkflow(ctx, storage.Upload{Namespace: "default", Name: "shared"})
					return err
				})
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got, err := a.CountEvents(ctx, storage.EventFilter{}); err != nil || got != 2*n {
		t.Errorf("CountEvents = %d, %v; want %d", got, err, 2*n)
	}
	if sns, err := b.ListSnapshots(ctx, 1); err != nil || len(sns) != 2*n {
		t.Errorf("%d snapshots, %v; want %d", len(sns), err, 2*n)
	}
}
