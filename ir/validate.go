package ir

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/aiflow-go/aiflow/internal/spell"
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

// MaxNameLen bounds a workflow, task or namespace name, in bytes.
const MaxNameLen = 256

// CheckName returns what is wrong with a workflow, task or namespace name
// (kind is "workflow", "task" or "namespace"), as a phrase to follow the
// name ("must not contain \"/\""), or "" when it is fine. Names become parts
// of event keys, file paths (logs, working directories) and API paths, so
// "." and ".." (path traversal; the HTTP mux would redirect them) are
// refused, and so is "*" as a namespace, which means any namespace. The
// validator and the server share it so that they agree.
func CheckName(kind, name string) string {
	switch {
	case name == "":
		return "is empty"
	case name == "." || name == "..":
		return `must not be "." or ".."`
	case kind == "namespace" && name == "*":
		return `must not be "*", which stands for any namespace`
	case len(name) > MaxNameLen:
		return fmt.Sprintf("is longer than %d bytes", MaxNameLen)
	case strings.Contains(name, "/"):
		return `must not contain "/"`
	case strings.Contains(name, `\`):
		return `must not contain "\\"`
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "must not contain control characters"
	case strings.TrimSpace(name) != name:
		return "must not start or end with white space"
	}
	return ""
}

// operatorKinds lists the operator kinds for suggestions.
var operatorKinds = []string{string(Bash), string(Python), string(Flink), string(SparkSubmit), string(SparkSQL), string(Noop), string(Custom)}

// flinkTargets are the targets of flink run; flinkAppTargets those of flink
// run-application (AIFlow §5).
var (
	flinkTargets    = []string{"local", "remote", "yarn-per-job", "yarn-session", "kubernetes-session"}
	flinkAppTargets = []string{"yarn-application", "kubernetes-application"}
)

func (v *validator) task(w *Workflow, t *Task) {
	where := fmt.Sprintf("task %q in workflow %q", t.Name, w.Name)
	op := fmt.Sprintf("%s %s", t.Operator, where)
	at := func(field string) Span { return t.Fields.At(field, t.Span) }
	missing := func(field, arg string) {
		v.errorf(CodeMissingArgument, at(field), "%s is missing %s", op, arg)
	}
	pyFile := func(field, file string) {
		if file != "" && !strings.HasSuffix(file, ".py") {
			v.errorf(CodeBadValue, at(field), "%s has file %q, which is not a .py file", op, file)
		}
	}
	switch t.Operator {
	case Bash:
		if a := t.Bash; a == nil || strings.TrimSpace(a.Command) == "" {
			missing("bash.bash_command", "bash_command")
		}
	case Python:
		a := t.Python
		if a == nil {
			a = &PythonArgs{}
		}
		switch {
		case a.Callable == "":
			missing("python.python_callable", "python_callable")
		case !isIdentifier(a.Callable):
			v.errorf(CodeBadCallable, at("python.python_callable"),
				"%s has python_callable %q, which is not the name of a module-level function", op, a.Callable)
		}
		if a.File == "" {
			missing("python.file", "file")
		}
		pyFile("python.file", a.File)
	case Flink:
		a := t.Flink
		if a == nil {
			a = &FlinkArgs{}
		}
		if a.Application == "" {
			missing("flink.application", "application")
		}
		v.flink(t, a, op)
	case SparkSubmit:
		a := t.SparkSubmit
		if a == nil {
			a = &SparkSubmitArgs{}
		}
		if a.Application == "" {
			missing("spark_submit.application", "application")
		}
		v.sparkSubmit(t, a, op)
	case SparkSQL:
		if a := t.SparkSQL; a == nil || strings.TrimSpace(a.SQL) == "" {
			missing("spark_sql.sql", "sql")
		}
	case Noop:
	case Custom:
		a := t.Custom
		if a == nil {
			a = &CustomOperator{}
		}
		if a.File == "" {
			missing("custom.file", "file")
		}
		pyFile("custom.file", a.File)
		switch {
		case a.Class == "":
			missing("custom.class", "class")
		case !isIdentifier(a.Class):
			v.errorf(CodeBadValue, at("custom.class"), "%s has class %q, which is not a Python class name", op, a.Class)
		}
	case "":
		v.errorf(CodeMissingArgument, at("operator"), "%s has no operator", where)
	default:
		msg := fmt.Sprintf("%s has unknown operator %q", where, t.Operator)
		v.errorf(CodeBadValue, at("operator"), "%s", suggest(msg, string(t.Operator), operatorKinds))
	}
	if t.Retries < 0 {
		v.errorf(CodeBadValue, at("retries"), "%s has retries %d; it must be 0 or more", where, t.Retries)
	}
	v.seconds(at("retry_delay"), where, "retry_delay", t.RetryDelay)
	v.seconds(at("timeout"), where, "timeout", t.Timeout)
	if t.PeriodicExpression != "" {
		v.expression(at("periodic_expression"), "periodic_expression", where, t.PeriodicExpression)
	}
}

// seconds checks a duration argument: a finite number of seconds, 0 or more.
func (v *validator) seconds(span Span, where, arg string, x float64) {
	if !(x >= 0) || math.IsInf(x, 0) {
		v.errorf(CodeBadValue, span, "%s has %s %v; it must be a number of seconds, 0 or more", where, arg, x)
	}
}

func (v *validator) flink(t *Task, a *FlinkArgs, op string) {
	at := func(field string) Span { return t.Fields.At(field, t.Span) }
	target := at("flink.target")
	switch {
	case a.Target != "" && !slices.Contains(flinkTargets, a.Target) && !slices.Contains(flinkAppTargets, a.Target):
		msg := fmt.Sprintf("%s has unknown target %q", op, a.Target)
		v.errorf(CodeBadValue, target, "%s", suggest(msg, a.Target, append(slices.Clone(flinkTargets), flinkAppTargets...)))
	case a.ApplicationMode && a.Target == "":
		v.errorf(CodeBadValue, at("flink.application_mode"), "%s runs in application mode, which needs target %q or %q", op, flinkAppTargets[0], flinkAppTargets[1])
	case a.ApplicationMode && !slices.Contains(flinkAppTargets, a.Target):
		v.errorf(CodeBadValue, target, "%s runs in application mode, which needs target %q or %q, not %q", op, flinkAppTargets[0], flinkAppTargets[1], a.Target)
	case !a.ApplicationMode && slices.Contains(flinkAppTargets, a.Target):
		v.errorf(CodeBadValue, target, "%s has target %q, which needs application_mode", op, a.Target)
	case strings.HasPrefix(a.Target, "kubernetes-") && a.KubernetesClusterID == "":
		v.errorf(CodeMissingArgument, t.Fields.At("flink.kubernetes_cluster_id", target), "%s has target %q, which needs kubernetes_cluster_id", op, a.Target)
	}
	v.seconds(at("flink.jobs_info_poll_interval"), op, "jobs_info_poll_interval", a.JobsInfoPollInterval)
}

func (v *validator) sparkSubmit(t *Task, a *SparkSubmitArgs, op string) {
	at := func(field string) Span { return t.Fields.At(field, t.Span) }
	mode := a.DeployMode
	switch mode {
	case "", "client":
	case "cluster":
		master := strings.ToLower(a.Master)
		if strings.HasPrefix(master, "spark://") || strings.HasPrefix(master, "mesos://") {
			v.errorf(CodeBadValue, at("spark_submit.deploy_mode"),
				"%s uses deploy_mode \"cluster\" with master %q; standalone and Mesos masters support only client mode", op, a.Master)
		}
	default:
		msg := fmt.Sprintf("%s has unknown deploy_mode %q", op, mode)
		v.errorf(CodeBadValue, at("spark_submit.deploy_mode"), "%s", suggest(msg, mode, []string{"client", "cluster"}))
	}
	if strings.HasPrefix(strings.ToLower(a.Master), "k8s://") && a.K8sNamespace == "" {
		v.errorf(CodeMissingArgument, at("spark_submit.master"), "%s has master %q, which needs k8s_namespace", op, a.Master)
	}
}

// suggest appends "did you mean" or the sorted list of allowed values.
func suggest(msg, got string, allowed []string) string {
	if near := spell.Nearest(got, allowed); near != "" {
		return fmt.Sprintf("%s; did you mean %q?", msg, near)
	}
	return fmt.Sprintf("%s; expected %s", msg, oneOf(allowed))
}

// oneOf formats allowed values as "a", "b" or "c".
func oneOf(allowed []string) string {
	q := make([]string, len(allowed))
	for i, a := range allowed {
		q[i] = fmt.Sprintf("%q", a)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// isIdentifier reports whether s is a Python identifier.
func isIdentifier(s string) bool {
	for i, r := range s {
		if r != '_' && !unicode.IsLetter(r) && (i == 0 || !unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
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

var actions = []string{string(Start), string(Stop), string(Restart)}

func (v *validator) rule(w *Workflow, r *Rule) {
	span := pick(r.Span, w.Span)
	owner := fmt.Sprintf("rule of task %q in workflow %q", r.Task, w.Name)
	switch {
	case r.Task == "":
		owner = fmt.Sprintf("rule in workflow %q", w.Name)
		v.errorf(CodeUnknownTask, r.Fields.At("task", span), "%s names no task", owner)
	case !hasTask(w, r.Task):
		msg := fmt.Sprintf("workflow %q has a rule for unknown task %q", w.Name, r.Task)
		v.errorf(CodeUnknownTask, r.Fields.At("task", span), "%s", suggestTask(msg, r.Task, w))
	}
	switch {
	case r.Action == "":
		v.errorf(CodeMissingArgument, r.Fields.At("action", span), "%s has no action; expected START, STOP or RESTART", owner)
	case !slices.Contains(actions, string(r.Action)):
		msg := fmt.Sprintf("%s has unknown action %q", owner, r.Action)
		if near := spell.Nearest(string(r.Action), actions); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
		} else {
			msg += "; expected START, STOP or RESTART"
		}
		v.errorf(CodeBadValue, r.Fields.At("action", span), "%s", msg)
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
		case !isIdentifier(c.Class):
			v.errorf(CodeBadCondition, at("class"), "%s has class %q, which is not a Python class name", what, c.Class)
		}
		if len(c.Keys) == 0 {
			v.errorf(CodeBadCondition, at("expect_event_keys"), "%s has no expect_event_keys, so no event ever reaches it", what)
		} else if slices.Contains(c.Keys, "") {
			v.errorf(CodeBadCondition, at("expect_event_keys"), "%s has an empty event key in expect_event_keys", what)
		}
	case ExpressionCondition:
		// celcond checks the expressions themselves.
		if c.When == "" {
			v.errorf(CodeBadCondition, at("when"), "%s has no when expression", what)
		}
		if len(c.Keys) == 0 {
			v.errorf(CodeBadCondition, at("expect_event_keys"), "%s has no expect_event_keys, so no event ever reaches it", what)
		} else if slices.Contains(c.Keys, "") {
			v.errorf(CodeBadCondition, at("expect_event_keys"), "%s has an empty event key in expect_event_keys", what)
		}
	default:
		msg := fmt.Sprintf("condition in %s has unknown kind %q", cx.owner, c.Kind)
		if near := spell.Nearest(string(c.Kind), conditionKinds); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
		} else {
			msg += "; expected event, task-status, all-met, meet-all, meet-any, custom or expression"
		}
		v.errorf(CodeBadCondition, span, "%s", msg)
	}
	for _, sub := range c.Conditions {
		if sub == nil {
			v.errorf(CodeBadCondition, at("conditions"), "%s has an empty sub-condition", what)
			continue
		}
		v.condition(condCtx{w: cx.w, owner: cx.owner, trigger: cx.trigger, span: span}, sub)
	}
}

func (v *validator) taskStatus(cx condCtx, c *Condition, at func(string) Span, what string) {
	w := cx.w
	switch {
	case c.Status == "":
		v.errorf(CodeBadCondition, at("status"), "%s has no status; expected one of %s", what, strings.Join(TaskStatuses, ", "))
	case !slices.Contains(TaskStatuses, c.Status):
		msg := fmt.Sprintf("%s expects unknown status %q", what, c.Status)
		if near := spell.Nearest(c.Status, TaskStatuses); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
		} else {
			msg += "; expected one of " + strings.Join(TaskStatuses, ", ")
		}
		v.errorf(CodeBadCondition, at("status"), "%s", msg)
	}
	if c.Task == "" {
		v.errorf(CodeBadCondition, at("task"), "%s names no task", what)
		return
	}
	ns, wf := condTarget(w, c)
	wns := namespaceOf(w)
	switch {
	case ns == wns && wf == w.Name:
		if !hasTask(w, c.Task) {
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
		if o := v.byName[wfKey{ns, wf}]; o != nil && !hasTask(o, c.Task) {
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

// cycles reports tasks that can never start because their START rules wait
// on each other's status.
//
// A task can start when it has no START rule (it starts with the execution),
// when it is periodic (every fire restarts it), or when one of its START or
// RESTART rules has a condition that can be met. Event and custom conditions
// can always be met from outside; a task-status condition on a task of this
// workflow only once that task can start, since every status, INIT included,
// belongs to a run; all-met and meet-all need all their sub-conditions,
// meet-any one. Conditions already reported as broken (missing, unknown or
// foreign tasks, no sub-conditions) count as met so that one mistake is not
// reported twice. The startable set is the least fixpoint of these rules.
//
// Every task left over waits, directly or not, on a group of tasks that wait
// on each other, since it can only be stuck by waiting on a stuck task. Each
// such group (a strongly connected component with a cycle) is one cycle
// error, with the shortest cycle through its first task in the message. The
// tasks that are stuck only because they wait on a group get no diagnostic of
// their own: fixing the cycle frees them, so the cycle's Detail names them.
func (v *validator) cycles(w *Workflow) {
	g := newWaitGraph(w)
	if !slices.Contains(g.ok, false) {
		return
	}
	comp := sccs(len(g.tasks), func(i int) []int {
		out := make([]int, len(g.edges[i]))
		for k, e := range g.edges[i] {
			out[k] = e.to
		}
		return out
	}, g.ok)
	// A group is cyclic if it has two tasks or one that waits on itself.
	members := map[int][]int{}
	cyclic := map[int]bool{}
	for i := range g.tasks {
		if g.ok[i] {
			continue
		}
		members[comp[i]] = append(members[comp[i]], i)
		if len(members[comp[i]]) > 1 || slices.ContainsFunc(g.edges[i], func(e waitEdge) bool { return e.to == i }) {
			cyclic[comp[i]] = true
		}
	}
	// blocked[c] lists the stuck tasks outside cyclic groups that reach group c.
	blocked := map[int][]int{}
	for i := range g.tasks {
		if g.ok[i] || cyclic[comp[i]] {
			continue
		}
		reached := map[int]bool{}
		visited := map[int]bool{i: true}
		for stack := []int{i}; len(stack) > 0; {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, e := range g.edges[x] {
				switch {
				case cyclic[comp[e.to]]:
					reached[comp[e.to]] = true
				case !visited[e.to]:
					visited[e.to] = true
					stack = append(stack, e.to)
				}
			}
		}
		for c := range reached {
			blocked[c] = append(blocked[c], i)
		}
	}
	groups := slices.Collect(maps.Keys(cyclic))
	slices.SortFunc(groups, func(a, b int) int { return members[a][0] - members[b][0] })
	for _, c := range groups {
		v.cycle(w, g, comp, members[c], blocked[c])
	}
}

// cycle reports one group of tasks that wait on each other (members, in
// definition order) and the stuck tasks that wait on it (blocked).
func (v *validator) cycle(w *Workflow, g *waitGraph, comp []int, members, blocked []int) {
	path, spans := g.shortestCycle(members[0], comp)
	t := g.tasks[members[0]]
	quoted := func(ids []int) string {
		q := make([]string, len(ids))
		for k, x := range ids {
			q[k] = fmt.Sprintf("%q", g.tasks[x].Name)
		}
		return strings.Join(q, ", ")
	}
	var d Diagnostic
	if len(path) == 2 {
		d = Errorf(CodeCycle, pick(t.Span, w.Span), "task %q in workflow %q waits on its own status and can never start", t.Name, w.Name)
	} else {
		d = Errorf(CodeCycle, pick(t.Span, w.Span), "tasks %s in workflow %q wait on each other's status and can never start",
			strings.ReplaceAll(quoted(path), ", ", " -> "), w.Name)
	}
	for k := 0; k+1 < len(path); k++ {
		d.Related = append(d.Related, Related{
			Message: fmt.Sprintf("%q waits on the status of %q here", g.tasks[path[k]].Name, g.tasks[path[k+1]].Name),
			Span:    spans[k],
		})
	}
	var detail []string
	var others []int
	for _, x := range members {
		if !slices.Contains(path, x) {
			others = append(others, x)
		}
	}
	if len(others) > 0 {
		detail = append(detail, fmt.Sprintf("%s %s also stuck in this cycle", quoted(others), plural(len(others), "is", "are")))
	}
	if len(blocked) > 0 {
		slices.Sort(blocked)
		detail = append(detail, fmt.Sprintf("%s %s on these tasks and can never start either", quoted(blocked), plural(len(blocked), "waits", "wait")))
	}
	d.Detail = strings.Join(detail, "; ")
	v.diags = append(v.diags, d)
}

// waitGraph says which tasks of a workflow can start and, for those that
// cannot, which other stuck tasks they wait on.
type waitGraph struct {
	tasks []*Task      // first definition of each name, in order
	ok    []bool       // the task can start
	edges [][]waitEdge // stuck task -> stuck tasks its START/RESTART rules wait on
}

// waitEdge is one wait, with the span of the condition that writes it.
type waitEdge struct {
	to   int
	span Span
}

func newWaitGraph(w *Workflow) *waitGraph {
	g := &waitGraph{}
	index := map[string]int{}
	for _, t := range w.Tasks {
		if t == nil || t.Name == "" {
			continue
		}
		if _, dup := index[t.Name]; !dup {
			index[t.Name] = len(g.tasks)
			g.tasks = append(g.tasks, t)
		}
	}
	n := len(g.tasks)
	starts := make([][]*Rule, n)
	hasStart := make([]bool, n)
	for _, r := range w.Rules {
		if r == nil {
			continue
		}
		i, found := index[r.Task]
		if !found || r.Action != Start && r.Action != Restart {
			continue
		}
		starts[i] = append(starts[i], r)
		hasStart[i] = hasStart[i] || r.Action == Start
	}
	g.ok = make([]bool, n)
	for i, t := range g.tasks {
		g.ok[i] = !hasStart[i] || t.PeriodicExpression != ""
	}
	wns := namespaceOf(w)
	// own returns the index of the task of this workflow that c waits on.
	own := func(c *Condition) (int, bool) {
		if c.Kind != TaskStatusCondition {
			return 0, false
		}
		if ns, wf := condTarget(w, c); ns != wns || wf != w.Name {
			return 0, false
		}
		i, found := index[c.Task]
		return i, found
	}
	var met func(c *Condition) bool
	met = func(c *Condition) bool {
		if c == nil {
			return true
		}
		switch c.Kind {
		case TaskStatusCondition:
			if i, found := own(c); found {
				return g.ok[i]
			}
		case AllMetCondition, MeetAllCondition:
			return !slices.ContainsFunc(c.Conditions, func(sub *Condition) bool { return !met(sub) })
		case MeetAnyCondition:
			return len(c.Conditions) == 0 || slices.ContainsFunc(c.Conditions, met)
		}
		return true
	}
	for changed := true; changed; {
		changed = false
		for i := range g.tasks {
			if !g.ok[i] && slices.ContainsFunc(starts[i], func(r *Rule) bool { return met(r.Condition) }) {
				g.ok[i], changed = true, true
			}
		}
	}
	g.edges = make([][]waitEdge, n)
	for i, t := range g.tasks {
		if g.ok[i] {
			continue
		}
		seen := map[int]bool{}
		var walk func(c *Condition, span Span)
		walk = func(c *Condition, span Span) {
			if c == nil {
				return
			}
			span = pick(c.Span, span)
			if j, found := own(c); found && !g.ok[j] && !seen[j] {
				seen[j] = true
				g.edges[i] = append(g.edges[i], waitEdge{j, c.Fields.At("task", span)})
			}
			for _, sub := range c.Conditions {
				walk(sub, span)
			}
		}
		for _, r := range starts[i] {
			walk(r.Condition, pick(r.Fields.At("condition", r.Span), t.Span, w.Span))
		}
	}
	return g
}

// shortestCycle finds, breadth first, the shortest cycle from start back to
// start inside start's component. path begins and ends with start; spans[k]
// is where path[k] waits on path[k+1].
func (g *waitGraph) shortestCycle(start int, comp []int) (path []int, spans []Span) {
	prev := map[int]waitEdge{} // node -> the edge that reached it, to = its predecessor
	var closing waitEdge       // the edge back to start, to = its source
	for queue := []int{start}; len(queue) > 0 && len(spans) == 0; {
		x := queue[0]
		queue = queue[1:]
		for _, e := range g.edges[x] {
			if comp[e.to] != comp[start] {
				continue
			}
			if e.to == start {
				closing = waitEdge{x, e.span}
				spans = append(spans, e.span)
				break
			}
			if _, seen := prev[e.to]; !seen {
				prev[e.to] = waitEdge{x, e.span}
				queue = append(queue, e.to)
			}
		}
	}
	path = []int{start}
	for x := closing.to; x != start; x = prev[x].to {
		path = append(path, x)
		spans = append(spans, prev[x].span)
	}
	path = append(path, start)
	slices.Reverse(path)
	slices.Reverse(spans)
	return path, spans
}

// sccs numbers the strongly connected components of the graph over the nodes
// i with skip[i] false (Tarjan's algorithm); comp[i] is i's component.
func sccs(n int, succ func(int) []int, skip []bool) []int {
	comp := make([]int, n)
	low := make([]int, n)
	order := make([]int, n)
	on := make([]bool, n)
	for i := range order {
		order[i] = -1
	}
	var stack []int
	next, ncomp := 0, 0
	var visit func(i int)
	visit = func(i int) {
		order[i], low[i] = next, next
		next++
		stack = append(stack, i)
		on[i] = true
		for _, j := range succ(i) {
			switch {
			case order[j] < 0:
				visit(j)
				low[i] = min(low[i], low[j])
			case on[j]:
				low[i] = min(low[i], order[j])
			}
		}
		if low[i] == order[i] {
			for {
				j := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				on[j] = false
				comp[j] = ncomp
				if j == i {
					break
				}
			}
			ncomp++
		}
	}
	for i := range n {
		if !skip[i] && order[i] < 0 {
			visit(i)
		}
	}
	return comp
}

// plural picks the verb form for n subjects.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// hasTask reports whether w has a task named name; unlike Workflow.Task it
// skips the nil entries a front end may leave after an error.
func hasTask(w *Workflow, name string) bool {
	return slices.ContainsFunc(w.Tasks, func(t *Task) bool { return t != nil && t.Name == name })
}
