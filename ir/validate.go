package ir

import (
	"fmt"
	"strings"
)

// Validate runs every semantic check over the workflows of one run (one or
// more files) and returns what it found. Front ends only report structural
// problems; everything that holds for both syntaxes is checked here, once,
// and every problem is reported (Validate never stops at the first).
//
// Diagnostics point at the most precise span known: a field span from Fields
// when the front end recorded one, else the span of the enclosing object.
// The field names looked up are the JSON names: on a workflow "name",
// "namespace" and "tasks"; on a task "name", "operator", "periodic_expression",
// "retries", "retry_delay", "timeout" and the operator's arguments prefixed
// with its JSON object ("bash.bash_command", "python.python_callable",
// "python.file", "flink.application", "flink.target", "flink.application_mode",
// "flink.kubernetes_cluster_id", "flink.jobs_info_poll_interval",
// "spark_submit.application", "spark_submit.master",
// "spark_submit.deploy_mode", "spark_submit.k8s_namespace", "spark_sql.sql",
// "custom.file", "custom.class"); on a rule "task", "action" and "condition";
// on a condition "event_key", "task", "status", "name", "conditions", "file",
// "class", "expect_event_keys" and "when".
//
// Validate expects canonicalized workflows but also accepts raw ones: an empty
// namespace means the default one, and a task-status condition without a
// workflow or namespace means this workflow.
func Validate(ws []*Workflow) Diagnostics {
	v := &validator{byName: map[wfKey]*Workflow{}}
	for _, w := range ws {
		if w == nil || w.Name == "" {
			continue
		}
		k := wfKey{namespaceOf(w), w.Name}
		if first, dup := v.byName[k]; dup {
			d := Errorf(CodeDuplicateWorkflow, w.Fields.At("name", w.Span),
				"workflow %q is defined twice in namespace %q", w.Name, k.ns)
			d.Related = []Related{{Message: "first defined here", Span: first.Fields.At("name", first.Span)}}
			v.diags = append(v.diags, d)
			continue
		}
		v.byName[k] = w
	}
	for _, w := range ws {
		if w != nil {
			v.workflow(w)
		}
	}
	return v.diags
}

type wfKey struct{ ns, name string }

type validator struct {
	diags  Diagnostics
	byName map[wfKey]*Workflow // the first workflow of each name in the run
	names  map[*Workflow]map[string]bool
}

func (v *validator) errorf(code Code, span Span, format string, args ...any) {
	v.diags = append(v.diags, Errorf(code, span, format, args...))
}

func (v *validator) warnf(code Code, span Span, format string, args ...any) {
	v.diags = append(v.diags, Warningf(code, span, format, args...))
}

// namespaceOf is the workflow's namespace with the default filled in.
func namespaceOf(w *Workflow) string {
	if w.Namespace == "" {
		return DefaultNamespace
	}
	return w.Namespace
}

// pick returns the first span whose position is known, else the first that
// at least names a file.
func pick(spans ...Span) Span {
	for _, s := range spans {
		if s.Start.IsValid() {
			return s
		}
	}
	for _, s := range spans {
		if s.File != "" {
			return s
		}
	}
	return Span{}
}

func (v *validator) workflow(w *Workflow) {
	wf := fmt.Sprintf("workflow %q", w.Name)
	if w.Name == "" {
		v.errorf(CodeBadName, w.Fields.At("name", w.Span), "workflow has no name")
	} else {
		v.name(w.Fields.At("name", w.Span), "workflow", fmt.Sprintf("workflow name %q", w.Name), w.Name)
	}
	if w.Namespace != "" {
		v.name(w.Fields.At("namespace", w.Span), "namespace", fmt.Sprintf("namespace %q of %s", w.Namespace, wf), w.Namespace)
	}
	if len(w.Tasks) == 0 {
		v.errorf(CodeEmptyWorkflow, w.Fields.At("tasks", w.Span), "%s has no tasks", wf)
	}
	first := map[string]*Task{}
	for _, t := range w.Tasks {
		if t == nil {
			continue
		}
		span := t.Fields.At("name", t.Span)
		switch {
		case t.Name == "":
			v.errorf(CodeBadName, span, "task in %s has no name", wf)
		case first[t.Name] != nil:
			d := Errorf(CodeDuplicateTask, span, "task %q is defined twice in %s", t.Name, wf)
			d.Detail = "AIFlow silently replaced the first definition with the second; aiflow-go rejects the workflow instead"
			f := first[t.Name]
			d.Related = []Related{{Message: "first defined here", Span: f.Fields.At("name", f.Span)}}
			v.diags = append(v.diags, d)
		default:
			first[t.Name] = t
			v.name(span, "task", fmt.Sprintf("task name %q in %s", t.Name, wf), t.Name)
		}
		v.task(w, t)
	}
	for _, s := range w.Schedules {
		if s != nil {
			v.expression(pick(s.Span, w.Span), "schedule", wf, s.Expression)
		}
	}
	for _, r := range w.Rules {
		if r != nil {
			v.rule(w, r)
		}
	}
	for _, tr := range w.Triggers {
		if tr == nil {
			continue
		}
		cx := condCtx{w: w, owner: "trigger of " + wf, trigger: true, span: pick(tr.Span, w.Span)}
		if tr.Condition == nil {
			v.errorf(CodeBadCondition, cx.span, "%s has no condition", cx.owner)
			continue
		}
		v.condition(cx, tr.Condition)
	}
	v.cycles(w)
}

// name checks a workflow, task or namespace name (kind is "workflow",
// "task" or "namespace"), see CheckName, and warns about a "." inside it.
func (v *validator) name(span Span, kind, subject, name string) {
	if p := CheckName(kind, name); p != "" {
		v.errorf(CodeBadName, span, "%s %s", subject, p)
	} else if strings.Contains(name, ".") {
		v.warnf(CodeBadName, span, "%s contains \".\", which makes task status event keys ([task_status_change].<namespace>.<workflow>.<task>) ambiguous", subject)
	}
}

// expression checks a schedule expression; what is "schedule" or
// "periodic_expression", owner names whose it is.
func (v *validator) expression(span Span, what, owner, expr string) {
	e, err := ParseExpression(expr)
	if err != nil {
		ee := err.(*ExprError)
		v.errorf(ee.Code, span, "%s %q of %s: %s", what, expr, owner, ee.Msg)
		return
	}
	if w := e.Warning(); w != "" {
		v.warnf(CodeNumericWeekday, span, "%s %q of %s: %s", what, expr, owner, w)
	}
}
