//go:build linux

package supervisor

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"
)

// BenchmarkRun measures one supervised try of `true`, reports included, and
// the part of it from the leader's exit to the recorded status (the
// supervisor's share of the gap between two chained tasks).
func BenchmarkRun(b *testing.B) {
	f := newFakeAPI(b, nil)
	log := slog.New(slog.DiscardHandler)
	var tail time.Duration
	for b.Loop() {
		spec := writeSpecOf(b, b.TempDir(), Spec{Server: f.addr(), TaskExecutionID: 7, Path: "true"})
		if err := run(context.Background(), spec, log, options{startedWindow: time.Second, exitedWindow: time.Second}); err != nil {
			b.Fatal(err)
		}
		rec, err := Read(spec)
		if err != nil || rec.Outcome == nil {
			b.Fatal(rec, err)
		}
		res := rec.Outcome
		st, err := os.Stat(spec)
		if err != nil {
			b.Fatal(err)
		}
		tail += st.ModTime().Sub(res.Ended)
	}
	b.ReportMetric(float64(tail.Microseconds())/float64(b.N), "µs-exit-to-status/op")
}
