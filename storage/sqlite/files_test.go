package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aiflow-go/aiflow/storage"
)

// TestFileModes: a new database, and its -wal and -shm files, are its
// owner's only.
func TestFileModes(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"init", "reset"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "aiflow.db")
			var err error
			if name == "init" {
				_, _, err = Init(ctx, path, Options{})
			} else {
				err = Reset(ctx, path, Options{})
			}
			if err != nil {
				t.Fatal(err)
			}
			s, err := Open(ctx, path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.CreateNamespace(ctx, storage.Namespace{Name: "x"}); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{path, path + "-wal", path + "-shm"} {
				fi, err := os.Stat(f)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode().Perm()&0o077 != 0 {
					t.Errorf("%s: mode %v, want no access for group and others", filepath.Base(f), fi.Mode().Perm())
				}
			}
		})
	}
}

// TestUpgradeRefusesEmpty: an empty file is a lost database, not one to
// upgrade into a new one.
func TestUpgradeRefusesEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aiflow.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := Upgrade(context.Background(), path, Options{})
	if err == nil || !strings.Contains(err.Error(), "is empty (0 bytes), so there is nothing to upgrade") {
		t.Fatalf("Upgrade = %v", err)
	}
	if fi, _ := os.Stat(path); fi.Size() != 0 {
		t.Errorf("Upgrade changed the file: %d bytes", fi.Size())
	}
}

// TestCheckWAL: a crash leaves -wal and -shm; with the -wal removed, its
// committed transactions are lost, which CheckWAL tells from the -shm.
func TestCheckWAL(t *testing.T) {
	ctx := context.Background()
	path := newDB(t)
	if err := CheckWAL(path); err != nil {
		t.Fatalf("closed cleanly: %v", err)
	}
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CreateNamespace(ctx, storage.Namespace{Name: "x"}); err != nil {
		t.Fatal(err)
	}
	// The files as a crash now would leave them.
	crash := filepath.Join(t.TempDir(), "aiflow.db")
	copyFiles(t, path, crash, "", "-wal", "-shm")
	if err := CheckWAL(crash); err != nil {
		t.Errorf("with the -wal: %v", err)
	}
	if err := os.Remove(crash + "-wal"); err != nil {
		t.Fatal(err)
	}
	err = CheckWAL(crash)
	if !errors.Is(err, ErrWALLost) || !strings.Contains(err.Error(), "its -wal file was removed after a crash") {
		t.Errorf("without the -wal: %v", err)
	}
	// Once a checkpoint copied all of it into the database, nothing was
	// lost with it.
	db, err := openWriter(ctx, path, "rw", Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(FULL)`); err != nil {
		t.Fatal(err)
	}
	copyFiles(t, path, crash, "", "-shm")
	if err := CheckWAL(crash); err != nil {
		t.Errorf("checkpointed, without the -wal: %v", err)
	}
}

// TestReclaim: a new database is in incremental auto-vacuum mode, and
// Reclaim gives the pages of deleted rows back to the file system; a reset
// switches an older database to the mode.
func TestReclaim(t *testing.T) {
	ctx := context.Background()
	path := newDB(t)
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pragma := func(name string) int {
		t.Helper()
		var n int
		if err := s.w.QueryRowContext(ctx, `PRAGMA `+name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := pragma("auto_vacuum"); got != 2 {
		t.Fatalf("auto_vacuum = %d, want 2 (incremental)", got)
	}
	big := make([]byte, 4<<20)
	for i := range big {
		big[i] = byte(i * 7)
	}
	w, _, err := s.UploadWorkflow(ctx, storage.Upload{Namespace: "default", Name: "wf", Snapshot: storage.Snapshot{
		SourceName: "wf.yaml", Source: []byte("name: wf\n"), IR: []byte(`[]`),
		Files: []storage.File{{Path: "big.bin", Mode: 0o644, Data: big}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWorkflow(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	before := pragma("page_count")
	if pragma("freelist_count") < 1000 {
		t.Fatalf("freelist_count = %d after deleting 4 MiB", pragma("freelist_count"))
	}
	if err := s.Reclaim(ctx); err != nil {
		t.Fatal(err)
	}
	if after := pragma("page_count"); before-after < 1000 || pragma("freelist_count") != 0 {
		t.Errorf("page_count %d -> %d, freelist_count %d; want the 4 MiB given back", before, after, pragma("freelist_count"))
	}

	// An older database (auto_vacuum off) switches at reset.
	old := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+old+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	var mode int
	if err := db.QueryRowContext(ctx, `PRAGMA auto_vacuum`).Scan(&mode); err != nil || mode != 0 {
		t.Fatalf("old database: auto_vacuum = %d, %v; want 0", mode, err)
	}
	db.Close()
	if err := Reset(ctx, old, Options{}); err != nil {
		t.Fatal(err)
	}
	db, err = openWriter(ctx, old, "rw", Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRowContext(ctx, `PRAGMA auto_vacuum`).Scan(&mode); err != nil || mode != 2 {
		t.Errorf("auto_vacuum after reset = %d, %v; want 2", mode, err)
	}
}

// copyFiles copies the files from+suffix to to+suffix.
func copyFiles(t *testing.T, from, to string, suffixes ...string) {
	t.Helper()
	for _, suffix := range suffixes {
		b, err := os.ReadFile(from + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
