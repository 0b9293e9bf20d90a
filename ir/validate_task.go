package ir

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// operatorKinds lists the operator kinds for suggestions.
var operatorKinds = []string{string(Bash), string(Python), string(Flink), string(SparkSubmit), string(SparkSQL), string(Noop), string(Custom)}

// flinkTargets are the targets of flink run; flinkAppTargets those of flink
// run-application (AIFlow §5).
var (
	flinkTargets    = []string{"local", "remote", "yarn-per-job", "yarn-session", "kubernetes-session"}
	flinkAppTargets = []string{"yarn-application", "kubernetes-application"}
)

// task checks one task of w: its operator and the operator's arguments,
// retries, durations and periodic expression.
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
