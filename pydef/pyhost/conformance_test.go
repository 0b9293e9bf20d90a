package pyhost

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aiflow-go/aiflow/internal/golden"
	"github.com/aiflow-go/aiflow/pydef/rewrite"
)

// TestConformance runs each testdata/conformance/*.py program (Python
// 3.6+ source, passed through the pydef/rewrite pre-pass as the loader
// does) and compares what it prints with the .golden file next to it,
// which is CPython 3's output for the same program (go test -update
// refreshes it). The files are named after what they check: patch_* the
// builtin and type patches, syntax_* the runtime helpers of rewritten
// code, stdlib_* the sandboxed standard library.
func TestConformance(t *testing.T) {
	files, err := filepath.Glob("testdata/conformance/*.py")
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance programs: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".py")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			path := strings.TrimSuffix(file, ".py") + ".golden"
			if golden.Update() {
				out, err := exec.Command("python3", "-I", file).CombinedOutput()
				if err != nil {
					t.Fatalf("python3 %s: %v\n%s", file, err, out)
				}
				if err := os.WriteFile(path, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update with python3 installed)", err)
			}
			res, err := rewrite.Rewrite(src)
			if err != nil {
				t.Fatalf("rewrite: %v", err)
			}
			got, err := runSrc(t, "", string(res.Source))
			if err != nil {
				t.Fatalf("gpython: %v\noutput so far:\n%s", err, got)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("output differs from CPython's (-cpython +gpython):\n%s", diff)
			}
		})
	}
}
