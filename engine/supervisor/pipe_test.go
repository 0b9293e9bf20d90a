//go:build unix

package supervisor

import (
	"context"
	"strings"
	"syscall"
	"testing"

	"github.com/aiflow-go/aiflow/api"
)

// A pooled supervisor reports on its pipe, then says done; the API hears
// nothing.
func TestServe(t *testing.T) {
	f := newFakeAPI(t, nil)
	spec := writeSpec(t, t.TempDir(), f.addr(), "exit 3")
	var out strings.Builder
	if err := Serve(context.Background(), strings.NewReader(spec+"\n"), &out, testLog(t)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3 || lines[2] != "done" {
		t.Fatalf("pipe got %q, want two reports and done", out.String())
	}
	var events []string
	for _, l := range lines[:2] {
		m, done, err := parseLine([]byte(l))
		if err != nil || done || m.TaskExecutionID != 7 || m.Report.Try != 2 {
			t.Fatalf("line %q: %+v, %v, %v; want a report about task execution 7, try 2", l, m, done, err)
		}
		events = append(events, m.Report.Event)
		if m.Report.Event == api.ReportExited && m.Report.ExitCode != 3 {
			t.Errorf("exited report %+v, want exit code 3", m.Report)
		}
	}
	if got := strings.Join(events, ","); got != "started,exited" {
		t.Errorf("reports %s, want started,exited", got)
	}
	if n := len(f.reports()); n != 0 {
		t.Errorf("the API got %d reports, want none", n)
	}
}

// brokenPipe fails every write as a pipe without a reader does.
type brokenPipe struct{}

func (brokenPipe) Write([]byte) (int, error) { return 0, syscall.EPIPE }

// When the engine is gone, its pipe with it, the reports go over HTTP to
// the server that comes back, and the supervisor stops serving.
func TestServeBrokenPipe(t *testing.T) {
	f := newFakeAPI(t, nil)
	spec := writeSpecOf(t, t.TempDir(), Spec{Server: f.addr(), TaskExecutionID: 7, Try: 1, Path: "true", Secret: "s3cret"})
	if err := Serve(context.Background(), strings.NewReader(spec+"\n"+spec+"\n"), brokenPipe{}, testLog(t)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.events(), ","); got != "started,exited" {
		t.Errorf("the API got %s, want started,exited (and the second spec not served)", got)
	}
	for _, r := range f.reports() {
		if r.Secret != "s3cret" {
			t.Errorf("%s report over HTTP with secret %q, want the try's", r.Event, r.Secret)
		}
	}
}

func TestParseLine(t *testing.T) {
	for _, l := range []string{"", "hello", "report {", "report []"} {
		if _, _, err := parseLine([]byte(l)); err == nil {
			t.Errorf("parseLine(%q) accepted", l)
		}
	}
}
