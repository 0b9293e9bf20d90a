package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

// ErrCustomCondition means a rule needs a custom Python condition, which the
// engine cannot evaluate yet; an execution whose snapshot has one is
// refused (CheckSupported).
var ErrCustomCondition = errors.New("custom Python conditions are not supported yet")

// CheckSupported returns an error wrapping ErrCustomCondition, naming the
// task, if a task rule of w uses a custom condition.
func CheckSupported(w *ir.Workflow) error {
	for _, r := range w.Rules {
		if hasCustom(r.Condition) {
			return fmt.Errorf("workflow %q: rule %s of task %q: %w", w.Name, r.Action, r.Task, ErrCustomCondition)
		}
	}
	return nil
}

func hasCustom(c *ir.Condition) bool {
	if c == nil {
		return false
	}
	return c.Kind == ir.CustomCondition || slices.ContainsFunc(c.Conditions, hasCustom)
}

// Event is an event as rules see it (§1.6).
type Event struct {
	Key       string
	Value     string
	Namespace string
	Context   string // JSON object or ""
}

// eventContext holds the context fields rules read. AIFlow clients send the
// execution id as a number; a numeric string is accepted too.
type eventContext struct {
	ExecutionID json.RawMessage    `json:"workflow_execution_id"`
	TaskStatus  storage.TaskStatus `json:"task_status"`
}

// ExecutionID returns the workflow_execution_id of the event's context, or
// 0 when it has none (or the context is not a JSON object).
func (ev Event) ExecutionID() int64 { return parseContext(ev.Context).id }

type parsedContext struct {
	id     int64
	status storage.TaskStatus
}

func parseContext(s string) parsedContext {
	var c eventContext
	if s == "" || json.Unmarshal([]byte(s), &c) != nil {
		return parsedContext{}
	}
	var id int64
	raw := string(c.ExecutionID)
	if uq, err := strconv.Unquote(raw); err == nil {
		raw = uq
	}
	if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
		id = n
	}
	return parsedContext{id: id, status: c.TaskStatus}
}

// ConditionState is the persisted state of an execution's meet-all
// conditions: per condition name, one flag per sub-condition. It is plain
// JSON-serialisable data (one storage.State row per name).
type ConditionState map[string][]bool

// Decision is what one task's first met rule asks for.
type Decision struct {
	Task   string
	Action ir.Action
	// Stop is the live run to stop first, if any.
	Stop *Run
	// Seq is the sequence number of the new run to start, 0 for none.
	Seq int
}

// Effects returns the decision as effects: StopTask before StartTask.
func (d Decision) Effects() []Effect {
	var fx []Effect
	if d.Stop != nil {
		fx = append(fx, StopTask{Run: *d.Stop})
	}
	if d.Seq != 0 {
		fx = append(fx, StartTask{Task: d.Task, Seq: d.Seq})
	}
	return fx
}

// decide applies action a to task (§3.2): START starts a new run unless the
// latest is alive; RESTART stops the live run and starts a new one; STOP
// stops the live run. Unlike AIFlow, STOP on a task that never ran, or whose
// latest run finished, does nothing (decisions.md Fix 4), and RESTART does
// not "stop" a finished run (AIFlow published a STOPPED event for it).
func decide(x Execution, task string, a ir.Action) Decision {
	d := Decision{Task: task, Action: a}
	r, ran := x.Latest[task]
	live := ran && r.Status.Alive()
	switch a {
	case ir.Start:
		if !live {
			d.Seq = x.nextSeq(task)
		}
	case ir.Restart:
		if live {
			d.Stop = &r
		}
		d.Seq = x.nextSeq(task)
	case ir.Stop:
		if live {
			d.Stop = &r
		}
	}
	return d
}

