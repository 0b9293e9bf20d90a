package pydef

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/aiflow-go/aiflow/ir"
)

// FuzzLoad runs arbitrary source through the whole Python front end: the
// rewrite, the call pass, gpython and the export. Whatever the input, a load
// ends with diagnostics that carry a known code and a position in the file,
// and never with a panic or an internal error.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/workflows/*.py")
	more, _ := filepath.Glob("../testdata/invalid/*.py")
	for _, p := range append(seeds, more...) {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("with Workflow(name=f'{1:>{2}}') as w:\n  pass\n"))
	codes := map[ir.Code]bool{}
	for _, c := range ir.Codes {
		codes[c.Code] = true
	}
	l, err := NewLoader(Options{MaxSteps: 200_000})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		ws, _, diags := l.Load(context.Background(), "fuzz.py", src)
		for _, d := range diags {
			if !codes[d.Code] || d.Code == ir.CodeInternal {
				t.Fatalf("diagnostic %v has code %q", d, d.Code)
			}
			if d.Span.File == "fuzz.py" && d.Span.Start.Line < 0 {
				t.Fatalf("diagnostic %v has a negative line", d)
			}
		}
		for _, w := range ws {
			w.Canonicalize()
			ir.Validate([]*ir.Workflow{w})
			if _, err := ir.EncodeJSON([]*ir.Workflow{w}); err != nil {
				t.Fatalf("encode: %v", err)
			}
		}
	})
}
