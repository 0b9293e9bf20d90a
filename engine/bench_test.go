package engine_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/engine/enginetest"
)

// BenchmarkEventsToRule sends events through the API, from 16 senders, to
// a running execution whose rule listens for them (a meet-all condition
// that never completes, so every event is evaluated and its state kept).
// It reports events/s stored (durable once the send returns) and events/s
// applied by the engine (its cursor past the last one).
func BenchmarkEventsToRule(b *testing.B) {
	h := enginetest.Start(b, engine.Options{})
	h.Upload("listen.yaml", `name: listen
tasks:
  - name: never
    operator: bash
    bash_command: "true"
    rules:
      - action: START
        condition:
          meet_all:
            name: both
            conditions: [{event: tick}, {event: tock}]
`)
	id := h.StartExecution("listen")
	ctx := context.Background()
	const senders, perSender = 16, 500
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		var wg sync.WaitGroup
		for range senders {
			wg.Go(func() {
				for range perSender {
					if _, err := h.Client.SendEvent(ctx, api.SendEventRequest{Key: "tick"}); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		sent := time.Since(start)
		last, err := h.Client.EventOffset(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for applied := false; !applied; time.Sleep(time.Millisecond) {
			off, err := h.Store.EngineOffset(ctx)
			if err != nil {
				b.Fatal(err)
			}
			applied = off >= last
		}
		all := time.Since(start)
		n := float64(senders * perSender)
		b.ReportMetric(n/sent.Seconds(), "stored-events/s")
		b.ReportMetric(n/all.Seconds(), "applied-events/s")
	}
	b.StopTimer()
	x, err := h.Client.Execution(ctx, id)
	if err != nil || x.Status != "RUNNING" || len(x.TaskExecutions) != 0 {
		b.Fatalf("execution %s with %d runs, %v", x.Status, len(x.TaskExecutions), err)
	}
	if _, err := h.Client.StopExecution(ctx, id); err != nil {
		b.Fatal(err)
	}
}
