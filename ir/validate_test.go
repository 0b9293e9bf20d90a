package ir

import (
	"fmt"
	"github.com/aiflow-go/aiflow/operator"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// at is a span on a line of the test file; col tells field spans (col 5+)
// from object spans (col 1).
func at(line, col int) Span { return Span{File: "wf.yaml", Start: Pos{Line: line, Col: col}} }

// The test workflows put each object on its own line: the workflow on 1,
// tasks from 10, rules from 30, conditions from 50, schedules and triggers
// from 70.
func workflow(name string, tasks ...*Task) *Workflow {
	return &Workflow{Name: name, Namespace: DefaultNamespace, Tasks: tasks, Span: at(1, 1), Fields: Spans{{"name", at(1, 7)}}}
}

func bashTask(name string, line int) *Task {
	return &Task{Name: name, Operator: operator.Bash, Args: &operator.BashArgs{Command: "echo " + name},
		Span: at(line, 1), Fields: Spans{{"name", at(line, 5)}}}
}

func withField(t *Task, field string, col int) *Task {
	t.Fields.Set(field, at(t.Span.Start.Line, col))
	return t
}

func status(task, st string, line int) *Condition {
	return &Condition{Kind: TaskStatusCondition, Task: task, Status: st, Span: at(line, 1), Fields: Spans{{"task", at(line, 9)}}}
}

func event(key string, line int) *Condition {
	return &Condition{Kind: EventCondition, Key: key, Span: at(line, 1)}
}

func rule(task string, action Action, c *Condition, line int) *Rule {
	return &Rule{Task: task, Action: action, Condition: c, Span: at(line, 1), Fields: Spans{{"task", at(line, 3)}, {"action", at(line, 11)}}}
}

func rules(w *Workflow, rs ...*Rule) *Workflow {
	w.Rules = append(w.Rules, rs...)
	return w
}

func errAt(code Code, span Span, msg string) Diagnostic {
	return Diagnostic{Severity: Error, Code: code, Span: span, Message: msg}
}

func warnAt(code Code, span Span, msg string) Diagnostic {
	return Diagnostic{Severity: Warning, Code: code, Span: span, Message: msg}
}

func related(d Diagnostic, detail string, rel ...Related) Diagnostic {
	d.Detail = detail
	d.Related = rel
	return d
}

func TestValidate(t *testing.T) {
	const foreignDetail = "task status events carry the id of the execution that sent them and reach only that execution's rules; to react to another workflow, add a trigger to this workflow or send an event from a task"
	for _, tc := range []struct {
		name string
		ws   []*Workflow
		want Diagnostics
	}{
		{"valid", []*Workflow{rules(workflow("etl", bashTask("a", 10), bashTask("b", 11)),
			rule("b", Start, &Condition{Kind: AllMetCondition, Conditions: []*Condition{status("a", StatusSuccess, 50)}}, 30),
			rule("a", Restart, event("go", 51), 31))}, nil},

		// names
		{"workflow without name", []*Workflow{func() *Workflow { w := workflow("", bashTask("a", 10)); return w }()},
			Diagnostics{errAt(CodeBadName, at(1, 7), "workflow has no name")}},
		{"slash in workflow name", []*Workflow{workflow("a/b", bashTask("a", 10))},
			Diagnostics{errAt(CodeBadName, at(1, 7), `workflow name "a/b" must not contain "/"`)}},
		{"backslash in task name", []*Workflow{workflow("etl", bashTask(`a\b`, 10))},
			Diagnostics{errAt(CodeBadName, at(10, 5), `task name "a\\b" in workflow "etl" must not contain "\\"`)}},
		{"control character", []*Workflow{workflow("etl", bashTask("a\tb", 10))},
			Diagnostics{errAt(CodeBadName, at(10, 5), `task name "a\tb" in workflow "etl" must not contain control characters`)}},
		{"white space at the end", []*Workflow{workflow("etl", bashTask("a ", 10))},
			Diagnostics{errAt(CodeBadName, at(10, 5), `task name "a " in workflow "etl" must not start or end with white space`)}},
		{"dot workflow name", []*Workflow{workflow(".", bashTask("a", 10))},
			Diagnostics{errAt(CodeBadName, at(1, 7), `workflow name "." must not be "." or ".."`)}},
		{"dot-dot task name", []*Workflow{workflow("etl", bashTask("..", 10))},
			Diagnostics{errAt(CodeBadName, at(10, 5), `task name ".." in workflow "etl" must not be "." or ".."`)}},
		{"star namespace", []*Workflow{func() *Workflow {
			w := workflow("etl", bashTask("a", 10))
			w.Namespace = "*"
			w.Fields.Set("namespace", at(2, 12))
			return w
		}()}, Diagnostics{errAt(CodeBadName, at(2, 12), `namespace "*" of workflow "etl" must not be "*", which stands for any namespace`)}},
		{"task without name", []*Workflow{workflow("etl", bashTask("", 10))},
			Diagnostics{errAt(CodeBadName, at(10, 5), `task in workflow "etl" has no name`)}},
		{"dot in task name", []*Workflow{workflow("etl", bashTask("a.b", 10))},
			Diagnostics{warnAt(CodeBadName, at(10, 5), `task name "a.b" in workflow "etl" contains ".", which makes task status event keys ([task_status_change].<namespace>.<workflow>.<task>) ambiguous`)}},
		{"dot in namespace", []*Workflow{func() *Workflow {
			w := workflow("etl", bashTask("a", 10))
			w.Namespace = "team.x"
			w.Fields.Set("namespace", at(2, 12))
			return w
		}()}, Diagnostics{warnAt(CodeBadName, at(2, 12), `namespace "team.x" of workflow "etl" contains ".", which makes task status event keys ([task_status_change].<namespace>.<workflow>.<task>) ambiguous`)}},

		// workflows and tasks
		{"empty workflow", []*Workflow{workflow("etl")},
			Diagnostics{errAt(CodeEmptyWorkflow, at(1, 1), `workflow "etl" has no tasks`)}},
		{"duplicate task", []*Workflow{workflow("etl", bashTask("a", 10), bashTask("b", 11), bashTask("a", 12))},
			Diagnostics{related(errAt(CodeDuplicateTask, at(12, 5), `task "a" is defined twice in workflow "etl"`),
				"AIFlow silently replaced the first definition with the second; aiflow-go rejects the workflow instead",
				Related{"first defined here", at(10, 5)})}},
		{"duplicate workflow", []*Workflow{workflow("etl", bashTask("a", 10)), func() *Workflow {
			w := workflow("etl", bashTask("a", 10))
			w.Namespace = ""
			w.Span, w.Fields = Span{File: "other.py", Start: Pos{3, 1}}, Spans{{"name", Span{File: "other.py", Start: Pos{3, 15}}}}
			return w
		}()}, Diagnostics{related(errAt(CodeDuplicateWorkflow, Span{File: "other.py", Start: Pos{3, 15}}, `workflow "etl" is defined twice in namespace "default"`),
			"", Related{"first defined here", at(1, 7)})}},
		{"same name in two namespaces", []*Workflow{workflow("etl", bashTask("a", 10)), func() *Workflow {
			w := workflow("etl", bashTask("a", 10))
			w.Namespace = "other"
			return w
		}()}, nil},

		// operators
		{"bash without command", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.Bash, Span: at(10, 1)})},
			Diagnostics{errAt(CodeMissingArgument, at(10, 1), `bash task "a" in workflow "etl" is missing bash_command`)}},
		{"bash with empty command", []*Workflow{workflow("etl", withField(&Task{Name: "a", Operator: operator.Bash, Args: &operator.BashArgs{}, Span: at(10, 1)}, "bash.bash_command", 20))},
			Diagnostics{errAt(CodeMissingArgument, at(10, 20), `bash task "a" in workflow "etl" is missing bash_command`)}},
		{"python without callable and file", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.Python, Span: at(10, 1)})},
			Diagnostics{
				errAt(CodeMissingArgument, at(10, 1), `python task "a" in workflow "etl" is missing python_callable`),
				errAt(CodeMissingArgument, at(10, 1), `python task "a" in workflow "etl" is missing file`),
			}},
		{"python bad callable and file", []*Workflow{workflow("etl", withField(withField(&Task{Name: "a", Operator: operator.Python,
			Args: &operator.PythonArgs{File: "jobs.txt", Callable: "mod.run"}, Span: at(10, 1)}, "python.file", 20), "python.python_callable", 30))},
			Diagnostics{
				errAt(CodeBadCallable, at(10, 30), `python task "a" in workflow "etl" has python_callable "mod.run", which is not the name of a module-level function`),
				errAt(CodeBadValue, at(10, 20), `python task "a" in workflow "etl" has file "jobs.txt", which is not a .py file`),
			}},
		{"flink without application", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.Flink, Args: &operator.FlinkArgs{}, Span: at(10, 1)})},
			Diagnostics{errAt(CodeMissingArgument, at(10, 1), `flink task "a" in workflow "etl" is missing application`)}},
		{"flink unknown target", []*Workflow{workflow("etl", withField(&Task{Name: "a", Operator: operator.Flink, Args: &operator.FlinkArgs{Application: "j.jar", Target: "yarn-sesion"}, Span: at(10, 1)}, "flink.target", 20))},
			Diagnostics{errAt(CodeBadValue, at(10, 20), `flink task "a" in workflow "etl" has unknown target "yarn-sesion"; did you mean "yarn-session"?`)}},
		{"flink target list", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.Flink, Args: &operator.FlinkArgs{Application: "j.jar", Target: "mesos"}, Span: at(10, 1)})},
			Diagnostics{errAt(CodeBadValue, at(10, 1), `flink task "a" in workflow "etl" has unknown target "mesos"; expected "local", "remote", "yarn-per-job", "yarn-session", "kubernetes-session", "yarn-application" or "kubernetes-application"`)}},
		{"flink application mode without target", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.Flink, Args: &operator.FlinkArgs{Application: "j.jar", ApplicationMode: true}, Span: at(10, 1)})},
			Diagnostics{errAt(CodeBadValue, at(10, 1), `flink task "a" in workflow "etl" runs in application mode, which needs target "yarn-application" or "kubernetes-application"`)}},
		{"flink application mode wrong target", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.Flink, Args: &operator.FlinkArgs{Application: "j.jar", ApplicationMode: true, Target: "yarn-per-job"}, Span: at(10, 1)})},
			Diagnostics{errAt(CodeBadValue, at(10, 1), `flink task "a" in workflow "etl" runs in application mode, which needs target "yarn-application" or "kubernetes-application", not "yarn-per-job"`)}},
		{"flink application target without mode", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.Flink, Args: &operator.FlinkArgs{Application: "j.jar", Target: "yarn-application"}, Span: at(10, 1)})},
			Diagnostics{errAt(CodeBadValue, at(10, 1), `flink task "a" in workflow "etl" has target "yarn-application", which needs application_mode`)}},
		{"flink kubernetes without cluster id", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.Flink, Args: &operator.FlinkArgs{Application: "j.jar", Target: "kubernetes-session"}, Span: at(10, 1)})},
			Diagnostics{errAt(CodeMissingArgument, at(10, 1), `flink task "a" in workflow "etl" has target "kubernetes-session", which needs kubernetes_cluster_id`)}},
		{"flink kubernetes application ok", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.Flink, Args: &operator.FlinkArgs{Application: "j.jar", Target: "kubernetes-application", ApplicationMode: true, KubernetesClusterID: "c1"}, Span: at(10, 1)})}, nil},
		{"spark-submit without application", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.SparkSubmit, Span: at(10, 1)})},
			Diagnostics{errAt(CodeMissingArgument, at(10, 1), `spark-submit task "a" in workflow "etl" is missing application`)}},
		{"spark-submit deploy mode typo", []*Workflow{workflow("etl", withField(&Task{Name: "a", Operator: operator.SparkSubmit, Args: &operator.SparkSubmitArgs{Application: "a.py", DeployMode: "clustr"}, Span: at(10, 1)}, "spark_submit.deploy_mode", 20))},
			Diagnostics{errAt(CodeBadValue, at(10, 20), `spark-submit task "a" in workflow "etl" has unknown deploy_mode "clustr"; did you mean "cluster"?`)}},
		{"spark-submit cluster on standalone", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.SparkSubmit, Args: &operator.SparkSubmitArgs{Application: "a.py", Master: "spark://h:7077", DeployMode: "cluster"}, Span: at(10, 1)})},
			Diagnostics{errAt(CodeBadValue, at(10, 1), `spark-submit task "a" in workflow "etl" uses deploy_mode "cluster" with master "spark://h:7077"; standalone and Mesos masters support only client mode`)}},
		{"spark-submit cluster on mesos", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.SparkSubmit, Args: &operator.SparkSubmitArgs{Application: "a.py", Master: "mesos://h:5050", DeployMode: "cluster"}, Span: at(10, 1)})},
			Diagnostics{errAt(CodeBadValue, at(10, 1), `spark-submit task "a" in workflow "etl" uses deploy_mode "cluster" with master "mesos://h:5050"; standalone and Mesos masters support only client mode`)}},
		{"spark-submit k8s without namespace", []*Workflow{workflow("etl", withField(&Task{Name: "a", Operator: operator.SparkSubmit, Args: &operator.SparkSubmitArgs{Application: "a.py", Master: "k8s://https://h:6443", DeployMode: "cluster"}, Span: at(10, 1)}, "spark_submit.master", 20))},
			Diagnostics{errAt(CodeMissingArgument, at(10, 20), `spark-submit task "a" in workflow "etl" has master "k8s://https://h:6443", which needs k8s_namespace`)}},
		{"spark-sql without sql", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.SparkSQL, Args: &operator.SparkSQLArgs{Master: "yarn"}, Span: at(10, 1)})},
			Diagnostics{errAt(CodeMissingArgument, at(10, 1), `spark-sql task "a" in workflow "etl" is missing sql`)}},
		{"custom without file and class", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.Custom, Span: at(10, 1)})},
			Diagnostics{
				errAt(CodeMissingArgument, at(10, 1), `custom task "a" in workflow "etl" is missing file`),
				errAt(CodeMissingArgument, at(10, 1), `custom task "a" in workflow "etl" is missing class`),
			}},
		{"custom bad class", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.Custom, Args: &operator.CustomArgs{File: "ops.py", Class: "my-op"}, Span: at(10, 1)})},
			Diagnostics{errAt(CodeBadValue, at(10, 1), `custom task "a" in workflow "etl" has class "my-op", which is not a Python class name`)}},
		{"noop", []*Workflow{workflow("etl", &Task{Name: "a", Operator: operator.Noop, Span: at(10, 1)})}, nil},
		{"unknown operator", []*Workflow{workflow("etl", withField(&Task{Name: "a", Operator: "bsh", Span: at(10, 1)}, "operator", 15))},
			Diagnostics{errAt(CodeBadValue, at(10, 15), `task "a" in workflow "etl" has unknown operator "bsh"; did you mean "bash"?`)}},
		{"no operator", []*Workflow{workflow("etl", &Task{Name: "a", Span: at(10, 1)})},
			Diagnostics{errAt(CodeMissingArgument, at(10, 1), `task "a" in workflow "etl" has no operator`)}},
		{"negative retries and delays", []*Workflow{workflow("etl", withField(func() *Task {
			t := bashTask("a", 10)
			t.Retries, t.RetryDelay, t.Timeout = -1, -0.5, math.NaN()
			return t
		}(), "retries", 30))},
			Diagnostics{
				errAt(CodeBadValue, at(10, 30), `task "a" in workflow "etl" has retries -1; it must be 0 or more`),
				errAt(CodeBadValue, at(10, 1), `task "a" in workflow "etl" has retry_delay -0.5; it must be a number of seconds, 0 or more`),
				errAt(CodeBadValue, at(10, 1), `task "a" in workflow "etl" has timeout NaN; it must be a number of seconds, 0 or more`),
			}},

		// schedule expressions
		{"periodic bad cron", []*Workflow{workflow("etl", withField(func() *Task {
			t := bashTask("a", 10)
			t.PeriodicExpression = "cron@61 * * * *"
			return t
		}(), "periodic_expression", 40))},
			Diagnostics{errAt(CodeBadCron, at(10, 40), `periodic_expression "cron@61 * * * *" of task "a" in workflow "etl": minute field: value 61 above maximum 59`)}},
		{"periodic numeric weekday", []*Workflow{workflow("etl", func() *Task {
			t := bashTask("a", 10)
			t.PeriodicExpression = "cron@0 9 * * 1"
			return t
		}())},
			Diagnostics{warnAt(CodeNumericWeekday, at(10, 1), `periodic_expression "cron@0 9 * * 1" of task "a" in workflow "etl": day-of-week "1" means MON here (0 is Sunday, as in crontab), but AIFlow read 0 as Monday and ran it on TUE; write day names (SUN-SAT) to make the days explicit`)}},
		{"schedules", []*Workflow{func() *Workflow {
			w := workflow("etl", bashTask("a", 10))
			w.Schedules = []*Schedule{
				{Expression: "cron@*/5 * * * *", Span: at(70, 5)},
				{Expression: "every 5m", Span: at(71, 5)},
				{Expression: "cron@0 0 30 2 *", Span: at(72, 5)},
				{Expression: "interval@0 -1 0 0", Span: at(73, 5)},
				{Expression: "", Span: at(74, 5)},
			}
			return w
		}()}, Diagnostics{
			errAt(CodeBadExpression, at(71, 5), `schedule "every 5m" of workflow "etl": no kind before '@'; expected `+expressionForms),
			errAt(CodeImpossibleCron, at(72, 5), `schedule "cron@0 0 30 2 *" of workflow "etl": day-of-month "30" never occurs in month "2", so it can never fire`),
			errAt(CodeBadInterval, at(73, 5), `schedule "interval@0 -1 0 0" of workflow "etl": hours field: -1 is negative; every field must be 0 or more`),
			errAt(CodeBadExpression, at(74, 5), `schedule "" of workflow "etl": empty expression; expected `+expressionForms),
		}},

		// rules
		{"rule for unknown task", []*Workflow{rules(workflow("etl", bashTask("extract", 10)), rule("extrct", Start, event("go", 50), 30))},
			Diagnostics{errAt(CodeUnknownTask, at(30, 3), `workflow "etl" has a rule for unknown task "extrct"; did you mean "extract"?`)}},
		{"rule without task", []*Workflow{rules(workflow("etl", bashTask("a", 10)), rule("", Start, event("go", 50), 30))},
			Diagnostics{errAt(CodeUnknownTask, at(30, 3), `rule in workflow "etl" names no task`)}},
		{"rule bad action", []*Workflow{rules(workflow("etl", bashTask("a", 10)), rule("a", "STAR", event("go", 50), 30), rule("a", "BEGIN", event("go", 51), 31), rule("a", "", event("go", 52), 32))},
			Diagnostics{
				errAt(CodeBadValue, at(30, 11), `rule of task "a" in workflow "etl" has unknown action "STAR"; did you mean "START"?`),
				errAt(CodeBadValue, at(31, 11), `rule of task "a" in workflow "etl" has unknown action "BEGIN"; expected START, STOP or RESTART`),
				errAt(CodeMissingArgument, at(32, 11), `rule of task "a" in workflow "etl" has no action; expected START, STOP or RESTART`),
			}},
		{"rule without condition", []*Workflow{rules(workflow("etl", bashTask("a", 10)), rule("a", Stop, nil, 30))},
			Diagnostics{errAt(CodeBadCondition, at(30, 1), `rule of task "a" in workflow "etl" has no condition`)}},
		{"empty event key", []*Workflow{rules(workflow("etl", bashTask("a", 10)), rule("a", Stop, event("", 50), 30))},
			Diagnostics{errAt(CodeBadCondition, at(50, 1), `event condition in rule of task "a" in workflow "etl" has an empty event key`)}},
		{"unknown status", []*Workflow{rules(workflow("etl", bashTask("a", 10), bashTask("b", 11)),
			rule("b", Stop, status("a", "SUCESS", 50), 30), rule("b", Stop, status("a", "DONE", 51), 31), rule("b", Stop, status("a", "", 52), 32))},
			Diagnostics{
				errAt(CodeBadCondition, at(50, 1), `task-status condition in rule of task "b" in workflow "etl" expects unknown status "SUCESS"; did you mean "SUCCESS"?`),
				errAt(CodeBadCondition, at(51, 1), `task-status condition in rule of task "b" in workflow "etl" expects unknown status "DONE"; expected one of INIT, QUEUED, RUNNING, SUCCESS, FAILED, STOPPING, STOPPED, RETRYING`),
				errAt(CodeBadCondition, at(52, 1), `task-status condition in rule of task "b" in workflow "etl" has no status; expected one of INIT, QUEUED, RUNNING, SUCCESS, FAILED, STOPPING, STOPPED, RETRYING`),
			}},
		{"condition on unknown task", []*Workflow{rules(workflow("etl", bashTask("a", 10), bashTask("b", 11)),
			rule("b", Start, status("c", StatusSuccess, 50), 30))},
			Diagnostics{errAt(CodeUnknownTask, at(50, 9), `rule of task "b" in workflow "etl" names unknown task "c"; did you mean "a"?`)}},
		{"condition without task", []*Workflow{rules(workflow("etl", bashTask("a", 10)),
			rule("a", Stop, status("", StatusSuccess, 50), 30))},
			Diagnostics{errAt(CodeBadCondition, at(50, 9), `task-status condition in rule of task "a" in workflow "etl" names no task`)}},
		{"rule on foreign task", []*Workflow{rules(workflow("etl", bashTask("a", 10)),
			rule("a", Start, &Condition{Kind: TaskStatusCondition, Workflow: "other", Task: "x", Status: StatusSuccess, Span: at(50, 1)}, 30),
			rule("a", Stop, &Condition{Kind: TaskStatusCondition, Namespace: "ns2", Workflow: "etl", Task: "a", Status: StatusFailed, Span: at(51, 1)}, 31))},
			Diagnostics{
				related(warnAt(CodeForeignTask, at(50, 1), `rule of task "a" in workflow "etl" waits on task "x" of workflow "other", whose status events never reach executions of "etl": it never fires (as in AIFlow)`), foreignDetail),
				related(warnAt(CodeForeignTask, at(51, 1), `rule of task "a" in workflow "etl" waits on task "a" of workflow "etl" in namespace "ns2", whose status events never reach executions of "etl": it never fires (as in AIFlow)`), foreignDetail),
			}},
		{"all-met with other kinds", []*Workflow{rules(workflow("etl", bashTask("a", 10), bashTask("b", 11)),
			rule("b", Start, &Condition{Kind: AllMetCondition, Span: at(50, 1), Conditions: []*Condition{status("a", StatusSuccess, 51), event("go", 52)}}, 30),
			rule("b", Stop, &Condition{Kind: AllMetCondition, Span: at(53, 1)}, 31))},
			Diagnostics{
				errAt(CodeBadCondition, at(52, 1), `all-met condition in rule of task "b" in workflow "etl" may only contain task-status conditions, not an event condition`),
				errAt(CodeBadCondition, at(53, 1), `all-met condition in rule of task "b" in workflow "etl" has no conditions`),
			}},
		{"meet-all and meet-any", []*Workflow{rules(workflow("etl", bashTask("a", 10)),
			rule("a", Restart, &Condition{Kind: MeetAllCondition, Span: at(50, 1), Conditions: []*Condition{event("x", 51), nil}}, 30),
			rule("a", Restart, &Condition{Kind: MeetAllCondition, Name: "s", Span: at(52, 1)}, 31),
			rule("a", Restart, &Condition{Kind: MeetAnyCondition, Span: at(53, 1), Conditions: []*Condition{{Kind: MeetAnyCondition, Span: at(54, 1)}}}, 32))},
			Diagnostics{
				errAt(CodeBadCondition, at(50, 1), `meet-all condition in rule of task "a" in workflow "etl" has no name for the state that remembers met conditions`),
				errAt(CodeBadCondition, at(50, 1), `meet-all condition in rule of task "a" in workflow "etl" has an empty sub-condition`),
				errAt(CodeBadCondition, at(52, 1), `meet-all condition in rule of task "a" in workflow "etl" has no conditions`),
				errAt(CodeBadCondition, at(54, 1), `meet-any condition in rule of task "a" in workflow "etl" has no conditions`),
			}},
		{"custom condition", []*Workflow{rules(workflow("etl", bashTask("a", 10)),
			rule("a", Restart, &Condition{Kind: CustomCondition, Span: at(50, 1)}, 30),
			rule("a", Restart, &Condition{Kind: CustomCondition, File: "c.yaml", Class: "1C", Keys: []string{""}, Span: at(51, 1), Fields: Spans{{"file", at(51, 7)}}}, 31),
			rule("a", Restart, &Condition{Kind: CustomCondition, File: "c.py", Class: "C", Keys: []string{"k"}, Span: at(52, 1)}, 32))},
			Diagnostics{
				errAt(CodeBadCondition, at(50, 1), `custom condition in rule of task "a" in workflow "etl" has no file`),
				errAt(CodeBadCondition, at(50, 1), `custom condition in rule of task "a" in workflow "etl" has no class`),
				errAt(CodeBadCondition, at(50, 1), `custom condition in rule of task "a" in workflow "etl" has no expect_event_keys, so no event ever reaches it`),
				errAt(CodeBadCondition, at(51, 7), `custom condition in rule of task "a" in workflow "etl" has file "c.yaml", which is not a .py file`),
				errAt(CodeBadCondition, at(51, 1), `custom condition in rule of task "a" in workflow "etl" has class "1C", which is not a Python class name`),
				errAt(CodeBadCondition, at(51, 1), `custom condition in rule of task "a" in workflow "etl" has an empty event key in expect_event_keys`),
			}},
		{"unknown condition kind", []*Workflow{rules(workflow("etl", bashTask("a", 10)),
			rule("a", Stop, &Condition{Kind: "evnt", Span: at(50, 1)}, 30), rule("a", Stop, &Condition{Kind: "xyz", Span: at(51, 1)}, 31))},
			Diagnostics{
				errAt(CodeBadCondition, at(50, 1), `condition in rule of task "a" in workflow "etl" has unknown kind "evnt"; did you mean "event"?`),
				errAt(CodeBadCondition, at(51, 1), `condition in rule of task "a" in workflow "etl" has unknown kind "xyz"; expected event, task-status, all-met, meet-all, meet-any, custom or expression`),
			}},

		// triggers
		{"triggers", []*Workflow{workflow("up", bashTask("x", 10)), func() *Workflow {
			w := workflow("etl", bashTask("a", 10))
			w.Triggers = []*Trigger{
				{Condition: &Condition{Kind: TaskStatusCondition, Workflow: "up", Task: "x", Status: StatusSuccess, Span: at(70, 1)}, Span: at(70, 1)},
				{Condition: &Condition{Kind: TaskStatusCondition, Workflow: "up", Task: "y", Status: StatusSuccess, Span: at(71, 1)}, Span: at(71, 1)},
				{Condition: &Condition{Kind: TaskStatusCondition, Workflow: "elsewhere", Task: "y", Status: StatusSuccess, Span: at(72, 1)}, Span: at(72, 1)},
				{Condition: &Condition{Kind: TaskStatusCondition, Namespace: "ns2", Workflow: "up", Task: "x", Status: StatusSuccess, Span: at(73, 1)}, Span: at(73, 1)},
				{Condition: &Condition{Kind: AllMetCondition, Span: at(74, 1), Conditions: []*Condition{status("a", StatusFailed, 75)}}, Span: at(74, 1)},
				{Condition: status("b", StatusFailed, 76), Span: at(76, 1)},
				{Span: at(77, 1)},
				{Condition: event("", 78), Span: at(78, 1)},
			}
			return w
		}()}, Diagnostics{
			errAt(CodeUnknownTask, at(71, 1), `trigger of workflow "etl" names unknown task "y" of workflow "up"; did you mean "x"?`),
			errAt(CodeForeignTask, at(73, 1), `trigger of workflow "etl" waits on task "x" of workflow "up" in namespace "ns2", whose status events only reach triggers in namespace "ns2"`),
			errAt(CodeBadCondition, at(74, 1), `all-met condition in trigger of workflow "etl" reads the latest task runs of an execution, which a trigger does not have; use a meet-all condition over task-status conditions`),
			errAt(CodeUnknownTask, at(76, 9), `trigger of workflow "etl" names unknown task "b"; did you mean "a"?`),
			errAt(CodeBadCondition, at(77, 1), `trigger of workflow "etl" has no condition`),
			errAt(CodeBadCondition, at(78, 1), `event condition in trigger of workflow "etl" has an empty event key`),
		}},

		// cycles
		{"two-task cycle with a blocked task", []*Workflow{rules(workflow("etl", bashTask("a", 10), bashTask("b", 11), bashTask("c", 12), bashTask("d", 13)),
			rule("a", Start, status("b", StatusSuccess, 50), 30),
			rule("b", Start, status("a", StatusSuccess, 51), 31),
			rule("c", Start, status("b", StatusFailed, 52), 32),
			rule("d", Start, status("c", StatusSuccess, 53), 33))},
			Diagnostics{related(errAt(CodeCycle, at(10, 1), `tasks "a" -> "b" -> "a" in workflow "etl" wait on each other's status and can never start`),
				`"c", "d" wait on these tasks and can never start either`,
				Related{`"a" waits on the status of "b" here`, at(50, 9)},
				Related{`"b" waits on the status of "a" here`, at(51, 9)})}},
		{"self wait", []*Workflow{rules(workflow("etl", bashTask("a", 10)), rule("a", Start, status("a", StatusSuccess, 50), 30))},
			Diagnostics{related(errAt(CodeCycle, at(10, 1), `task "a" in workflow "etl" waits on its own status and can never start`), "",
				Related{`"a" waits on the status of "a" here`, at(50, 9)})}},
		{"three-task cycle through all-met and meet-any", []*Workflow{rules(workflow("etl", bashTask("x", 9), bashTask("a", 10), bashTask("b", 11), bashTask("c", 12)),
			rule("a", Start, &Condition{Kind: AllMetCondition, Span: at(50, 1), Conditions: []*Condition{status("x", StatusSuccess, 51), status("c", StatusSuccess, 52)}}, 30),
			rule("b", Start, &Condition{Kind: MeetAnyCondition, Span: at(53, 1), Conditions: []*Condition{status("a", StatusSuccess, 54), status("a", StatusFailed, 55)}}, 31),
			rule("c", Start, status("b", StatusSuccess, 56), 32),
			rule("c", Stop, event("halt", 57), 33))},
			Diagnostics{related(errAt(CodeCycle, at(10, 1), `tasks "a" -> "c" -> "b" -> "a" in workflow "etl" wait on each other's status and can never start`), "",
				Related{`"a" waits on the status of "c" here`, at(52, 9)},
				Related{`"c" waits on the status of "b" here`, at(56, 9)},
				Related{`"b" waits on the status of "a" here`, at(54, 9)})}},
		{"cycle broken by an event", []*Workflow{rules(workflow("etl", bashTask("a", 10), bashTask("b", 11)),
			rule("a", Start, status("b", StatusSuccess, 50), 30),
			rule("b", Start, &Condition{Kind: MeetAnyCondition, Span: at(51, 1), Conditions: []*Condition{status("a", StatusSuccess, 52), event("kick", 53)}}, 31))}, nil},
		{"cycle broken by a restart rule", []*Workflow{rules(workflow("etl", bashTask("a", 10), bashTask("b", 11)),
			rule("a", Start, status("b", StatusSuccess, 50), 30),
			rule("b", Start, status("a", StatusSuccess, 51), 31),
			rule("a", Restart, event("kick", 52), 32))}, nil},
		{"cycle broken by a periodic task", []*Workflow{rules(workflow("etl", func() *Task {
			t := bashTask("a", 10)
			t.PeriodicExpression = "interval@0 1 0 0"
			return t
		}(), bashTask("b", 11)),
			rule("a", Start, status("b", StatusSuccess, 50), 30),
			rule("b", Start, status("a", StatusSuccess, 51), 31))}, nil},
		{"meet-all in a cycle", []*Workflow{rules(workflow("etl", bashTask("a", 10), bashTask("b", 11)),
			rule("a", Start, &Condition{Kind: MeetAllCondition, Name: "s", Span: at(50, 1), Conditions: []*Condition{event("kick", 51), status("b", StatusSuccess, 52)}}, 30),
			rule("b", Start, status("a", StatusSuccess, 53), 31))},
			Diagnostics{related(errAt(CodeCycle, at(10, 1), `tasks "a" -> "b" -> "a" in workflow "etl" wait on each other's status and can never start`), "",
				Related{`"a" waits on the status of "b" here`, at(52, 9)},
				Related{`"b" waits on the status of "a" here`, at(53, 9)})}},
		{"two groups and a bigger knot", []*Workflow{rules(workflow("etl", bashTask("a", 10), bashTask("b", 11), bashTask("c", 12), bashTask("p", 13), bashTask("q", 14)),
			rule("q", Start, status("p", StatusSuccess, 50), 30),
			rule("p", Start, status("q", StatusSuccess, 51), 31),
			rule("a", Start, status("b", StatusSuccess, 52), 32),
			rule("b", Start, status("a", StatusSuccess, 53), 33),
			rule("b", Start, status("c", StatusSuccess, 54), 34),
			rule("c", Start, status("b", StatusSuccess, 55), 35))},
			Diagnostics{
				related(errAt(CodeCycle, at(10, 1), `tasks "a" -> "b" -> "a" in workflow "etl" wait on each other's status and can never start`), `"c" is also stuck in this cycle`,
					Related{`"a" waits on the status of "b" here`, at(52, 9)},
					Related{`"b" waits on the status of "a" here`, at(53, 9)}),
				related(errAt(CodeCycle, at(13, 1), `tasks "p" -> "q" -> "p" in workflow "etl" wait on each other's status and can never start`), "",
					Related{`"p" waits on the status of "q" here`, at(51, 9)},
					Related{`"q" waits on the status of "p" here`, at(50, 9)}),
			}},
		{"unknown task does not make a cycle", []*Workflow{rules(workflow("etl", bashTask("a", 10)),
			rule("a", Start, status("zz", StatusSuccess, 50), 30))},
			Diagnostics{errAt(CodeUnknownTask, at(50, 9), `rule of task "a" in workflow "etl" names unknown task "zz"`)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Validate(tc.ws)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Validate() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateNil checks that holes a front end may leave after an error do
// not crash the validator.
func TestValidateNil(t *testing.T) {
	w := rules(workflow("etl", nil, bashTask("a", 10)), nil, rule("a", Start, &Condition{Kind: MeetAnyCondition, Conditions: []*Condition{nil}}, 30))
	w.Schedules = []*Schedule{nil}
	w.Triggers = []*Trigger{nil}
	got := Validate([]*Workflow{nil, w})
	want := Diagnostics{errAt(CodeBadCondition, at(30, 1), `meet-any condition in rule of task "a" in workflow "etl" has an empty sub-condition`)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Validate() mismatch (-want +got):\n%s", diff)
	}
}

// TestValidateCodesDocumented keeps every code Validate emits in Codes.
func TestValidateCodesDocumented(t *testing.T) {
	known := map[Code]bool{}
	for _, c := range Codes {
		known[c.Code] = true
	}
	for _, c := range []Code{CodeBadName, CodeEmptyWorkflow, CodeDuplicateTask, CodeDuplicateWorkflow, CodeMissingArgument,
		CodeBadValue, CodeBadCallable, CodeBadExpression, CodeBadCron, CodeImpossibleCron, CodeNumericWeekday, CodeBadInterval,
		CodeUnknownTask, CodeForeignTask, CodeBadCondition, CodeCycle} {
		if !known[c] {
			t.Errorf("code %s is not in Codes", c)
		}
	}
}

// chain builds a workflow of n tasks where each task starts after the next
// one, the worst order for finding which tasks can start.
func chain(n int) *Workflow {
	w := &Workflow{Name: "bench", Namespace: DefaultNamespace}
	for i := range n {
		t := bashTask(fmt.Sprintf("t%03d", i), i+1)
		if i == 0 {
			t.PeriodicExpression = "cron@*/5 * * * *"
		}
		w.Tasks = append(w.Tasks, t)
	}
	for i := range n - 1 {
		next := fmt.Sprintf("t%03d", i+1)
		w.Rules = append(w.Rules, rule(fmt.Sprintf("t%03d", i), Start,
			&Condition{Kind: AllMetCondition, Conditions: []*Condition{status(next, StatusSuccess, i)}}, i))
	}
	return w
}

func TestValidateChain(t *testing.T) {
	if ds := Validate([]*Workflow{chain(100)}); len(ds) != 0 {
		t.Errorf("Validate(chain) = %v", ds)
	}
}

func BenchmarkValidate(b *testing.B) {
	ws := []*Workflow{chain(100)}
	for b.Loop() {
		Validate(ws)
	}
}

func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		kind, name, want string
	}{
		{"workflow", "etl", ""},
		{"task", "a.b", ""},
		{"namespace", "", "is empty"},
		{"namespace", ".", `must not be "." or ".."`},
		{"workflow", "..", `must not be "." or ".."`},
		{"namespace", "*", `must not be "*", which stands for any namespace`},
		{"workflow", "*", ""},
		{"task", strings.Repeat("x", MaxNameLen+1), "is longer than 256 bytes"},
		{"namespace", "a/b", `must not contain "/"`},
		{"namespace", `a\b`, `must not contain "\\"`},
		{"namespace", "a\x7fb", "must not contain control characters"},
		{"namespace", " a", "must not start or end with white space"},
	} {
		t.Run(tc.kind+"/"+tc.name, func(t *testing.T) {
			if got := CheckName(tc.kind, tc.name); got != tc.want {
				t.Errorf("CheckName(%q, %q) = %q, want %q", tc.kind, tc.name, got, tc.want)
			}
		})
	}
}
