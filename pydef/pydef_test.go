package pydef

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aiflow-go/aiflow/internal/golden"
	"github.com/aiflow-go/aiflow/ir"
)

// loadFile loads a testdata file and canonicalizes its workflows as the
// parser facade does.
func loadFile(t testing.TB, l *Loader, file string) ([]*ir.Workflow, ir.Diagnostics) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ws, _, diags := l.Load(context.Background(), file, src)
	for _, w := range ws {
		w.Canonicalize()
	}
	diags.Sort()
	return ws, diags
}

// render is a load's golden form: the IR JSON, then one line per
// diagnostic.
func render(t testing.TB, ws []*ir.Workflow, diags ir.Diagnostics) []byte {
	t.Helper()
	b, err := ir.EncodeJSON(ws)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	out.Write(b)
	for _, d := range diags {
		fmt.Fprintln(&out, "//", d.Error())
	}
	return out.Bytes()
}

// loaded is the golden form of loading file.
func loaded(t testing.TB, l *Loader, file string) []byte {
	ws, diags := loadFile(t, l, file)
	return render(t, ws, diags)
}

// TestGolden loads every sample and compares its IR and diagnostics with
// testdata/{workflows,capture}/X.golden (refresh with -update).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/workflows/*.py")
	more, _ := filepath.Glob("testdata/capture/*.py")
	files = append(files, more...)
	if len(files) == 0 {
		t.Fatal("no samples")
	}
	l := newTestLoader(t)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			got := loaded(t, l, file)
			golden.Check(t, strings.TrimSuffix(file, ".py")+".golden", got)
		})
	}
}

// TestSpans checks the positions the export gives tasks, fields, rules,
// conditions and schedules.
func TestSpans(t *testing.T) {
	l := newTestLoader(t)
	ws, diags := loadFile(t, l, "testdata/workflows/periodic_task.py")
	if diags.HasErrors() || len(ws) != 1 {
		t.Fatalf("load: %d workflows, %v", len(ws), diags)
	}
	w := ws[0]
	at := func(sp ir.Span) string { return fmt.Sprintf("%d:%d", sp.Start.Line, sp.Start.Col) }
	got := map[string]string{
		"workflow":                   at(w.Span),
		"task_1":                     at(w.Tasks[0].Span),
		"task_1.name":                at(w.Tasks[0].Fields.At("name", ir.Span{})),
		"task_1.bash.bash_command":   at(w.Tasks[0].Fields.At("bash.bash_command", ir.Span{})),
		"task_1.periodic_expression": at(w.Tasks[0].Fields.At("periodic_expression", ir.Span{})),
		"rule task_2":                at(w.Rules[1].Span),
		"rule task_2 condition":      at(w.Rules[1].Condition.Span),
	}
	want := map[string]string{
		"workflow":                   "8:6",
		"task_1":                     "9:14",
		"task_1.name":                "9:32",
		"task_1.bash.bash_command":   "10:40",
		"task_1.periodic_expression": "11:47",
		"rule task_2":                "18:5",
		"rule task_2 condition":      "18:5",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("spans (-want +got):\n%s", diff)
	}
	for _, d := range diags {
		if d.Span.File != "testdata/workflows/periodic_task.py" {
			t.Errorf("diagnostic in another file: %v", d)
		}
	}

	ws, _ = loadFile(t, l, "testdata/workflows/periodic_workflow.py")
	if len(ws) != 2 || len(ws[1].Schedules) != 1 {
		t.Fatalf("periodic_workflow: %d workflows", len(ws))
	}
	if got := at(ws[1].Schedules[0].Span); got != "17:1" {
		t.Errorf("schedule span = %s, want 17:1", got)
	}
	ws, _ = loadFile(t, l, "testdata/workflows/online_ml.py")
	if len(ws) != 1 {
		t.Fatalf("online_ml: %d workflows", len(ws))
	}
	if got := at(ws[0].Tasks[1].Fields.At("timeout", ir.Span{})); got != "122:79" {
		t.Errorf("training timeout span = %s, want 122:79", got)
	}

	// An f-string earlier on the line moves the rewritten columns; spans
	// are in the user's columns.
	src := header + "with Workflow(name=f'w{1}') as w:\n    t = BashOperator(name=f'{\"t\"}', bash_command='x', periodic_expression='cron@bad')\n"
	ws, _, diags = l.Load(context.Background(), "wf.py", []byte(src))
	if len(ws) != 1 || len(ws[0].Tasks) != 1 {
		t.Fatalf("f-string source: %v", diags)
	}
	if got := at(ws[0].Tasks[0].Fields.At("periodic_expression", ir.Span{})); got != "7:75" {
		t.Errorf("periodic_expression after an f-string = %s, want 7:75", got)
	}
	if ws[0].Name != "w1" || ws[0].Tasks[0].Name != "t" {
		t.Errorf("names = %q, %q", ws[0].Name, ws[0].Tasks[0].Name)
	}
}

