package ir

// Code is a stable kebab-case diagnostic identifier. Codes are part of the
// public interface (SARIF rule ids, scripts grepping output): never rename one.
type Code string

// Diagnostic codes. Codes describes each.
const (
	CodeSyntax                 Code = "syntax-error"
	CodeUnsupportedSyntax      Code = "unsupported-syntax"
	CodePythonError            Code = "python-error"
	CodeTaskOnlyImport         Code = "task-only-import"
	CodeStubbedImport          Code = "stubbed-import"
	CodeSandbox                Code = "sandbox-violation"
	CodeLoadBudget             Code = "load-budget-exceeded"
	CodeUnknownKey             Code = "unknown-key"
	CodeUnknownArgument        Code = "unknown-argument"
	CodeMissingArgument        Code = "missing-argument"
	CodeBadType                Code = "bad-type"
	CodeBadValue               Code = "bad-value"
	CodeDuplicateKey           Code = "duplicate-key"
	CodeDuplicateTask          Code = "duplicate-task"
	CodeDuplicateWorkflow      Code = "duplicate-workflow"
	CodeUnknownTask            Code = "unknown-task"
	CodeForeignTask            Code = "foreign-task"
	CodeCycle                  Code = "cycle"
	CodeBadExpression          Code = "bad-expression"
	CodeBadCron                Code = "bad-cron"
	CodeImpossibleCron         Code = "impossible-cron"
	CodeNumericWeekday         Code = "numeric-weekday"
	CodeBadInterval            Code = "bad-interval"
	CodeEmptyWorkflow          Code = "empty-workflow"
	CodeNoWorkflow             Code = "no-workflow"
	CodeTaskOutsideWorkflow    Code = "task-outside-workflow"
	CodeNestedWorkflow         Code = "nested-workflow"
	CodeOpsInMainBlock         Code = "ops-in-main-block"
	CodeBadName                Code = "bad-name"
	CodeBadCallable            Code = "bad-callable"
	CodeMissingFile            Code = "missing-file"
	CodeBadCondition           Code = "bad-condition"
	CodeBadConditionExpression Code = "bad-condition-expression"
	CodeFileError              Code = "file-error"
	CodeInternal               Code = "internal-error"
)

// CodeInfo describes a diagnostic code for documentation and SARIF rules.
type CodeInfo struct {
	Code     Code
	Severity Severity // the severity the code is normally reported with
	Summary  string
}

// Codes lists every diagnostic code, in documentation order.
var Codes = []CodeInfo{
	{CodeSyntax, Error, "The file is not valid Python or YAML."},
	{CodeUnsupportedSyntax, Error, "Python syntax that the definition loader does not support (walrus, match, async, ...)."},
	{CodePythonError, Error, "A Python exception was raised while the definition was loaded."},
	{CodeTaskOnlyImport, Error, "A library that only tasks may use (numpy, pyflink, ...) was used while the definition was loaded."},
	{CodeStubbedImport, Warning, "An import that is not a known library was replaced by a stub; it may be a typo."},
	{CodeSandbox, Error, "The definition tried to run a process, open a socket or write a file while loading."},
	{CodeLoadBudget, Error, "Loading the definition ran out of one of its budgets: steps (an endless loop?), memory (objects built without end?), time or memory of the server's check process, or size (over 2 MiB of source)."},
	{CodeUnknownKey, Error, "A YAML key that the format does not define."},
	{CodeUnknownArgument, Warning, "A keyword argument that the operator does not define; it is kept in the task's config."},
	{CodeMissingArgument, Error, "A required field or argument is missing."},
	{CodeBadType, Error, "A value has the wrong type."},
	{CodeBadValue, Error, "A value is not one of the allowed values or is out of range."},
	{CodeDuplicateKey, Error, "A YAML mapping defines the same key twice."},
	{CodeDuplicateTask, Error, "Two tasks of one workflow have the same name."},
	{CodeDuplicateWorkflow, Error, "Two workflows of one namespace have the same name."},
	{CodeUnknownTask, Error, "A rule or condition names a task that the workflow does not have."},
	{CodeForeignTask, Warning, "A rule waits on a task of another workflow, whose status events never reach this execution, so it never fires (as in AIFlow); a trigger waits on a task of another namespace (an error)."},
	{CodeCycle, Error, "Tasks wait on each other's status, so none of them can ever start."},
	{CodeBadExpression, Error, "A schedule expression is not cron@... or interval@...."},
	{CodeBadCron, Error, "A cron@ expression is not a valid 5-field crontab."},
	{CodeImpossibleCron, Error, "A cron@ expression can never fire (such as February 30)."},
	{CodeNumericWeekday, Warning, "A numeric day-of-week: aiflow-go reads 0 as Sunday, AIFlow read 0 as Monday."},
	{CodeBadInterval, Error, "An interval@ expression is not four non-negative numbers: days hours minutes seconds."},
	{CodeEmptyWorkflow, Error, "A workflow has no tasks."},
	{CodeNoWorkflow, Error, "A definition file declares no workflow."},
	{CodeTaskOutsideWorkflow, Error, "An operator was created outside a `with Workflow(...)` block."},
	{CodeNestedWorkflow, Error, "A workflow was defined inside another workflow."},
	{CodeOpsInMainBlock, Warning, "`ai_flow.ops` calls in an `if __name__ == \"__main__\":` block (schedules, triggers, a first run) do not run when the file is uploaded or validated; `aiflow workflow apply` runs them."},
	{CodeBadName, Error, "A workflow, task or namespace name is empty or contains characters that break event keys."},
	{CodeBadCallable, Error, "A PythonOperator callable is not a function the task runner can find."},
	{CodeMissingFile, Warning, "The `file` of a YAML python or custom task is not in the definition's folder (missing, outside it, or a link that leaves it): uploads include only that folder's files and those given with `-f`, so the task would fail when it runs."},
	{CodeBadCondition, Error, "A condition is malformed (no event keys, unknown status, ...), or a custom condition's class is missing, is not a Condition or has no is_met(self, event, context)."},
	{CodeBadConditionExpression, Error, "An expression condition has a CEL syntax or type error, such as a `when` that is not a bool or an update whose value the state cannot hold."},
	{CodeFileError, Error, "A definition file could not be read."},
	{CodeInternal, Error, "A bug in aiflow-go; please report it."},
}
