package operator

import "strings"

// SparkSQL is SparkSqlOperator's kind.
const SparkSQL Kind = "spark-sql"

func init() {
	register(&Operator{Kind: SparkSQL, Class: "SparkSqlOperator", Module: "ai_flow.operators.spark.spark_sql", Field: "spark_sql",
		Doc: "Runs SQL with spark-sql.",
		Args: []Arg{
			{Name: "sql", Type: TString, Required: true, Doc: "The SQL text, or a .sql/.hql file to run."},
			{Name: "master", Type: TString, Default: "yarn", Doc: "Spark master URL."},
			{Name: "application_name", Type: TString, Doc: "Spark application name; default spark_sql_task_<task name>."},
			{Name: "executable_path", Type: TString, Doc: "Path of spark-sql; default $SPARK_HOME/bin/spark-sql."},
		},
		New: func() Args { return &SparkSQLArgs{} }})
}

// SparkSQLArgs are SparkSqlOperator's arguments (AIFlow §5).
type SparkSQLArgs struct {
	SQL             string `json:"sql"`
	Master          string `json:"master"`
	ApplicationName string `json:"application_name"`
	ExecutablePath  string `json:"executable_path,omitempty"`
}

func (a *SparkSQLArgs) Check(report func(Problem)) {
	if strings.TrimSpace(a.SQL) == "" {
		report(missing("sql"))
	}
}

// Fill names the application after the task.
func (a *SparkSQLArgs) Fill(task string) {
	if a.ApplicationName == "" {
		a.ApplicationName = "spark_sql_task_" + task
	}
}

// Start builds spark-sql -f for a .sql or .hql file, else -e with the SQL
// text. Like AIFlow it passes no --master (spark-sql runs in client mode with
// the cluster's defaults) and its executable is $SPARK_HOME/bin/spark-sql.
func (a *SparkSQLArgs) Start(r Run, env Environment) (Spec, error) {
	exe, err := executable(env, a.ExecutablePath, "spark-sql", false, "SPARK_HOME")
	if err != nil {
		return Spec{}, err
	}
	var args []string
	if a.ApplicationName != "" {
		args = []string{"--name", a.ApplicationName}
	}
	sql := strings.TrimSpace(a.SQL)
	flag := "-e"
	if strings.HasSuffix(sql, ".sql") || strings.HasSuffix(sql, ".hql") {
		flag, sql = "-f", r.resolve(env, sql)
	}
	return Spec{Path: exe, Args: append(args, flag, sql)}, nil
}
