package engine_test

import (
	"context"
	"strings"
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
	eventsToRule(b, `name: listen
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
`, "never", false)
}

// BenchmarkEventsToCondition compares, in one run, the rate of events to a
// START rule with a plain event condition (met by every event; the task
// started by the first keeps running, so the others change nothing), with
// a custom Python condition and with an expression condition, both of
// which add each event's value to their state and are never met.
func BenchmarkEventsToCondition(b *testing.B) {
	for _, bc := range []struct{ name, src string }{
		{"plain", `name: listen
tasks:
  - {name: work, operator: bash, bash_command: sleep 600, rules: [{action: START, event: tick}]}
`},
		{"python", `from ai_flow.model.action import TaskAction
from ai_flow.model.condition import Condition
from ai_flow.model.state import ValueStateDescriptor
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator


class Sum(Condition):
    def is_met(self, event, context):
        state = context.get_state(ValueStateDescriptor('sum'))
        total = (state.value() or 0) + int(event.value)
        state.update(total)
        return total < 0


with Workflow(name='listen') as w:
    work = BashOperator(name='work', bash_command='sleep 600')
    work.action_on_condition(TaskAction.START, Sum(expect_event_keys=['tick']))
`},
		{"cel", `name: listen
tasks:
  - name: work
    operator: bash
    bash_command: sleep 600
    rules:
      - action: START
        event: tick
        when: state.sum + int(event.value) < 0
        update: {sum: state.sum + int(event.value)}
`},
	} {
		b.Run(bc.name, func(b *testing.B) { eventsToRule(b, bc.src, "work", bc.name == "plain") })
	}
}

// eventsToRule measures events to the rule of task in the one workflow of
// src, "listen"; started says whether the rule starts the task.
func eventsToRule(b *testing.B, src, task string, started bool) {
	h := enginetest.Start(b, engine.Options{Grace: 100 * time.Millisecond})
	name := "listen.yaml"
	if !strings.HasPrefix(src, "name:") {
		name = "listen.py"
	}
	h.Upload(name, src)
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
					if _, err := h.Client.SendEvent(ctx, api.SendEventRequest{Key: "tick", Value: "1"}); err != nil {
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
	r, err := h.Client.ExecutionRules(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	var ru api.Rule
	for _, t := range r.Tasks {
		if t.Task == task {
			ru = t.Rules[0]
		}
	}
	if ru.Evaluations != int64(b.N*senders*perSender) || ru.Last == nil || ru.Last.Error != "" || (ru.Last.Result == "met") != started {
		b.Fatalf("rule of %s: %d evaluations of %d events, last %+v", task, ru.Evaluations, b.N*senders*perSender, ru.Last)
	}
	if _, err := h.Client.StopExecution(ctx, id); err != nil {
		b.Fatal(err)
	}
}
