package ir

// ArgType is the type of an operator argument as both front ends accept it.
type ArgType string

// Argument types.
const (
	TString   ArgType = "string"
	TBool     ArgType = "boolean"
	TNumber   ArgType = "number"  // seconds, intervals
	TInt      ArgType = "integer" // counts
	TStrings  ArgType = "string-list"
	TStrMap   ArgType = "string-map"
	TList     ArgType = "list"
	TMap      ArgType = "map"
	TCallable ArgType = "callable"
)

// Arg describes one operator argument, under its AIFlow keyword name.
type Arg struct {
	Name     string
	Type     ArgType
	Required bool
	Default  any // filled in when the argument is omitted; nil = none
	Doc      string
}

// OperatorSpec describes an operator: its AIFlow class and arguments.
type OperatorSpec struct {
	Kind   Operator
	Class  string // the ai_flow class name
	Module string // the ai_flow module that defines Class
	Doc    string
	Args   []Arg
}

// Arg returns the argument with the given name, or nil.
func (s *OperatorSpec) Arg(name string) *Arg {
	for i := range s.Args {
		if s.Args[i].Name == name {
			return &s.Args[i]
		}
	}
	return nil
}

// CommonArgs are accepted by every operator; aiflow-go adds retries and
// timeouts to AIFlow's periodic_expression.
var CommonArgs = []Arg{
	{Name: "periodic_expression", Type: TString, Doc: "Restart the task on a schedule: cron@<5 fields> or interval@<days> <hours> <minutes> <seconds>."},
	{Name: "retries", Type: TInt, Doc: "How many times a failed run is tried again before the task is FAILED."},
	{Name: "retry_delay", Type: TNumber, Doc: "Seconds to wait before a retry."},
	{Name: "retry_exponential_backoff", Type: TBool, Doc: "Double the retry delay after every failed try."},
	{Name: "timeout", Type: TNumber, Doc: "Seconds after which a run is killed and FAILED; 0 means no timeout."},
}

// Operators lists the built-in operators in documentation order.
var Operators = []*OperatorSpec{
	{Kind: Bash, Class: "BashOperator", Module: "ai_flow.operators.bash", Doc: "Runs a command with bash -c in its own process group.",
		Args: []Arg{
			{Name: "bash_command", Type: TString, Required: true, Doc: "The command, run with bash -c."},
			{Name: "env", Type: TStrMap, Doc: "Extra environment variables for the command."},
			{Name: "cwd", Type: TString, Doc: "Working directory; default is a fresh per-run directory that is kept."},
		}},
	{Kind: Python, Class: "PythonOperator", Module: "ai_flow.operators.python", Doc: "Calls a module-level Python function under CPython.",
		Args: []Arg{
			{Name: "python_callable", Type: TCallable, Required: true, Doc: "The function to call; in YAML, its name in `file`."},
			{Name: "op_args", Type: TList, Doc: "Positional arguments for the callable."},
			{Name: "op_kwargs", Type: TMap, Doc: "Keyword arguments for the callable."},
		}},
	{Kind: Flink, Class: "FlinkOperator", Module: "ai_flow.operators.flink.flink_operator", Doc: "Submits a Flink job with the flink command line.",
		Args: []Arg{
			{Name: "application", Type: TString, Required: true, Doc: "The job jar or Python file."},
			{Name: "target", Type: TString, Doc: "Deployment target: local, remote, yarn-per-job, yarn-session, kubernetes-session, yarn-application or kubernetes-application."},
			{Name: "application_args", Type: TStrings, Doc: "Arguments passed to the application."},
			{Name: "executable_path", Type: TString, Doc: "Path of the flink executable; default flink on PATH, then $FLINK_HOME/bin/flink."},
			{Name: "application_mode", Type: TBool, Default: false, Doc: "Use flink run-application."},
			{Name: "stop_with_savepoint", Type: TBool, Default: false, Doc: "Stop the job with a savepoint instead of cancelling it."},
			{Name: "kubernetes_cluster_id", Type: TString, Doc: "Cluster id for the kubernetes targets."},
			{Name: "command_options", Type: TString, Doc: "Extra options for flink run, split like a shell would."},
			{Name: "jobs_info_poll_interval", Type: TNumber, Default: 1.0, Doc: "Seconds between job status polls in application mode."},
		}},
	{Kind: SparkSubmit, Class: "SparkSubmitOperator", Module: "ai_flow.operators.spark.spark_submit", Doc: "Submits a Spark application with spark-submit.",
		Args: []Arg{
			{Name: "application", Type: TString, Required: true, Doc: "The application jar or Python file."},
			{Name: "application_args", Type: TStrings, Doc: "Arguments passed to the application."},
			{Name: "executable_path", Type: TString, Doc: "Path of spark-submit; default spark-submit on PATH."},
			{Name: "master", Type: TString, Default: "yarn", Doc: "Spark master URL."},
			{Name: "deploy_mode", Type: TString, Default: "client", Doc: "client or cluster."},
			{Name: "application_name", Type: TString, Doc: "Spark application name; default spark_submit_task_<task name>."},
			{Name: "submit_options", Type: TString, Doc: "Extra spark-submit options, split like a shell would."},
			{Name: "k8s_namespace", Type: TString, Doc: "Kubernetes namespace; required with a k8s:// master."},
			{Name: "env_vars", Type: TStrMap, Doc: "Environment variables for the driver."},
		}},
	{Kind: SparkSQL, Class: "SparkSqlOperator", Module: "ai_flow.operators.spark.spark_sql", Doc: "Runs SQL with spark-sql.",
		Args: []Arg{
			{Name: "sql", Type: TString, Required: true, Doc: "The SQL text, or a .sql/.hql file to run."},
			{Name: "master", Type: TString, Default: "yarn", Doc: "Spark master URL."},
			{Name: "application_name", Type: TString, Doc: "Spark application name; default spark_sql_task_<task name>."},
			{Name: "executable_path", Type: TString, Doc: "Path of spark-sql; default $SPARK_HOME/bin/spark-sql."},
		}},
}

// OperatorByKind returns the spec of a built-in operator, or nil.
func OperatorByKind(k Operator) *OperatorSpec {
	for _, s := range Operators {
		if s.Kind == k {
			return s
		}
	}
	return nil
}

// ArgsField returns the JSON name of the Task field that holds an operator's
// arguments ("bash", "spark_submit", ...), which also prefixes the names of
// their field spans ("bash.bash_command"); "" for operators without one.
func ArgsField(k Operator) string {
	switch k {
	case Bash:
		return "bash"
	case Python:
		return "python"
	case Flink:
		return "flink"
	case SparkSubmit:
		return "spark_submit"
	case SparkSQL:
		return "spark_sql"
	case Custom:
		return "custom"
	}
	return ""
}
