package ir

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/aiflow-go/aiflow/internal/golden"
)

// TestCodesDoc keeps docs/diagnostics.md, the user's list of diagnostic
// codes, in step with Codes (go test ./ir -update rewrites it).
func TestCodesDoc(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("# Diagnostic codes\n\n")
	b.WriteString("Every problem `aiflow validate` reports carries one of these stable codes: the text format\n")
	b.WriteString("prints it in brackets, the json format as `code`, SARIF as the rule id. Codes never change\n")
	b.WriteString("meaning; new ones may be added. This file is generated from `ir/codes.go`.\n\n")
	b.WriteString("| code | severity | meaning |\n|---|---|---|\n")
	for _, c := range Codes {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.Code, c.Severity, c.Summary)
	}
	golden.Check(t, filepath.Join("..", "docs", "diagnostics.md"), b.Bytes())
}
