package rewrite

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/aiflow-go/aiflow/internal/golden"
)

// goldenInputs are realistic AIFlow workflow files of the shared corpus.
var goldenInputs = []string{"custom_condition", "idioms", "online_ml", "quickstart"}

// TestGolden rewrites realistic AIFlow workflow files and compares the
// result with testdata/golden/*.py.golden.
func TestGolden(t *testing.T) {
	for _, name := range goldenInputs {
		f := filepath.Join("..", "..", "testdata", "workflows", name+".py")
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
			golden.Check(t, filepath.Join("testdata", "golden", name+".py.golden"), res.Source)
		})
	}
}
