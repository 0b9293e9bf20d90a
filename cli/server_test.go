package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aiflow-go/aiflow/config"
)

// TestPrepareHome: a fresh home gets the configuration and the database,
// each said on stderr, once.
func TestPrepareHome(t *testing.T) {
	home := filepath.Join(t.TempDir(), "aiflow")
	t.Setenv("AIFLOW_HOME", home)
	var stderr bytes.Buffer
	e := &env{ctx: context.Background(), stderr: &stderr}
	for range 2 {
		cfg, err := config.Load(os.Getenv)
		if err != nil {
			t.Fatal(err)
		}
		if err := prepareHome(e, cfg); err != nil {
			t.Fatal(err)
		}
	}
	want := "Wrote " + config.Path(home) + " (the defaults; see 'aiflow config list').\n" +
		"Database " + filepath.Join(home, "aiflow.db") + " initialized (schema version "
	if got := stderr.String(); !strings.HasPrefix(got, want) || strings.Count(got, "\n") != 2 {
		t.Errorf("stderr:\n%s\nwant:\n%s...", got, want)
	}
}