// TestParallel loads every sample from 8 goroutines at once and expects
// the sequential results (run with -race).
func TestParallel(t *testing.T) {
	files, _ := filepath.Glob("testdata/workflows/*.py")
	l := newTestLoader(t)
	want := map[string][]byte{}
	for _, f := range files {
		want[f] = loaded(t, l, f)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(files))
	for g := range 8 {
		wg.Go(func() {
			for i := range files {
				f := files[(i+g)%len(files)]
				if got := loaded(t, l, f); !bytes.Equal(got, want[f]) {
					errs <- fmt.Sprintf("goroutine %d: %s differs:\n%s", g, f, cmp.Diff(string(want[f]), string(got)))
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestLoadsAreIsolated: a definition that changes the ai_flow shim (its
// classes, its capture registries, its package) changes it for itself
// only, although loads share the shim's modules through a template.
func TestLoadsAreIsolated(t *testing.T) {
	l := newTestLoader(t)
	ctx := context.Background()
	meddler := []byte(`import ai_flow
import ai_flow._capture as cap
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
ai_flow.injected = True
cap.workflows.append('junk')
Workflow.kind = 'patched'
BashOperator.__init__ = None
`)
	probe := []byte(`import ai_flow
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
with Workflow(name='probe_%s_%s' % (hasattr(ai_flow, 'injected'), getattr(Workflow, 'kind', 'clean'))) as w:
    BashOperator(name='t', bash_command='true')
`)
	for i := range 4 {
		l.Load(ctx, "meddler.py", meddler)
		ws, _, diags := l.Load(ctx, "probe.py", probe)
		if diags.HasErrors() || len(ws) != 1 || ws[0].Name != "probe_False_clean" || len(ws[0].Tasks) != 1 {
			t.Fatalf("load %d after a definition changed the shim: %v, %v", i, ws, diags)
		}
	}
}

// TestCancel stops an endless top-level loop through the context.
func TestCancel(t *testing.T) {
	l, err := NewLoader(Options{MaxSteps: 1 << 40})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, diags := l.Load(ctx, "loop.py", []byte("from ai_flow.model.workflow import Workflow\nwhile True:\n    pass\n"))
	if time.Since(start) > 5*time.Second {
		t.Errorf("cancellation took %v", time.Since(start))
	}
	if len(diags) != 1 || diags[0].Code != ir.CodeLoadBudget || !strings.Contains(diags[0].Message, "stopped") {
		t.Errorf("diags = %v, want one load-budget-exceeded about the stop", diags)
	}
}

// BenchmarkLoad measures a warm-cache load: a fresh interpreter, the shim
// import, the run and the export.
func BenchmarkLoad(b *testing.B) {
	for _, name := range []string{"quickstart", "online_ml"} {
		b.Run(name, func(b *testing.B) {
			file := "testdata/workflows/" + name + ".py"
			src, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			l := newTestLoader(b)
			ctx := context.Background()
			if _, _, diags := l.Load(ctx, file, src); diags.HasErrors() {
				b.Fatal(diags)
			}
			b.ReportAllocs()
			for b.Loop() {
				l.Load(ctx, file, src)
			}
		})
	}
}

// A definition with a byte order mark and CRLF or CR-only line endings,
// and a helper module written so, load as with LF (as CPython reads them),
// with the same positions.
func TestLineEndings(t *testing.T) {
	const def = "from ai_flow.model.workflow import Workflow\nfrom ai_flow.operators.bash import BashOperator\nfrom helper import cmd\n\nwith Workflow(name='ends') as w:\n    a = BashOperator(name='a', bash_command=cmd())\n    b = BashOperator(name='b', bash_command=1)\n"
	const helper = "def cmd():\n    return 'echo hi'\n"
	l := newTestLoader(t)
	var want []byte
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		dir := t.TempDir()
		for name, src := range map[string]string{"wf.py": def, "helper.py": helper} {
			src = "\xef\xbb\xbf" + strings.ReplaceAll(src, "\n", eol)
			if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		ws, diags := loadFile(t, l, filepath.Join(dir, "wf.py"))
		for i := range diags {
			diags[i].Span.File = "wf.py"
		}
		got := render(t, ws, diags)
		if want == nil {
			want = got
			if !bytes.Contains(got, []byte("wf.py:7:")) {
				t.Fatalf("the bad argument is not reported on line 7:\n%s", got)
			}
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("with %q line endings:\n%s\nwant as with LF:\n%s", eol, got, want)
		}
	}
}
