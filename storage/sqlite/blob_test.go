package sqlite

import (
	"bytes"
	"context"
	"testing"

	"github.com/aiflow-go/aiflow/storage"
)

func countBlobs(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.w.QueryRowContext(context.Background(), `SELECT count(*) FROM blob`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBlobsShared: the same file uploaded again, by the same workflow or
// another, is stored once, and goes with the last snapshot holding it.
func TestBlobsShared(t *testing.T) {
	ctx := context.Background()
	s := openDB(t, newDB(t))
	defer s.Close()
	art := bytes.Repeat([]byte("model weights "), 1<<16)
	up := func(name, source string) storage.Workflow {
		t.Helper()
		w, _, err := s.UploadWorkflow(ctx, storage.Upload{Namespace: "default", Name: name, Snapshot: storage.Snapshot{
			SourceName: name + ".yaml", Source: []byte(source), IR: []byte(`[]`),
			Files: []storage.File{{Path: "model.bin", Mode: 0o644, Data: art}, {Path: "copy.bin", Mode: 0o600, Data: art}, {Path: "x", Mode: 0o644, Data: []byte(name)}}}})
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	a := up("a", "v1")
	up("a", "v2")
	b := up("b", "v1")
	if n := countBlobs(t, s); n != 3 { // art, "a", "b"
		t.Fatalf("%d blobs, want 3", n)
	}
	sn, err := s.LatestSnapshot(ctx, b.ID)
	if err != nil || len(sn.Files) != 3 || !bytes.Equal(sn.Files[0].Data, art) || sn.Files[0].Path != "copy.bin" || sn.Files[0].Mode != 0o600 || string(sn.Files[2].Data) != "b" {
		t.Fatalf("LatestSnapshot = %d files, %v", len(sn.Files), err)
	}
	if err := s.DeleteWorkflow(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if n := countBlobs(t, s); n != 2 {
		t.Errorf("%d blobs after deleting a, want 2 (art, b)", n)
	}
	if err := s.DeleteWorkflow(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if n := countBlobs(t, s); n != 0 {
		t.Errorf("%d blobs after deleting every workflow, want 0", n)
	}
}

// TestBlobsMigration upgrades a version 5 database: its snapshot files'
// contents move to blobs, each content once.
func TestBlobsMigration(t *testing.T) {
	ctx := context.Background()
	db, path := atVersion(t, 5)
	for _, q := range []string{
		`INSERT INTO workflow (id, namespace, name, is_enabled, event_offset, create_time, update_time) VALUES (1, 'default', 'wf', 1, -1, 0, 0)`,
		`INSERT INTO snapshot (id, workflow_id, source_name, source, ir, signature, create_time) VALUES (1, 1, 'wf.yaml', x'', x'', '', 0), (2, 1, 'wf.yaml', x'', x'', '', 0)`,
		`INSERT INTO snapshot_file (snapshot_id, path, mode, data) VALUES (1, 'a', 420, x'0102'), (1, 'b', 384, x''), (2, 'a', 420, x'0102'), (2, 'c', 420, 'text')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	if from, to, err := Init(ctx, path, Options{}); err != nil || from != 5 || to != LatestVersion() {
		t.Fatalf("Init = %d, %d, %v; want 5, %d, nil", from, to, err, LatestVersion())
	}
	s := openDB(t, path)
	defer s.Close()
	if n := countBlobs(t, s); n != 3 {
		t.Errorf("%d blobs, want 3 (0102, empty, text)", n)
	}
	sn, err := s.GetSnapshot(ctx, 2)
	if err != nil || len(sn.Files) != 2 || !bytes.Equal(sn.Files[0].Data, []byte{1, 2}) || string(sn.Files[1].Data) != "text" || sn.Files[1].Mode != 420 {
		t.Errorf("snapshot 2 after the upgrade: %+v, %v", sn.Files, err)
	}
	sn, err = s.GetSnapshot(ctx, 1)
	if err != nil || len(sn.Files) != 2 || sn.Files[1].Path != "b" || len(sn.Files[1].Data) != 0 || sn.Files[1].Mode != 384 {
		t.Errorf("snapshot 1 after the upgrade: %+v, %v", sn.Files, err)
	}
}
