package ir

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aiflow-go/aiflow/internal/spell"
)

var actions = []string{string(Start), string(Stop), string(Restart)}

// rule checks one rule of w: the task it acts on, its action and its
// condition.
func (v *validator) rule(w *Workflow, r *Rule) {
	span := pick(r.Span, w.Span)
	owner := fmt.Sprintf("rule of task %q in workflow %q", r.Task, w.Name)
	switch {
	case r.Task == "":
		owner = fmt.Sprintf("rule in workflow %q", w.Name)
		v.errorf(CodeUnknownTask, r.Fields.At("task", span), "%s names no task", owner)
	case !v.hasTask(w, r.Task):
		msg := fmt.Sprintf("workflow %q has a rule for unknown task %q", w.Name, r.Task)
		v.errorf(CodeUnknownTask, r.Fields.At("task", span), "%s", suggestTask(msg, r.Task, w))
	}
	switch {
	case r.Action == "":
		v.errorf(CodeMissingArgument, r.Fields.At("action", span), "%s has no action; expected START, STOP or RESTART", owner)
	case !slices.Contains(actions, string(r.Action)):
		msg := fmt.Sprintf("%s has unknown action %q", owner, r.Action)
		v.errorf(CodeBadValue, r.Fields.At("action", span), "%s", spell.SuggestOr(msg, string(r.Action), actions, "expected START, STOP or RESTART"))
	}
	cx := condCtx{w: w, owner: owner, span: r.Fields.At("condition", span)}
	if r.Condition == nil {
		v.errorf(CodeBadCondition, cx.span, "%s has no condition", owner)
		return
	}
	v.condition(cx, r.Condition)
}

// suggestTask adds a "did you mean" over the workflow's task names.
func suggestTask(msg, name string, w *Workflow) string {
	names := make([]string, 0, len(w.Tasks))
	for _, t := range w.Tasks {
		if t != nil {
			names = append(names, t.Name)
		}
	}
	if near := spell.Nearest(name, names); near != "" {
		return fmt.Sprintf("%s; did you mean %q?", msg, near)
	}
	return msg
}

// hasTask reports whether w has a task named name, in a set of its task
// names made once: every condition asks, and a workflow may have
// thousands of tasks. Unlike Workflow.Task it skips the nil entries a
// front end may leave after an error.
func (v *validator) hasTask(w *Workflow, name string) bool {
	names, ok := v.names[w]
	if !ok {
		names = make(map[string]bool, len(w.Tasks))
		for _, t := range w.Tasks {
			if t != nil {
				names[t.Name] = true
			}
		}
		if v.names == nil {
			v.names = map[*Workflow]map[string]bool{}
		}
		v.names[w] = names
	}
	return names[name]
}

// condCtx says where a condition tree is used.
type condCtx struct {
	w       *Workflow
	owner   string // `rule of task "b" in workflow "etl"` or `trigger of workflow "etl"`
	trigger bool
	span    Span // fallback for conditions without spans
}

var conditionKinds = []string{string(EventCondition), string(TaskStatusCondition), string(AllMetCondition),
	string(MeetAllCondition), string(MeetAnyCondition), string(CustomCondition), string(ExpressionCondition)}