// EvaluateRules evaluates the task rules of execution x for ev (§3.2) with
// the meet-all state st, and returns the decisions that change something,
// in task order, and the new state (st itself is not modified).
//
// Scoping (§2.2): an event whose context names an execution reaches only
// that execution; any other event reaches executions of its namespace.
// Only RUNNING executions react: AIFlow kept firing rules of finished
// executions for events that named them, but with decisions.md Fix 3 a
// finished execution has nothing left to react to, and only a user's task
// start reopens it.
//
// Per task, only rules whose condition listens for ev's key are considered,
// in order; the first met rule decides and later ones are not evaluated. x.Latest
// must already hold the status a task-status event reports.
func EvaluateRules(x Execution, ev Event, st ConditionState) ([]Decision, ConditionState, error) {
	ctx := parseContext(ev.Context)
	switch {
	case x.Status != eRunning,
		ctx.id != 0 && ctx.id != x.ID,
		ctx.id == 0 && ev.Namespace != x.Plan.Workflow.Namespace:
		return nil, st, nil
	}
	e := evaluator{keys: x.Plan.keys, latest: x.Latest, ev: ev, ctx: ctx, st: maps.Clone(st)}
	var ds []Decision
	for _, tr := range x.Plan.byKey[ev.Key] {
		for _, r := range tr.rules {
			met, err := e.met(r.Condition)
			if err != nil {
				return nil, st, fmt.Errorf("rule %s of task %q: %w", r.Action, r.Task, err)
			}
			if met {
				if d := decide(x, tr.task, r.Action); d.Stop != nil || d.Seq != 0 {
					ds = append(ds, d)
				}
				break
			}
		}
	}
	return ds, e.st, nil
}

// evaluator evaluates conditions for one event: those of an execution's
// task rules (latest holds its runs) or a workflow trigger's (no runs).
type evaluator struct {
	keys   map[*ir.Condition][]string // event keys of every condition node
	latest map[string]Run
	ev     Event
	ctx    parsedContext
	st     ConditionState
}

// listens reports whether c's keys contain the event's key.
func (e *evaluator) listens(c *ir.Condition) bool { return slices.Contains(e.keys[c], e.ev.Key) }

// met evaluates c for the event (§1.4).
func (e *evaluator) met(c *ir.Condition) (bool, error) {
	switch c.Kind {
	case ir.EventCondition:
		return true, nil
	case ir.TaskStatusCondition:
		return string(e.ctx.status) == c.Status, nil
	case ir.AllMetCondition:
		for _, sub := range c.Conditions {
			r, ran := e.latest[sub.Task]
			if !ran || string(r.Status) != sub.Status {
				return false, nil
			}
		}
		return true, nil
	case ir.MeetAllCondition:
		flags := make([]bool, len(c.Conditions))
		if old := e.st[c.Name]; len(old) == len(flags) {
			copy(flags, old)
		}
		for i, sub := range c.Conditions {
			if !e.listens(sub) {
				continue
			}
			ok, err := e.met(sub)
			if err != nil {
				return false, err
			}
			flags[i] = ok
		}
		if e.st == nil {
			e.st = ConditionState{}
		}
		e.st[c.Name] = flags
		return !slices.Contains(flags, false), nil
	case ir.MeetAnyCondition:
		for _, sub := range c.Conditions {
			if !e.listens(sub) {
				continue
			}
			ok, err := e.met(sub)
			if ok || err != nil {
				return ok, err
			}
		}
		return false, nil
	case ir.CustomCondition:
		return false, ErrCustomCondition
	}
	return false, fmt.Errorf("unknown condition kind %q", c.Kind)
}

// Trigger is a workflow trigger prepared for evaluation: a condition that
// starts an execution of its workflow when an event meets it (§3.9).
type Trigger struct {
	Condition *ir.Condition
	keys      map[*ir.Condition][]string
}

// NewTrigger indexes the event keys of a trigger's condition.
func NewTrigger(c *ir.Condition) *Trigger {
	t := &Trigger{Condition: c, keys: map[*ir.Condition][]string{}}
	var index func(*ir.Condition)
	index = func(c *ir.Condition) {
		t.keys[c] = c.EventKeys()
		for _, sub := range c.Conditions {
			index(sub)
		}
	}
	index(c)
	return t
}

// Listens reports whether the trigger's condition listens to key.
func (t *Trigger) Listens(key string) bool { return slices.Contains(t.keys[t.Condition], key) }

// Evaluate evaluates the trigger for ev with its workflow's meet-all state
// st, and returns whether it fires and the new state (st is not modified).
// The caller routes events by namespace and key: a trigger sees the events
// of its workflow's namespace, whatever execution they name. A trigger has
// no runs of its own, so a task_status map condition (all_met) is never
// met in one; a custom condition is refused with ErrCustomCondition.
func (t *Trigger) Evaluate(ev Event, st ConditionState) (bool, ConditionState, error) {
	if !t.Listens(ev.Key) {
		return false, st, nil
	}
	e := evaluator{keys: t.keys, ev: ev, ctx: parseContext(ev.Context), st: maps.Clone(st)}
	met, err := e.met(t.Condition)
	if err != nil {
		return false, st, err
	}
	return met, e.st, nil
}
