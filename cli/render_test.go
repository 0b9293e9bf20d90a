package cli

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/aiflow-go/aiflow/internal/golden"
	"github.com/aiflow-go/aiflow/ir"
)

func span(file string, l1, c1, l2, c2 int) ir.Span {
	return ir.Span{File: file, Start: ir.Pos{Line: l1, Col: c1}, End: ir.Pos{Line: l2, Col: c2}}
}

// sample is a hand-made report that exercises every renderer feature:
// errors and warnings, related positions, unknown positions, a span over
// several lines, and characters that need escaping.
func sample() *report {
	return &report{
		Files: []reportFile{
			{Path: "flows/etl.yaml", Workflows: []string{"etl", "train"}},
			{Path: "flows/dup.py", Workflows: []string{"dup"}},
			{Path: "flows/empty.yaml"},
		},
		Diags: ir.Diagnostics{
			{Severity: ir.Error, Code: ir.CodeFileError, Message: `cannot read "missing.yaml": no such file or directory`,
				Span: ir.Span{File: "missing.yaml"}},
			{Severity: ir.Error, Code: ir.CodeDuplicateTask, Message: `duplicate task "load" in workflow "dup"`,
				Span:    span("flows/dup.py", 9, 5, 9, 37),
				Related: []ir.Related{{Message: `first defined here`, Span: span("flows/dup.py", 6, 5, 6, 37)}}},
			{Severity: ir.Error, Code: ir.CodeUnknownKey, Message: `unknown key "comand" in task "extract"; did you mean "command"?`,
				Span: span("flows/etl.yaml", 4, 5, 4, 11)},
			{Severity: ir.Warning, Code: ir.CodeNumericWeekday, Message: `day of week "1" means Monday in aiflow-go and Tuesday in AIFlow`,
				Detail: "AIFlow counted days from Monday.\nWrite MON-FRI to mean the same in both.",
				Span:   span("flows/etl.yaml", 7, 16, 0, 0)},
			{Severity: ir.Error, Code: ir.CodeBadType, Message: `config: value "50%, a:b" has the wrong type`,
				Span: span("flows/etl.yaml", 9, 3, 11, 8)},
			{Severity: ir.Warning, Code: ir.CodeStubbedImport, Message: "line one\r\nline two",
				Span: span("flows/odd, name: 50%.py", 2, 0, 0, 0)},
			{Severity: ir.Error, Code: ir.CodeInternal, Message: "panic: something broke"},
		},
	}
}

// sources are the files of sample, for the snippet renderer.
var sources = map[string]string{
	"flows/etl.yaml": "name: etl\ntasks:\n  - name: extract\n    comand: echo\n    operator: bash\nschedules:\n  - \"cron@0 0 * * 1\"\nconfig:\n  a: [1,\n    2,\n    3]\n",
	"flows/dup.py":   "from ai_flow import *\n\nwith Workflow(name='dup'):\n\tpass\n\n    a = BashOperator(name='load', bash_command='x')\n\n\n    b = BashOperator(name='load', bash_command='y')\n",
}

func readSource(path string) ([]byte, error) {
	if s, ok := sources[path]; ok {
		return []byte(s), nil
	}
	return nil, fs.ErrNotExist
}

func TestRenderers(t *testing.T) {
	tests := []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"text", func(b *bytes.Buffer) error { return writeText(b, sample().Diags, textOptions{}) }},
		{"text-snippet", func(b *bytes.Buffer) error {
			return writeText(b, sample().Diags, textOptions{source: readSource})
		}},
		{"text-color", func(b *bytes.Buffer) error {
			return writeText(b, sample().Diags, textOptions{color: true, source: readSource})
		}},
		{"json", func(b *bytes.Buffer) error { return writeJSON(b, sample()) }},
		{"json-empty", func(b *bytes.Buffer) error { return writeJSON(b, &report{}) }},
		{"github", func(b *bytes.Buffer) error { return writeGitHub(b, sample().Diags) }},
		{"sarif", func(b *bytes.Buffer) error {
			diags := append(sample().Diags, ir.Diagnostic{Severity: ir.Error, Code: "made-up", Message: "absolute paths",
				Span:    span("/src/proj/flows/abs.yaml", 1, 1, 1, 5),
				Related: []ir.Related{{Message: "outside the root", Span: span("/elsewhere/x.yaml", 3, 0, 0, 0)}}})
			return writeSARIF(b, diags, "/src/proj")
		}},
		{"sarif-empty", func(b *bytes.Buffer) error { return writeSARIF(b, nil, "/src/proj") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got bytes.Buffer
			if err := tt.render(&got); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "render", tt.name+".golden"), got.Bytes())
		})
	}
}

