package state

import (
	"fmt"
	"testing"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

// BenchmarkChainStep measures one step of a start_after chain: the
// task-status event of a task that succeeded reaches the rules (starting the
// next task), then the execution is settled. Rule evaluation reaches only
// the rules listening to the key, so it does not grow with the chain; Settle
// is linear in the runs (a few microseconds at 1,000 tasks).
func BenchmarkChainStep(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			w, names := chain(n)
			x := Execution{ID: 1, Status: storage.ExecutionRunning, Plan: NewPlan(w), Latest: map[string]Run{}}
			for i := 0; i < n/2; i++ {
				x.SetRun(Run{Execution: 1, Task: names[i], Seq: 1, Try: 1, Status: storage.TaskSuccess})
			}
			ev := statusEvent(names[n/2-1], ir.StatusSuccess)
			b.ResetTimer()
			for b.Loop() {
				if ds := EvaluateRules(x, ev, nil).Decisions; len(ds) != 1 {
					b.Fatalf("decisions %v", ds)
				}
				if _, _, err := ApplyExecution(x, Settle{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNewPlan builds the plan of a chain: linear in its size.
func BenchmarkNewPlan(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			w, _ := chain(n)
			for b.Loop() {
				NewPlan(w)
			}
		})
	}
}

// chain returns a canonical workflow of n tasks, each started after the
// one before, and their names.
func chain(n int) (*ir.Workflow, []string) {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("t%d", i)
	}
	w := workflow("wf", names...)
	for i := 1; i < n; i++ {
		startAfter(w, names[i], names[i-1])
	}
	w.Canonicalize()
	return w, names
}