// condition checks one condition and its sub-conditions.
//
// Task-status events are published with the execution id of the run that
// changed status, so the engine delivers them to that execution's rules only
// (decisions.md Keep 2): a rule that waits on a task of another workflow can
// never fire. AIFlow loads such a rule (and it never fires there either), so
// it is a foreign-task warning, not an error. Workflow triggers are looked up
// by the event's namespace and key whatever execution sent it, so a trigger
// may wait on a task of another workflow of its own namespace (a common
// cross-workflow dependency); only one in another namespace is foreign.
func (v *validator) condition(cx condCtx, c *Condition) {
	span := pick(c.Span, cx.span)
	at := func(field string) Span { return c.Fields.At(field, span) }
	what := fmt.Sprintf("%s condition in %s", c.Kind, cx.owner)
	switch c.Kind {
	case EventCondition:
		if c.Key == "" {
			v.errorf(CodeBadCondition, at("event_key"), "%s has an empty event key", what)
		}
	case TaskStatusCondition:
		v.taskStatus(cx, c, at, what)
	case AllMetCondition:
		if cx.trigger {
			v.errorf(CodeBadCondition, span, "%s reads the latest task runs of an execution, which a trigger does not have; use a meet-all condition over task-status conditions", what)
		}
		if len(c.Conditions) == 0 {
			v.errorf(CodeBadCondition, at("conditions"), "%s has no conditions", what)
		}
		for _, sub := range c.Conditions {
			if sub != nil && sub.Kind != TaskStatusCondition {
				v.errorf(CodeBadCondition, pick(sub.Span, at("conditions")), "%s may only contain task-status conditions, not %s", what, withArticle(string(sub.Kind)+" condition"))
			}
		}
	case MeetAllCondition:
		if c.Name == "" {
			v.errorf(CodeBadCondition, at("name"), "%s has no name for the state that remembers met conditions", what)
		}
		if len(c.Conditions) == 0 {
			v.errorf(CodeBadCondition, at("conditions"), "%s has no conditions", what)
		}
	case MeetAnyCondition:
		if len(c.Conditions) == 0 {
			v.errorf(CodeBadCondition, at("conditions"), "%s has no conditions", what)
		}
	case CustomCondition:
		switch {
		case c.File == "":
			v.errorf(CodeBadCondition, at("file"), "%s has no file", what)
		case !strings.HasSuffix(c.File, ".py"):
			v.errorf(CodeBadCondition, at("file"), "%s has file %q, which is not a .py file", what, c.File)
		}
		switch {
		case c.Class == "":
			v.errorf(CodeBadCondition, at("class"), "%s has no class", what)
		case !spell.Identifier(c.Class):
			v.errorf(CodeBadCondition, at("class"), "%s has class %q, which is not a Python class name", what, c.Class)
		}
		v.eventKeys(c, at("expect_event_keys"), what)
	case ExpressionCondition:
		// celcond checks the expressions themselves.
		if c.When == "" {
			v.errorf(CodeBadCondition, at("when"), "%s has no when expression", what)
		}
		v.eventKeys(c, at("expect_event_keys"), what)
	default:
		msg := fmt.Sprintf("condition in %s has unknown kind %q", cx.owner, c.Kind)
		v.errorf(CodeBadCondition, span, "%s", spell.SuggestOr(msg, string(c.Kind), conditionKinds,
			"expected event, task-status, all-met, meet-all, meet-any, custom or expression"))
	}
	for _, sub := range c.Conditions {
		if sub == nil {
			v.errorf(CodeBadCondition, at("conditions"), "%s has an empty sub-condition", what)
			continue
		}
		v.condition(condCtx{w: cx.w, owner: cx.owner, trigger: cx.trigger, span: span}, sub)
	}
}

// eventKeys checks the expect_event_keys of a custom or expression condition.
func (v *validator) eventKeys(c *Condition, span Span, what string) {
	if len(c.Keys) == 0 {
		v.errorf(CodeBadCondition, span, "%s has no expect_event_keys, so no event ever reaches it", what)
	} else if slices.Contains(c.Keys, "") {
		v.errorf(CodeBadCondition, span, "%s has an empty event key in expect_event_keys", what)
	}
}

func (v *validator) taskStatus(cx condCtx, c *Condition, at func(string) Span, what string) {
	w := cx.w
	switch {
	case c.Status == "":
		v.errorf(CodeBadCondition, at("status"), "%s has no status; expected one of %s", what, strings.Join(TaskStatuses, ", "))
	case !slices.Contains(TaskStatuses, c.Status):
		msg := fmt.Sprintf("%s expects unknown status %q", what, c.Status)
		v.errorf(CodeBadCondition, at("status"), "%s", spell.SuggestOr(msg, c.Status, TaskStatuses, "expected one of "+strings.Join(TaskStatuses, ", ")))
	}
	if c.Task == "" {
		v.errorf(CodeBadCondition, at("task"), "%s names no task", what)
		return
	}
	ns, wf := condTarget(w, c)
	wns := namespaceOf(w)
	switch {
	case ns == wns && wf == w.Name:
		if !v.hasTask(w, c.Task) {
			msg := fmt.Sprintf("%s names unknown task %q", cx.owner, c.Task)
			v.errorf(CodeUnknownTask, at("task"), "%s", suggestTask(msg, c.Task, w))
		}
	case !cx.trigger:
		other := fmt.Sprintf("workflow %q", wf)
		if ns != wns {
			other += fmt.Sprintf(" in namespace %q", ns)
		}
		d := Warningf(CodeForeignTask, at("task"), "%s waits on task %q of %s, whose status events never reach executions of %q: it never fires (as in AIFlow)", cx.owner, c.Task, other, w.Name)
		d.Detail = "task status events carry the id of the execution that sent them and reach only that execution's rules; to react to another workflow, add a trigger to this workflow or send an event from a task"
		v.diags = append(v.diags, d)
	case ns != wns:
		v.errorf(CodeForeignTask, at("task"), "%s waits on task %q of workflow %q in namespace %q, whose status events only reach triggers in namespace %q", cx.owner, c.Task, wf, ns, ns)
	default:
		if o := v.byName[wfKey{ns, wf}]; o != nil && !v.hasTask(o, c.Task) {
			msg := fmt.Sprintf("%s names unknown task %q of workflow %q", cx.owner, c.Task, wf)
			v.errorf(CodeUnknownTask, at("task"), "%s", suggestTask(msg, c.Task, o))
		}
	}
}

// condTarget is the namespace and workflow a task-status condition names,
// this workflow's where it names none.
func condTarget(w *Workflow, c *Condition) (ns, wf string) {
	ns, wf = c.Namespace, c.Workflow
	if ns == "" {
		ns = namespaceOf(w)
	}
	if wf == "" {
		wf = w.Name
	}
	return ns, wf
}

func withArticle(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}
