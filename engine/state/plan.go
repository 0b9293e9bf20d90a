package state

import (
	"slices"

	"github.com/aiflow-go/aiflow/ir"
)

// Plan is an execution's snapshot prepared for the machines: the rules of
// every task indexed by the event keys they listen to, so that an event
// costs time in proportion to the rules it reaches, not to the size of the
// workflow. Build it once per snapshot with NewPlan and share it; it is
// read-only.
type Plan struct {
	// Workflow is the canonical snapshot IR; it must not change once the
	// plan is built.
	Workflow *ir.Workflow

	keys     map[*ir.Condition][]string // event keys of every condition node
	byKey    map[string][]taskRules     // in task order
	auto     []string                   // tasks started with the execution
	periodic []*ir.Task
	waits    map[string]bool // tasks a START rule of which listens outside
}

// taskRules are the rules of one task that listen to one key, in order.
type taskRules struct {
	task  string
	rules []*ir.Rule
}

// NewPlan indexes the canonical workflow w (ir.Workflow.Canonicalize).
func NewPlan(w *ir.Workflow) *Plan {
	p := &Plan{Workflow: w, keys: map[*ir.Condition][]string{}, byKey: map[string][]taskRules{}, waits: map[string]bool{}}
	var index func(c *ir.Condition)
	index = func(c *ir.Condition) {
		if c == nil {
			return
		}
		p.keys[c] = c.EventKeys()
		for _, sub := range c.Conditions {
			index(sub)
		}
	}
	own := map[string]bool{}
	for _, t := range w.Tasks {
		own[ir.TaskStatusKey(w.Namespace, w.Name, t.Name)] = true
	}
	for _, t := range w.Tasks {
		if AutoStarted(w, t.Name) {
			p.auto = append(p.auto, t.Name)
		}
		if t.PeriodicExpression != "" {
			p.periodic = append(p.periodic, t)
		}
		rules := w.RulesFor(t.Name)
		var keys []string
		for _, r := range rules {
			index(r.Condition)
			for _, k := range p.keys[r.Condition] {
				if !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
				if r.Action == ir.Start && !own[k] {
					p.waits[t.Name] = true
				}
			}
			if r.Action == ir.Start && hasCustom(r.Condition) {
				p.waits[t.Name] = true
			}
		}
		for _, k := range keys {
			tr := taskRules{task: t.Name}
			for _, r := range rules {
				if slices.Contains(p.keys[r.Condition], k) {
					tr.rules = append(tr.rules, r)
				}
			}
			p.byKey[k] = append(p.byKey[k], tr)
		}
	}
	return p
}

// Listens reports whether a rule of the plan's workflow listens to key.
func (p *Plan) Listens(key string) bool {
	_, ok := p.byKey[key]
	return ok
}
