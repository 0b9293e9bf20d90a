package state

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/aiflow-go/aiflow/ir"
)

// Describe returns condition c of workflow w in one readable line, for
// rule inspections and logs:
//
//	task extract is SUCCESS and task load is SUCCESS
//	all of (event 'orders', event 'customers')
//	NumCondition(limit=100) on event 'num_event'
//	on event 'num_event' when state.sum >= 100.0; update sum
func Describe(w *ir.Workflow, c *ir.Condition) string {
	if c == nil {
		return "nothing"
	}
	switch c.Kind {
	case ir.EventCondition:
		return "event " + quote(c.Key)
	case ir.TaskStatusCondition:
		return "task " + taskName(w, c) + " is " + c.Status
	case ir.AllMetCondition:
		parts := make([]string, len(c.Conditions))
		for i, sub := range c.Conditions {
			parts[i] = Describe(w, sub)
		}
		return strings.Join(parts, " and ")
	case ir.MeetAllCondition, ir.MeetAnyCondition:
		parts := make([]string, len(c.Conditions))
		for i, sub := range c.Conditions {
			parts[i] = Describe(w, sub)
		}
		word := "any"
		if c.Kind == ir.MeetAllCondition {
			word = "all"
		}
		return word + " of (" + strings.Join(parts, ", ") + ")"
	case ir.CustomCondition:
		return c.Class + "(" + arguments(c) + ") on " + events(c.Keys)
	case ir.ExpressionCondition:
		s := "on " + events(c.Keys) + " when " + oneLine(c.When)
		if len(c.Update) > 0 {
			s += "; update " + strings.Join(slices.Sorted(maps.Keys(c.Update)), ", ")
		}
		return s
	}
	return string(c.Kind) + " condition"
}

// Waiting says what a task that has not run yet waits for: the START rules
// of x's workflow that could start it, joined with "or", each with what is
// still missing. It is "" for a task that has run or that only starts with
// the execution.
func Waiting(x Execution, st Values, task string) string {
	if _, ran := x.Latest[task]; ran {
		return ""
	}
	w := x.Plan.Workflow
	var alts []string
	for _, r := range w.RulesFor(task) {
		if r.Action == ir.Start {
			alts = append(alts, waitsFor(w, x.Latest, st, r.Condition))
		}
	}
	if len(alts) == 0 {
		return ""
	}
	return "waits for " + strings.Join(alts, " or ")
}

// waitsFor describes what is missing for c to be met.
func waitsFor(w *ir.Workflow, latest map[string]Run, st Values, c *ir.Condition) string {
	switch c.Kind {
	case ir.EventCondition:
		return "event key " + quote(c.Key)
	case ir.TaskStatusCondition:
		return taskWait(w, latest, c)
	case ir.AllMetCondition:
		var missing []string
		for _, sub := range c.Conditions {
			if r, ok := latest[sub.Task]; !ok || string(r.Status) != sub.Status {
				missing = append(missing, taskWait(w, latest, sub))
			}
		}
		if len(missing) == 0 {
			// Met already: a task-status event of one of them will start it.
			for _, sub := range c.Conditions {
				missing = append(missing, taskWait(w, latest, sub))
			}
		}
		return strings.Join(missing, " and ")
	case ir.MeetAllCondition:
		var flags []bool
		if b, ok := st.Get(c.Name); ok {
			_ = json.Unmarshal(b, &flags) // unreadable flags count as none met
		}
		var missing []string
		for i, sub := range c.Conditions {
			if i >= len(flags) || !flags[i] {
				missing = append(missing, waitsFor(w, latest, st, sub))
			}
		}
		met := len(c.Conditions) - len(missing)
		if met == 0 {
			return "all of (" + strings.Join(missing, ", ") + ")"
		}
		return "all of (" + strings.Join(missing, ", ") + "; " + strconv.Itoa(met) + " of " + strconv.Itoa(len(c.Conditions)) + " met)"
	case ir.MeetAnyCondition:
		parts := make([]string, len(c.Conditions))
		for i, sub := range c.Conditions {
			parts[i] = waitsFor(w, latest, st, sub)
		}
		return "any of (" + strings.Join(parts, ", ") + ")"
	case ir.CustomCondition:
		return "condition " + c.Class + " to be met by " + keyWords(c.Keys)
	case ir.ExpressionCondition:
		return keyWords(c.Keys) + " with " + oneLine(c.When)
	}
	return Describe(w, c)
}

// taskWait is "task a to be SUCCESS (now RUNNING)" for a task-status
// condition; runs of other workflows are not known here.
func taskWait(w *ir.Workflow, latest map[string]Run, c *ir.Condition) string {
	s := "task " + taskName(w, c) + " to be " + c.Status
	if !own(w, c) {
		return s
	}
	if r, ok := latest[c.Task]; ok {
		return s + " (now " + string(r.Status) + ")"
	}
	return s + " (not started)"
}

func own(w *ir.Workflow, c *ir.Condition) bool {
	return (c.Workflow == "" || c.Workflow == w.Name) && (c.Namespace == "" || c.Namespace == w.Namespace)
}

// taskName is a task-status condition's task, qualified by its workflow
// (and namespace) when they are not w's.
func taskName(w *ir.Workflow, c *ir.Condition) string {
	switch {
	case own(w, c):
		return c.Task
	case c.Namespace == "" || c.Namespace == w.Namespace:
		return c.Workflow + "." + c.Task
	}
	return c.Namespace + "." + c.Workflow + "." + c.Task
}

// StateNames returns the names of the values a condition keeps in its
// scope's Values that are known before it runs: the flags of its meet-all
// conditions and the maps of its expression conditions (a Python
// condition's ValueStates are named by its code). prefix is the state name
// of an expression condition at c (StateName, TriggerStateName).
func StateNames(c *ir.Condition, prefix string) []string {
	if c == nil {
		return nil
	}
	var names []string
	switch c.Kind {
	case ir.MeetAllCondition:
		names = append(names, c.Name)
	case ir.ExpressionCondition:
		names = append(names, prefix)
	}
	for i, sub := range c.Conditions {
		names = append(names, StateNames(sub, prefix+"/"+strconv.Itoa(i+1))...)
	}
	return names
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

// events is "event 'a'" or "events 'a', 'b'".
func events(keys []string) string {
	qs := make([]string, len(keys))
	for i, k := range keys {
		qs[i] = quote(k)
	}
	if len(keys) == 1 {
		return "event " + qs[0]
	}
	return "events " + strings.Join(qs, ", ")
}

// keyWords is "event key 'a'" or "event keys 'a', 'b'".
func keyWords(keys []string) string {
	if len(keys) == 1 {
		return "event key " + quote(keys[0])
	}
	qs := make([]string, len(keys))
	for i, k := range keys {
		qs[i] = quote(k)
	}
	return "event keys " + strings.Join(qs, ", ")
}

// arguments renders a custom condition's constructor arguments as Python
// would write them (JSON values, close enough for one line).
func arguments(c *ir.Condition) string {
	var parts []string
	for _, a := range c.Args {
		parts = append(parts, value(a))
	}
	for _, k := range slices.Sorted(maps.Keys(c.Kwargs)) {
		if k != "expect_event_keys" { // said by "on event ..."
			parts = append(parts, k+"="+value(c.Kwargs[k]))
		}
	}
	return strings.Join(parts, ", ")
}

func value(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// oneLine folds a multi-line expression onto one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
