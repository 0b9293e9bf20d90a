package parser_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/parser"
	"github.com/aiflow-go/aiflow/pydef"
)

var update = flag.Bool("update", false, "rewrite testdata/workflows/*.ir.json from the YAML twins")

const (
	workflowsDir = "../testdata/workflows"
	invalidDir   = "../testdata/invalid"
)

// The parser is built once: it compiles the Python shim, and it is safe for
// concurrent use by the parallel subtests.
var (
	sharedOnce   sync.Once
	sharedParser *parser.Parser
	sharedErr    error
)

func newParser(t *testing.T) *parser.Parser {
	t.Helper()
	sharedOnce.Do(func() { sharedParser, sharedErr = parser.New(pydef.Options{}) })
	if sharedErr != nil {
		t.Fatalf("parser.New: %v", sharedErr)
	}
	return sharedParser
}

// TestParity checks that every pair X.py + X.yaml in testdata/workflows
// loads without errors into byte-identical canonical IR, equal to X.ir.json
// (which -update rewrites from the YAML twin). Only pairs are loaded: Python
// files without a YAML twin, such as those in lib/, are helper modules.
func TestParity(t *testing.T) {
	p := newParser(t)
	yamls, err := filepath.Glob(filepath.Join(workflowsDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	pairs := 0
	for _, y := range yamls {
		base := strings.TrimSuffix(y, ".yaml")
		py := base + ".py"
		if _, err := os.Stat(py); err != nil {
			t.Errorf("%s has no Python twin %s", y, filepath.Base(py))
			continue
		}
		pairs++
		t.Run(filepath.Base(base), func(t *testing.T) {
			t.Parallel()
			fromYAML := loadIR(t, p, y)
			if fromYAML != nil {
				checkGolden(t, base+".ir.json", fromYAML)
			}
			fromPy := loadIR(t, p, py)
			if fromYAML == nil || fromPy == nil {
				return
			}
			if diff := cmp.Diff(string(fromYAML), string(fromPy)); diff != "" {
				t.Errorf("IR differs between the twins (-%s +%s):\n%s", filepath.Base(y), filepath.Base(py), diff)
			}
		})
	}
	if pairs == 0 {
		t.Fatalf("no pairs in %s", workflowsDir)
	}
}

// checkGolden compares the YAML twin's IR with the golden file, or rewrites
// the golden with -update.
func checkGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Errorf("%v (run go test ./parser -run TestParity -update)", err)
		return
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("IR differs from %s (-golden +yaml):\n%s", filepath.Base(golden), diff)
	}
}

// loadIR loads one file as a run of its own and returns its canonical JSON,
// or nil after reporting errors.
func loadIR(t *testing.T, p *parser.Parser, path string) []byte {
	t.Helper()
	res := p.Load(context.Background(), []string{path})
	if res.Diags.HasErrors() {
		for _, d := range res.Diags {
			t.Errorf("%s: %s: %s [%s]", d.Span, d.Severity, d.Message, d.Code)
		}
		return nil
	}
	ws := res.Workflows()
	if len(ws) == 0 {
		t.Errorf("%s: no workflows", path)
		return nil
	}
	data, err := ir.EncodeJSON(ws)
	if err != nil {
		t.Fatalf("%s: encode: %v", path, err)
	}
	return data
}

// TestInvalid loads every file of testdata/invalid as a run of its own, and
// every subfolder as one run of all its files, and matches the diagnostics
// (warnings included) one to one against the want comments of the files:
//
//	bad_line()  # want <code> <column> "<regexp>" [want <code> <column> "<regexp>"]...
//	# want@<line> <code> <column> "<regexp>"
//
// A want expects a diagnostic with that code at that line (the comment's own,
// or the one after @) and column whose message matches the regexp, a Go
// string literal.
func TestInvalid(t *testing.T) {
	p := newParser(t)
	entries, err := os.ReadDir(invalidDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		path := filepath.Join(invalidDir, e.Name())
		var files []string
		if e.IsDir() {
			sub, err := os.ReadDir(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range sub {
				if !s.IsDir() && parser.IsDefinition(s.Name()) {
					files = append(files, filepath.Join(path, s.Name()))
				}
			}
		} else if parser.IsDefinition(path) {
			files = []string{path}
		} else {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			var wants []*want
			for _, f := range files {
				ws, err := parseWants(f)
				if err != nil {
					t.Fatal(err)
				}
				wants = append(wants, ws...)
			}
			if len(wants) == 0 {
				t.Fatalf("%s has no want comments", path)
			}
			res := p.Load(context.Background(), []string{path})
			checkDiags(t, res.Diags, wants)
		})
	}
}

// want is one expected diagnostic.
type want struct {
	file string // as the parser names it (filepath.Clean of the loaded path)
	line int
	code ir.Code
	col  int
	rx   *regexp.Regexp
	used bool
}

func (w *want) String() string {
	return fmt.Sprintf("%s:%d:%d %s %q", w.file, w.line, w.col, w.code, w.rx)
}

var (
	// wantStart finds the comment that carries the expectations of a line.
	wantStart = regexp.MustCompile(`#\s*want(@\d+)?\s`)
	// wantClause is one `want[@line] code col "regexp"`; the regexp is a Go
	// string literal (double-quoted or back-quoted).
	wantClause = regexp.MustCompile(`^\s*want(?:@(\d+))?\s+([a-z][a-z0-9-]*)\s+(\d+)\s+`)
)

// parseWants reads the `# want` comments of one file.
func parseWants(path string) ([]*want, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	file := filepath.Clean(path)
	var ws []*want
	for i, line := range strings.Split(string(src), "\n") {
		loc := wantStart.FindStringIndex(line)
		if loc == nil {
			continue
		}
		rest := line[loc[0]+1:]
		for strings.TrimSpace(rest) != "" {
			m := wantClause.FindStringSubmatch(rest)
			if m == nil {
				return nil, fmt.Errorf("%s:%d: malformed want clause %q", path, i+1, rest)
			}
			rest = rest[len(m[0]):]
			lit, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: want needs a quoted regexp: %q", path, i+1, rest)
			}
			rest = rest[len(lit):]
			s, _ := strconv.Unquote(lit)
			rx, err := regexp.Compile(s)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", path, i+1, err)
			}
			w := &want{file: file, line: i + 1, code: ir.Code(m[2]), rx: rx}
			if m[1] != "" {
				w.line, _ = strconv.Atoi(m[1])
			}
			w.col, _ = strconv.Atoi(m[3])
			ws = append(ws, w)
		}
	}
	return ws, nil
}

// checkDiags pairs diagnostics with wants on file, line, code and column,
// the message matching the regexp, and reports what is left on either side.
func checkDiags(t *testing.T, diags ir.Diagnostics, wants []*want) {
	t.Helper()
	var unexpected []string
	for _, d := range diags {
		i := slices.IndexFunc(wants, func(w *want) bool {
			return !w.used && w.file == d.Span.File && w.line == d.Span.Start.Line &&
				w.code == d.Code && w.col == d.Span.Start.Col && w.rx.MatchString(d.Message)
		})
		if i < 0 {
			unexpected = append(unexpected, fmt.Sprintf("%s:%d:%d %s %s: %s",
				d.Span.File, d.Span.Start.Line, d.Span.Start.Col, d.Code, d.Severity, d.Message))
			continue
		}
		wants[i].used = true
	}
	for _, u := range unexpected {
		t.Errorf("unexpected: %s", u)
	}
	for _, w := range wants {
		if !w.used {
			t.Errorf("missing:    %s", w)
		}
	}
}
