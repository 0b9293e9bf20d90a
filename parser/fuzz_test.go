package parser

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/yamldef"
)

// FuzzValidate feeds Validate with whatever workflows the YAML front end
// builds from arbitrary input (the cheapest way to reach every corner of the
// IR), across two files so that cross-file checks run too: it must never
// panic, and every diagnostic has a known code.
func FuzzValidate(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/workflows/*.yaml")
	more, _ := filepath.Glob("../testdata/invalid/*.yaml")
	for _, p := range append(seeds, more...) {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src, []byte("name: other\ntasks: [{name: a, operator: noop}]\n"))
		}
	}
	codes := map[ir.Code]bool{}
	for _, c := range ir.Codes {
		codes[c.Code] = true
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		wa, _ := yamldef.Parse("a.yaml", a)
		wb, _ := yamldef.Parse("b.yaml", b)
		ws := append(wa, wb...)
		for _, w := range ws {
			w.Canonicalize()
		}
		for _, d := range Validate(ws) {
			if !codes[d.Code] {
				t.Fatalf("diagnostic %v has an unknown code %q", d, d.Code)
			}
		}
		if _, err := ir.EncodeJSON(ws); err != nil {
			t.Fatalf("encode: %v", err)
		}
	})
}
