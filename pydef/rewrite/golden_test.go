package rewrite

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden rewrites realistic AIFlow workflow files and compares the
// result with testdata/golden/*.py.golden.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.py")
	if err != nil || len(files) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Rewrite(src)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Unsupported) > 0 {
				t.Errorf("unexpected problems: %v", res.Unsupported)
			}
			if a, b := bytes.Count(src, []byte{'\n'}), bytes.Count(res.Source, []byte{'\n'}); a != b {
				t.Errorf("line count %d -> %d", a, b)
			}
			gparse(t, res.Source)
			checkNames(t, src, res)
			golden := f + ".golden"
			if *update {
				if err := os.WriteFile(golden, res.Source, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(res.Source), "\n")); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
