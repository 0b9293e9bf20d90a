package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aiflow-go/aiflow/ir"
)

// report is what one validate run found, in the shape the renderers need;
// the renderers take it rather than a parser.Result so that they can be
// tested with hand-made diagnostics.
type report struct {
	Files []reportFile
	Diags ir.Diagnostics // sorted
}

// reportFile is one loaded file and the names of its workflows.
type reportFile struct {
	Path      string
	Workflows []string
}

// summary is the one-line verdict printed on stderr after text output, such
// as "2 errors, 1 warning in 3 files" or "3 files ok, 4 workflows".
func (r *report) summary() string {
	nerr, nwarn := r.Diags.Count(ir.Error), r.Diags.Count(ir.Warning)
	if nerr == 0 && nwarn == 0 {
		if len(r.Files) == 0 {
			return "no definition files found"
		}
		nwf := 0
		for _, f := range r.Files {
			nwf += len(f.Workflows)
		}
		return fmt.Sprintf("%s ok, %s", plural(len(r.Files), "file"), plural(nwf, "workflow"))
	}
	var parts []string
	if nerr > 0 {
		parts = append(parts, plural(nerr, "error"))
	}
	if nwarn > 0 {
		parts = append(parts, plural(nwarn, "warning"))
	}
	s := strings.Join(parts, ", ")
	// A run whose only problem is a missing path loaded no file at all.
	if len(r.Files) > 0 {
		s += " in " + plural(len(r.Files), "file")
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// ANSI styles of the text format.
const (
	styleReset   = "\x1b[0m"
	styleBold    = "\x1b[1m"
	styleDim     = "\x1b[2m"
	styleError   = "\x1b[1;31m"
	styleWarning = "\x1b[1;33m"
	styleMarker  = "\x1b[32m"
)

// textOptions configure writeText.
type textOptions struct {
	color bool
	// source, when set, reads a file so that each diagnostic is followed by
	// its source line and a ^~~~ marker under the span (terminals only: the
	// extra lines would confuse tools that parse the output).
	source func(path string) ([]byte, error)
}

// writeText prints one `file:line:col: severity: message [code]` line per
// diagnostic, each related position on an indented line below it.
func writeText(w io.Writer, diags ir.Diagnostics, opts textOptions) error {
	bw := bufio.NewWriter(w)
	t := &textWriter{w: bw, opts: opts, files: map[string][]string{}}
	for _, d := range diags {
		t.diag(d)
	}
	return bw.Flush()
}

type textWriter struct {
	w     *bufio.Writer // keeps the first write error for Flush to report
	opts  textOptions
	files map[string][]string // source lines by path; nil when unreadable
}

func (t *textWriter) style(s, style string) string {
	if !t.opts.color {
		return s
	}
	return style + s + styleReset
}

func (t *textWriter) diag(d ir.Diagnostic) {
	sev := string(d.Severity)
	switch d.Severity {
	case ir.Error:
		sev = t.style(sev, styleError)
	case ir.Warning:
		sev = t.style(sev, styleWarning)
	}
	fmt.Fprintf(t.w, "%s: %s: %s %s\n", t.style(d.Span.String(), styleBold), sev, oneLine(d.Message),
		t.style("["+string(d.Code)+"]", styleDim))
	if t.opts.source != nil {
		t.snippet(d.Span)
		for line := range strings.Lines(d.Detail) {
			fmt.Fprintf(t.w, "  = %s\n", strings.TrimRight(line, "\n"))
		}
	}
	for _, r := range d.Related {
		fmt.Fprintf(t.w, "\t%s: %s\n", t.style(r.Span.String(), styleBold), oneLine(r.Message))
	}
}

// oneLine joins the lines of a message that should have had only one, so that
// every diagnostic stays one line of text output.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// snippet prints the first line of span with a marker under it, in the style
// of actionlint and rustc:
//
//	  |
//	3 |     comand: echo
//	  |     ^~~~~~
func (t *textWriter) snippet(sp ir.Span) {
	line, ok := t.line(sp.File, sp.Start.Line)
	if !ok {
		return
	}
	num := strconv.Itoa(sp.Start.Line)
	pad := strings.Repeat(" ", len(num))
	fmt.Fprintf(t.w, "%s |\n%s | %s\n", pad, num, line)
	if m := marker(line, sp); m != "" {
		fmt.Fprintf(t.w, "%s | %s\n", pad, t.style(m, styleMarker))
	}
}

func (t *textWriter) line(path string, n int) (string, bool) {
	if path == "" || n < 1 {
		return "", false
	}
	lines, seen := t.files[path]
	if !seen {
		if src, err := t.opts.source(path); err == nil {
			lines = strings.Split(string(src), "\n")
		}
		t.files[path] = lines
	}
	if n > len(lines) {
		return "", false
	}
	return strings.TrimRight(lines[n-1], "\r"), true
}

// marker returns the ^~~~ line that underlines span within line, the span's
// first line: up to End on the same line, to the end of the line when the
// span goes on, and a lone ^ when the end is unknown. Tabs before the span
// are kept so that the marker lines up however the terminal expands them.
func marker(line string, sp ir.Span) string {
	col := sp.Start.Col
	if col < 1 {
		return ""
	}
	runes := []rune(line)
	eol := len(runes) + 1 // the column just past the last character
	col = min(col, eol)
	end := col + 1
	switch {
	case sp.End.Line == sp.Start.Line && sp.End.Col > col:
		end = min(sp.End.Col, eol)
	case sp.End.Line > sp.Start.Line:
		end = eol
	}
	var b strings.Builder
	for _, r := range runes[:col-1] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteByte('^')
	b.WriteString(strings.Repeat("~", max(end-col-1, 0)))
	return b.String()
}

// The JSON format. Field order is the documented key order; lists are never
// null. Unknown positions are 0, as in ir.Pos.
type (
	jsonReport struct {
		Valid        bool       `json:"valid"`
		ErrorCount   int        `json:"error_count"`
		WarningCount int        `json:"warning_count"`
		Files        []jsonFile `json:"files"`
		Diagnostics  []jsonDiag `json:"diagnostics"`
	}
	jsonFile struct {
		Path      string   `json:"path"`
		Workflows []string `json:"workflows"`
	}
	jsonDiag struct {
		Severity ir.Severity `json:"severity"`
		Code     ir.Code     `json:"code"`
		Message  string      `json:"message"`
		jsonSpan
		Related []jsonRelated `json:"related,omitempty"`
	}
	jsonRelated struct {
		Message string `json:"message"`
		jsonSpan
	}
	jsonSpan struct {
		File      string `json:"file"`
		Line      int    `json:"line"`
		Column    int    `json:"column"`
		EndLine   int    `json:"end_line"`
		EndColumn int    `json:"end_column"`
	}
)

func newJSONSpan(sp ir.Span) jsonSpan {
	return jsonSpan{File: sp.File, Line: sp.Start.Line, Column: sp.Start.Col, EndLine: sp.End.Line, EndColumn: sp.End.Col}
}

// writeJSON prints the report as one indented JSON object.
func writeJSON(w io.Writer, rep *report) error {
	out := jsonReport{
		Valid:        !rep.Diags.HasErrors(),
		ErrorCount:   rep.Diags.Count(ir.Error),
		WarningCount: rep.Diags.Count(ir.Warning),
		Files:        []jsonFile{},
		Diagnostics:  []jsonDiag{},
	}
	for _, f := range rep.Files {
		out.Files = append(out.Files, jsonFile{Path: f.Path, Workflows: append([]string{}, f.Workflows...)})
	}
	for _, d := range rep.Diags {
		jd := jsonDiag{Severity: d.Severity, Code: d.Code, Message: d.Message, jsonSpan: newJSONSpan(d.Span)}
		for _, r := range d.Related {
			jd.Related = append(jd.Related, jsonRelated{Message: r.Message, jsonSpan: newJSONSpan(r.Span)})
		}
		out.Diagnostics = append(out.Diagnostics, jd)
	}
	return encodeJSON(w, out)
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeGitHub prints one GitHub Actions workflow command per diagnostic,
// which the runner turns into an annotation on the file:
//
//	::error file=F,line=L,endLine=EL,col=C,endColumn=EC,title=CODE::MESSAGE
//
// Unknown positions are left out; a column range is only given on one line,
// the only case in which GitHub uses it.
func writeGitHub(w io.Writer, diags ir.Diagnostics) error {
	bw := bufio.NewWriter(w)
	for _, d := range diags {
		var props []string
		add := func(k, v string) { props = append(props, k+"="+escapeGitHubProperty(v)) }
		sp := d.Span
		if sp.File != "" {
			add("file", sp.File)
		}
		if sp.Start.Line > 0 {
			add("line", strconv.Itoa(sp.Start.Line))
			if sp.End.Line > 0 {
				add("endLine", strconv.Itoa(sp.End.Line))
			}
			if sp.Start.Col > 0 {
				add("col", strconv.Itoa(sp.Start.Col))
				if sp.End.Line == sp.Start.Line && sp.End.Col > 0 {
					add("endColumn", strconv.Itoa(sp.End.Col))
				}
			}
		}
		add("title", string(d.Code))
		fmt.Fprintf(bw, "::%s %s::%s\n", d.Severity, strings.Join(props, ","), escapeGitHubData(d.Message))
	}
	return bw.Flush()
}

// GitHub workflow commands percent-encode the characters that would end the
// message (newlines) and, in properties, those that separate them.
var (
	githubData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeGitHubData(s string) string     { return githubData.Replace(s) }
func escapeGitHubProperty(s string) string { return githubProperty.Replace(s) }
