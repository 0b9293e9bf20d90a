package operator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/aiflow-go/aiflow/internal/spell"
)

// SparkSubmit is SparkSubmitOperator's kind.
const SparkSubmit Kind = "spark-submit"

func init() {
	register(&Operator{Kind: SparkSubmit, Class: "SparkSubmitOperator", Module: "ai_flow.operators.spark.spark_submit", Field: "spark_submit",
		Doc: "Submits a Spark application with spark-submit.",
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
		},
		New: func() Args { return &SparkSubmitArgs{} }})
}

// SparkSubmitArgs are SparkSubmitOperator's arguments (AIFlow §5). Defaults
// (master yarn, deploy mode client, application name) are filled in.
type SparkSubmitArgs struct {
	Application     string            `json:"application"`
	ApplicationArgs []string          `json:"application_args,omitempty"`
	ExecutablePath  string            `json:"executable_path,omitempty"`
	Master          string            `json:"master"`
	DeployMode      string            `json:"deploy_mode"`
	ApplicationName string            `json:"application_name"`
	SubmitOptions   string            `json:"submit_options,omitempty"`
	K8sNamespace    string            `json:"k8s_namespace,omitempty"`
	EnvVars         map[string]string `json:"env_vars,omitempty"`
}

// sparkMaster classifies a master URL.
type sparkMaster struct{ yarn, k8s bool }

func classify(master string) sparkMaster {
	m := strings.ToLower(master)
	return sparkMaster{yarn: strings.HasPrefix(m, "yarn"), k8s: strings.HasPrefix(m, "k8s://")}
}

// Check checks the deploy mode against the master and the Kubernetes
// namespace, as AIFlow does when the operator is built.
func (a *SparkSubmitArgs) Check(report func(Problem)) {
	if a.Application == "" {
		report(missing("application"))
	}
	switch a.DeployMode {
	case "", "client":
	case "cluster":
		m := strings.ToLower(a.Master)
		if strings.HasPrefix(m, "spark://") || strings.HasPrefix(m, "mesos://") {
			report(invalid([]string{"deploy_mode"}, "uses deploy_mode \"cluster\" with master %q; standalone and Mesos masters support only client mode", a.Master))
		}
	default:
		msg := fmt.Sprintf("has unknown deploy_mode %q", a.DeployMode)
		report(invalid([]string{"deploy_mode"}, "%s", spell.Suggest(msg, a.DeployMode, []string{"client", "cluster"})))
	}
	if classify(a.Master).k8s && a.K8sNamespace == "" {
		report(Problem{Kind: Missing, At: []string{"master"}, Msg: fmt.Sprintf("has master %q, which needs k8s_namespace", a.Master)})
	}
}

// Fill names the application after the task.
func (a *SparkSubmitArgs) Fill(task string) {
	if a.ApplicationName == "" {
		a.ApplicationName = "spark_submit_task_" + task
	}
}

// Start builds spark-submit. Environment variables reach the driver
// as spark.yarn.appMasterEnv.* (yarn, which also gets them in the
// spark-submit process, as AIFlow does) or spark.kubernetes.driverEnv.*
// (k8s) confs; other masters get them in the process environment in client
// mode only.
func (a *SparkSubmitArgs) Start(r Run, env Environment) (Spec, error) {
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
	if a.ApplicationName != "" {
		args = append(args, "--name", a.ApplicationName)
	}
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

// Stop kills what a spark-submit left running after its client is killed:
// the yarn application or the Kubernetes driver pod.
func (a *SparkSubmitArgs) Stop(_ Run, env Environment, job JobInfo) ([]Spec, error) {
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

var (
	driverPodRE = regexp.MustCompile(`pod name: (\S+-driver)\b`)
	exitCodeRE  = regexp.MustCompile(`[eE]xit code: (\d+)`)
)

// Parse reads the yarn application id (yarn master, cluster mode) or the
// driver pod and its exit code (k8s master).
func (a *SparkSubmitArgs) Parse(line string) JobInfo {
	var j JobInfo
	switch m := classify(a.Master); {
	case m.yarn && a.DeployMode == "cluster":
		j.YarnApplicationID = yarnAppRE.FindString(line)
	case m.k8s:
		if p := driverPodRE.FindStringSubmatch(line); p != nil {
			j.DriverPod = p[1]
		}
		if c := exitCodeRE.FindStringSubmatch(line); c != nil {
			if n, err := strconv.Atoi(c[1]); err == nil {
				j.ExitCode = &n
			}
		}
	}
	return j
}