func TestTextWithoutSnippetsIsDiagnosticError(t *testing.T) {
	// Plain text lines are exactly Diagnostic.Error, the form problem
	// matchers and ir's own tests rely on, with line breaks flattened.
	for _, d := range sample().Diags {
		var b bytes.Buffer
		if err := writeText(&b, ir.Diagnostics{d}, textOptions{}); err != nil {
			t.Fatal(err)
		}
		first, _, _ := bytes.Cut(b.Bytes(), []byte("\n"))
		d.Message = oneLine(d.Message)
		if got, want := string(first), d.Error(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestMarker(t *testing.T) {
	tests := []struct {
		name string
		line string
		span ir.Span
		want string
	}{
		{"range", "    comand: echo", span("f", 1, 5, 1, 11), "    ^~~~~~"},
		{"no end", "    comand: echo", span("f", 1, 5, 0, 0), "    ^"},
		{"one char", "x", span("f", 1, 1, 1, 2), "^"},
		{"to end of line when the span goes on", "  a: [1,", span("f", 1, 3, 3, 8), "  ^~~~~~"},
		{"end clamped to the line", "abc", span("f", 1, 2, 1, 40), " ^~"},
		{"start past the end of the line", "abc", span("f", 1, 9, 0, 0), "   ^"},
		{"tabs kept", "\t\tkey: v", span("f", 1, 3, 1, 6), "\t\t^~~"},
		{"columns are code points", "名前: x", span("f", 1, 5, 1, 6), "    ^"},
		{"unknown column", "abc", span("f", 1, 0, 0, 0), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := marker(tt.line, tt.span); got != tt.want {
				t.Errorf("marker(%q, %v) = %q, want %q", tt.line, tt.span, got, tt.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	errAt := func(sev ir.Severity) ir.Diagnostic { return ir.Diagnostic{Severity: sev, Code: ir.CodeBadValue} }
	files := []reportFile{{Path: "a.yaml", Workflows: []string{"a", "b"}}, {Path: "b.py", Workflows: []string{"c"}}, {Path: "c.yaml"}}
	tests := []struct {
		name string
		rep  report
		want string
	}{
		{"ok", report{Files: files}, "3 files ok, 3 workflows"},
		{"one of each", report{Files: files[1:2]}, "1 file ok, 1 workflow"},
		{"nothing", report{}, "no definition files found"},
		{"errors and warnings", report{Files: files, Diags: ir.Diagnostics{errAt(ir.Error), errAt(ir.Warning), errAt(ir.Error)}},
			"2 errors, 1 warning in 3 files"},
		{"warnings only", report{Files: files[:1], Diags: ir.Diagnostics{errAt(ir.Warning), errAt(ir.Warning)}},
			"2 warnings in 1 file"},
		{"no file loaded", report{Diags: ir.Diagnostics{errAt(ir.Error)}}, "1 error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rep.summary(); got != tt.want {
				t.Errorf("summary() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGitHubEscaping(t *testing.T) {
	tests := []struct {
		in, data, prop string
	}{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"%0A", "%250A", "%250A"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := escapeGitHubData(tt.in); got != tt.data {
				t.Errorf("escapeGitHubData(%q) = %q, want %q", tt.in, got, tt.data)
			}
			if got := escapeGitHubProperty(tt.in); got != tt.prop {
				t.Errorf("escapeGitHubProperty(%q) = %q, want %q", tt.in, got, tt.prop)
			}
		})
	}
}
