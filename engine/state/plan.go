package state

import (
	"slices"
	"strconv"
	"strings"

	"github.com/aiflow-go/aiflow/celcond"
	"github.com/aiflow-go/aiflow/ir"
)

// Plan is an execution's snapshot prepared for the machines: the rules of
// every task indexed by the event keys they listen to, so that an event
// costs time in proportion to the rules it reaches, not to the size of the
// workflow, and its expression conditions compiled. Build it once per
// snapshot with NewPlan and share it; it is read-only once Python is set.
type Plan struct {
	// Workflow is the canonical snapshot IR; it must not change once the
	// plan is built.
	Workflow *ir.Workflow
	// Python evaluates the snapshot's custom Python conditions; nil when it
	// has none (HasPython) or no interpreter is available.
	Python Python

	conds    conds
	byKey    map[string][]taskRules // in task order
	auto     []string               // tasks started with the execution
	periodic []*ir.Task
	waits    map[string]bool // tasks a START rule of which listens outside
	python   bool
	tasks    map[string]*ir.Task
}

// Task returns the task called name, nil if there is none, in constant
// time: steps look tasks up by name, and a scan costs a 10,000-task
// workflow thousands of comparisons each time.
func (p *Plan) Task(name string) *ir.Task { return p.tasks[name] }

// Spec returns the spec of task (SpecOf).
func (p *Plan) Spec(task string) Spec { return SpecOf(p.Workflow, p.tasks[task]) }

// statusKeyPrefix starts every task-status key (ir.TaskStatusKey). Such
// events carry the id of the execution that published them and reach only
// its rules: the keys of another workflow's tasks never reach this one's.
const statusKeyPrefix = "[task_status_change]."

// outside reports whether key names events that may come from outside the
// execution: a user's, or a task's that sends them.
func outside(key string) bool { return !strings.HasPrefix(key, statusKeyPrefix) }

// taskRules are the rules of one task that listen to one key, as indexes
// into the workflow's rules, in order.
type taskRules struct {
	task  string
	rules []int
}

// NewPlan indexes the canonical workflow w (ir.Workflow.Canonicalize).
func NewPlan(w *ir.Workflow) *Plan {
	p := &Plan{Workflow: w, conds: conds{keys: map[*ir.Condition][]string{}, progs: map[*ir.Condition]program{}},
		byKey: map[string][]taskRules{}, waits: map[string]bool{}, tasks: make(map[string]*ir.Task, len(w.Tasks))}
	names := make([]string, len(w.Tasks))
	for i, t := range w.Tasks {
		names[i] = t.Name
	}
	env := celcond.Env{Tasks: names}
	ordinal := map[string]int{}
	rulesOf := map[string][]int{} // each task's rules, in order
	for i, r := range w.Rules {
		rulesOf[r.Task] = append(rulesOf[r.Task], i)
		ordinal[r.Task]++
		p.conds.index(r.Condition, env, StateName(r.Task, ordinal[r.Task]))
		p.python = p.python || hasCustom(r.Condition)
		for _, k := range p.conds.keys[r.Condition] {
			if r.Action == ir.Start && outside(k) {
				p.waits[r.Task] = true
			}
		}
	}
	for _, t := range w.Tasks {
		p.tasks[t.Name] = t
		rules := rulesOf[t.Name]
		// A task without a START rule starts with the execution (§3.1;
		// periodic tasks and tasks with only STOP or RESTART rules too).
		if !slices.ContainsFunc(rules, func(i int) bool { return w.Rules[i].Action == ir.Start }) {
			p.auto = append(p.auto, t.Name)
		}
		if t.PeriodicExpression != "" {
			p.periodic = append(p.periodic, t)
		}
		var keys []string
		for _, i := range rules {
			for _, k := range p.conds.keys[w.Rules[i].Condition] {
				if !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
			}
		}
		for _, k := range keys {
			tr := taskRules{task: t.Name}
			for _, i := range rules {
				if slices.Contains(p.conds.keys[w.Rules[i].Condition], k) {
					tr.rules = append(tr.rules, i)
				}
			}
			p.byKey[k] = append(p.byKey[k], tr)
		}
	}
	return p
}

// StateName is the name under which the expression condition of the
// ordinal-th rule (counted from 1) of task keeps its state; the members of
// a meet_all or meet_any add /<position>.
func StateName(task string, ordinal int) string {
	return "expr:" + task + "#" + strconv.Itoa(ordinal)
}

// TriggerStateName is StateName for the condition of trigger id.
func TriggerStateName(id int64) string { return "expr:trigger#" + strconv.FormatInt(id, 10) }

// Listens reports whether a rule of the plan's workflow listens to key.
func (p *Plan) Listens(key string) bool {
	_, ok := p.byKey[key]
	return ok
}

// HasPython reports whether a rule of the plan has a custom Python
// condition, which needs Python set.
func (p *Plan) HasPython() bool { return p.python }
