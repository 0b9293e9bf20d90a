// Package sqlitetest gives tests a fresh, initialized SQLite store.
package sqlitetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/aiflow-go/aiflow/storage/sqlite"
)

// New initializes a database in a temporary folder of t, opens it and
// closes it when the test ends.
func New(t testing.TB) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "aiflow.db")
	if _, _, err := sqlite.Init(ctx, path, sqlite.Options{}); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
