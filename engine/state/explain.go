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

// Waits says, for each task of x that has not run yet and has START rules,
// what it waits for: the START rules that could start it, joined with
// "or", each with what is still missing ("waits for event key 'go'"). When
// none of them can be met any more without a user (their upstream tasks
// ended otherwise, and nothing alive can change that), it says why instead
// ("cannot run: upstream load FAILED"); in a finished execution, "never
// ran: ...". Tasks that have run, or that only start with the execution,
// are absent.
func Waits(x Execution, st Values) map[string]string {
	w := x.Plan.Workflow
	m := movable(x)
	out := map[string]string{}
	for _, t := range w.Tasks {
		if _, ran := x.Latest[t.Name]; !ran {
			if s := waiting(x, st, m, t.Name); s != "" {
				out[t.Name] = s
			}
		}
	}
	return out
}

// waiting is what task waits for (Waits), given the tasks m that may still
// change.
func waiting(x Execution, st Values, m map[string]bool, task string) string {
	w := x.Plan.Workflow
	var alts []string
	var conds []*ir.Condition
	for _, r := range w.RulesFor(task) {
		if r.Action == ir.Start {
			alts = append(alts, waitsFor(w, x.Latest, st, r.Condition))
			conds = append(conds, r.Condition)
		}
	}
	if len(alts) == 0 {
		return ""
	}
	ended := x.Status.Finished()
	switch {
	case m[task]:
		return "waits for " + strings.Join(alts, " or ")
	case ended && slices.ContainsFunc(conds, listensOutside):
		return "never ran: it waited for " + strings.Join(alts, " or ")
	}
	var why []string
	for _, c := range conds {
		blockers(w, x.Latest, m, c, &why)
	}
	if len(why) == 0 {
		why = []string{"nothing it waits for can happen any more"}
	}
	if ended {
		return "never ran: " + strings.Join(why, ", ")
	}
	return "cannot run: " + strings.Join(why, ", ")
}

// movable returns the tasks of x whose status may still change without a
// user: a run alive or stopping, a periodic timer, or a START or RESTART
// rule that can still be met, because it listens to events from outside
// or to the status of a task that may itself still change. A finished
// execution reacts to nothing.
func movable(x Execution) map[string]bool {
	m := map[string]bool{}
	if x.Status != eRunning {
		return m
	}
	w := x.Plan.Workflow
	for _, t := range w.Tasks {
		if r, ok := x.Latest[t.Name]; ok && !r.Status.Finished() || t.PeriodicExpression != "" {
			m[t.Name] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, r := range w.Rules {
			if !m[r.Task] && r.Action != ir.Stop && canMeet(w, x.Latest, m, r.Condition) {
				m[r.Task], changed = true, true
			}
		}
	}
	return m
}

// canMeet reports whether condition c may still be met, given the tasks
// m that may still change: an event from outside may come, or a status
// event of a task of m. An all-met condition also needs the statuses of
// its other tasks to hold already. Meet-all conditions are taken to need
// one member only, since their flags are not known here: when in doubt, a
// task waits rather than "cannot run".
func canMeet(w *ir.Workflow, latest map[string]Run, m map[string]bool, c *ir.Condition) bool {
	switch c.Kind {
	case ir.TaskStatusCondition:
		return own(w, c) && m[c.Task]
	case ir.AllMetCondition:
		some := false
		for _, sub := range c.Conditions {
			if own(w, sub) && m[sub.Task] {
				some = true
			} else if r, ok := latest[sub.Task]; !ok || !own(w, sub) || string(r.Status) != sub.Status {
				return false
			}
		}
		return some
	case ir.MeetAllCondition, ir.MeetAnyCondition:
		return slices.ContainsFunc(c.Conditions, func(sub *ir.Condition) bool { return canMeet(w, latest, m, sub) })
	}
	for _, k := range c.EventKeys() {
		if outside(k) || m[ownTask(w, k)] {
			return true
		}
	}
	return false
}

// ownTask is the task of w whose status key is key, or "".
func ownTask(w *ir.Workflow, key string) string {
	prefix := ir.TaskStatusKey(w.Namespace, w.Name, "")
	if t, ok := strings.CutPrefix(key, prefix); ok && w.Task(t) != nil {
		return t
	}
	return ""
}

// listensOutside reports whether c listens to events from outside.
func listensOutside(c *ir.Condition) bool { return slices.ContainsFunc(c.EventKeys(), outside) }

// blockers adds to why what keeps condition c from being met: the tasks of
// this workflow it waits on that ended with another status or cannot run,
// and tasks of other workflows, whose status events never arrive.
func blockers(w *ir.Workflow, latest map[string]Run, m map[string]bool, c *ir.Condition, why *[]string) {
	add := func(s string) {
		if !slices.Contains(*why, s) {
			*why = append(*why, s)
		}
	}
	if c.Kind != ir.TaskStatusCondition {
		for _, sub := range c.Conditions {
			blockers(w, latest, m, sub, why)
		}
		return
	}
	r, ran := latest[c.Task]
	switch {
	case !own(w, c):
		add("the status events of task " + taskName(w, c) + " never reach this execution")
	case m[c.Task]:
	case !ran:
		add("upstream " + c.Task + " never ran")
	case string(r.Status) != c.Status:
		add("upstream " + c.Task + " " + string(r.Status))
	}
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
