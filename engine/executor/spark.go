package executor

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aiflow-go/aiflow/ir"
)

// sparkMaster classifies a master URL the way the validator does.
type sparkMaster struct{ yarn, k8s bool }

func classify(master string) sparkMaster {
	m := strings.ToLower(master)
	return sparkMaster{yarn: strings.HasPrefix(m, "yarn"), k8s: strings.HasPrefix(m, "k8s://")}
}

// sparkSubmitArgs checks the deploy mode against the master and the
// Kubernetes namespace, as AIFlow does when the operator is built.
func sparkSubmitArgs(t *ir.Task) (*ir.SparkSubmitArgs, error) {
	a := t.SparkSubmit
	if a == nil || a.Application == "" {
		return nil, errors.New("application is empty")
	}
	m := strings.ToLower(a.Master)
	switch a.DeployMode {
	case "", "client":
	case "cluster":
		if strings.HasPrefix(m, "spark://") || strings.HasPrefix(m, "mesos://") {
			return nil, fmt.Errorf("deploy_mode \"cluster\" does not work with master %q; standalone and Mesos masters support only client mode", a.Master)
		}
	default:
		return nil, fmt.Errorf("unknown deploy_mode %q; expected \"client\" or \"cluster\"", a.DeployMode)
	}
	if classify(a.Master).k8s && a.K8sNamespace == "" {
		return nil, fmt.Errorf("master %q needs k8s_namespace", a.Master)
	}
	return a, nil
}

// sparkSubmit builds spark-submit. Environment variables reach the driver
// as spark.yarn.appMasterEnv.* (yarn, which also gets them in the
// spark-submit process, as AIFlow does) or spark.kubernetes.driverEnv.*
// (k8s) confs; other masters get them in the process environment in client
// mode only.
func sparkSubmit(t *ir.Task, r Run, env Environment) (Spec, error) {
	a, err := sparkSubmitArgs(t)
	if err != nil {
		return Spec{}, err
	}
	opts, err := Split(a.SubmitOptions)
	if err != nil {
		return Spec{}, fmt.Errorf("submit_options: %w", err)
	}
	exe, err := executable(env, a.ExecutablePath, "spark-submit", true, "SPARK_HOME")
	if err != nil {
		return Spec{}, err
	}
	var args []string
	if a.Master != "" {
		args = append(args, "--master", a.Master)
	}
	if a.DeployMode != "" {
		args = append(args, "--deploy-mode", a.DeployMode)
	}
	name := a.ApplicationName
	if name == "" {
		name = "spark_submit_task_" + t.Name
	}
	args = append(args, "--name", name)
	vars := sortedEnv(a.EnvVars)
	var procEnv []string
	m := classify(a.Master)
	switch {
	case len(vars) == 0:
	case m.yarn || m.k8s:
		prefix := "spark.kubernetes.driverEnv."
		if m.yarn {
			prefix = "spark.yarn.appMasterEnv."
			procEnv = vars
		}
		for _, kv := range vars {
			args = append(args, "--conf", prefix+kv)
		}
	case a.DeployMode == "" || a.DeployMode == "client":
		procEnv = vars
	}
	if m.k8s {
		args = append(args, "--conf", "spark.kubernetes.namespace="+a.K8sNamespace)
	}
	args = append(args, opts...)
	args = append(args, r.resolve(env, a.Application))
	args = append(args, a.ApplicationArgs...)
	return Spec{Path: exe, Args: args, Env: procEnv}, nil
}

// sparkSQL builds spark-sql -f for a .sql or .hql file, else -e with the SQL
// text. Like AIFlow it passes no --master (spark-sql runs in client mode with
// the cluster's defaults) and its executable is $SPARK_HOME/bin/spark-sql.
func sparkSQL(t *ir.Task, r Run, env Environment) (Spec, error) {
	a := t.SparkSQL
	if a == nil || strings.TrimSpace(a.SQL) == "" {
		return Spec{}, errors.New("sql is empty")
	}
	exe, err := executable(env, a.ExecutablePath, "spark-sql", false, "SPARK_HOME")
	if err != nil {
		return Spec{}, err
	}
	name := a.ApplicationName
	if name == "" {
		name = "spark_sql_task_" + t.Name
	}
	sql := strings.TrimSpace(a.SQL)
	flag := "-e"
	if strings.HasSuffix(sql, ".sql") || strings.HasSuffix(sql, ".hql") {
		flag, sql = "-f", r.resolve(env, sql)
	}
	return Spec{Path: exe, Args: []string{"--name", name, flag, sql}}, nil
}

// sparkStop kills what a spark-submit left running after its client is
// killed: the yarn application or the Kubernetes driver pod.
func sparkStop(t *ir.Task, env Environment, job JobInfo) ([]Spec, error) {
	a, err := sparkSubmitArgs(t)
	if err != nil {
		return nil, err
	}
	var specs []Spec
	if job.YarnApplicationID != "" {
		exe, err := onPath(env, "yarn", "killing yarn application "+job.YarnApplicationID)
		if err != nil {
			return nil, err
		}
		specs = append(specs, Spec{Path: exe, Args: []string{"application", "-kill", job.YarnApplicationID}})
	}
	if job.DriverPod != "" {
		exe, err := onPath(env, "kubectl", "deleting driver pod "+job.DriverPod)
		if err != nil {
			return nil, err
		}
		specs = append(specs, Spec{Path: exe, Args: []string{"delete", "pod", job.DriverPod, "-n", a.K8sNamespace}})
	}
	return specs, nil
}
