package engine

import (
	"context"

	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

// Inspection explains the rules of an execution: for every task its
// rules with their last evaluation and state, and what a task that has
// not run waits for (`aiflow workflow-execution show --rules`).
type Inspection struct {
	Execution storage.Execution
	Workflow  *ir.Workflow
	Tasks     []TaskRules
	// Idle says that the running execution waits only for events from
	// outside (state.Idle).
	Idle bool
	// State holds every condition value of the execution by name: meet-all
	// flags, expression state maps and the ValueStates of Python
	// conditions.
	State state.Values
}

// TaskRules is one task of an Inspection.
type TaskRules struct {
	Task string
	// Status is the status of the latest run; "" if the task never ran.
	Status storage.TaskStatus
	// Waiting says what the START rules of a task that never ran wait
	// for, or why they cannot be met (state.Waits).
	Waiting string
	Rules   []RuleState
}

// RuleState is one rule of an Inspection.
type RuleState struct {
	Index     int // in the snapshot's canonical rules
	Action    ir.Action
	Condition string // state.Describe
	Keys      []string
	// Last is the rule's last evaluation with the count of all, nil if it
	// was never evaluated.
	Last *storage.Evaluation
	// State holds the values its meet-all and expression conditions keep.
	State state.Values
}

// Inspect explains the rules of execution id from what the store holds.
func (e *Engine) Inspect(ctx context.Context, id int64) (Inspection, error) {
	var in Inspection
	err := e.store.View(ctx, func(tx storage.Tx) error {
		row, err := tx.GetExecution(ctx, id)
		if err != nil {
			return err
		}
		p, err := e.plan(ctx, tx, row.SnapshotID)
		if err != nil {
			return err
		}
		latest, err := tx.LatestTaskExecutions(ctx, id)
		if err != nil {
			return err
		}
		states, err := tx.ListStates(ctx, row.WorkflowID, id)
		if err != nil {
			return err
		}
		evals, err := tx.ListEvaluations(ctx, id)
		if err != nil {
			return err
		}
		in = inspection(row, p, latest, states, evals)
		return nil
	})
	return in, err
}

// inspection assembles an Inspection.
func inspection(row storage.Execution, p *state.Plan, latest map[string]storage.TaskExecution, states []storage.State, evals []storage.Evaluation) Inspection {
	w := p.Workflow
	in := Inspection{Execution: row, Workflow: w, State: state.Values{}}
	for _, s := range states {
		if string(s.Value) != "null" {
			in.State[s.Name] = s.Value
		}
	}
	x := state.Execution{ID: row.ID, WorkflowID: row.WorkflowID, Status: row.Status, Plan: p, Latest: map[string]state.Run{}}
	for _, te := range latest {
		x.SetRun(runOf(te))
	}
	in.Idle = state.Idle(x)
	last := map[int]*storage.Evaluation{}
	for i := range evals {
		last[evals[i].Rule] = &evals[i]
	}
	ordinal := map[string]int{}
	byTask := map[string][]RuleState{}
	for i, r := range w.Rules {
		ordinal[r.Task]++
		rs := RuleState{Index: i, Action: r.Action, Condition: state.Describe(w, r.Condition),
			Keys: r.Condition.EventKeys(), Last: last[i]}
		for _, name := range state.StateNames(r.Condition, state.StateName(r.Task, ordinal[r.Task])) {
			if v, ok := in.State[name]; ok {
				if rs.State == nil {
					rs.State = state.Values{}
				}
				rs.State[name] = v
			}
		}
		byTask[r.Task] = append(byTask[r.Task], rs)
	}
	waits := state.Waits(x, in.State)
	for _, t := range w.Tasks {
		tr := TaskRules{Task: t.Name, Rules: byTask[t.Name], Waiting: waits[t.Name]}
		if te, ok := latest[t.Name]; ok {
			tr.Status = te.Status
		}
		in.Tasks = append(in.Tasks, tr)
	}
	return in
}
