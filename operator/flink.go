package operator

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aiflow-go/aiflow/internal/spell"
)

// Flink deployment targets (AIFlow §5). The first five run with flink run,
// the application targets with flink run-application.
const (
	TargetLocal                 = "local"
	TargetRemote                = "remote"
	TargetYarnPerJob            = "yarn-per-job"
	TargetYarnSession           = "yarn-session"
	TargetKubernetesSession     = "kubernetes-session"
	TargetYarnApplication       = "yarn-application"
	TargetKubernetesApplication = "kubernetes-application"
)

// Flink is FlinkOperator's kind.
const Flink Kind = "flink"

func init() {
	register(&Operator{Kind: Flink, Class: "FlinkOperator", Module: "ai_flow.operators.flink.flink_operator", Field: "flink",
		Doc: "Submits a Flink job with the flink command line.",
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
		},
		New: func() Args { return &FlinkArgs{} }})
}

// FlinkArgs are FlinkOperator's arguments (AIFlow §5).
type FlinkArgs struct {
	Application          string   `json:"application"`
	Target               string   `json:"target,omitempty"`
	ApplicationArgs      []string `json:"application_args,omitempty"`
	ExecutablePath       string   `json:"executable_path,omitempty"`
	ApplicationMode      bool     `json:"application_mode,omitempty"`
	StopWithSavepoint    bool     `json:"stop_with_savepoint,omitempty"`
	KubernetesClusterID  string   `json:"kubernetes_cluster_id,omitempty"`
	CommandOptions       string   `json:"command_options,omitempty"`
	JobsInfoPollInterval float64  `json:"jobs_info_poll_interval,omitempty"`
}

// flinkTargets are the targets of flink run; flinkAppTargets those of flink
// run-application.
var (
	flinkTargets    = []string{TargetLocal, TargetRemote, TargetYarnPerJob, TargetYarnSession, TargetKubernetesSession}
	flinkAppTargets = []string{TargetYarnApplication, TargetKubernetesApplication}
)

// Check checks the target against application_mode and the cluster id, as
// AIFlow does when the operator is built.
func (a *FlinkArgs) Check(report func(Problem)) {
	if a.Application == "" {
		report(missing("application"))
	}
	target := []string{"target"}
	switch {
	case a.Target != "" && !slices.Contains(flinkTargets, a.Target) && !slices.Contains(flinkAppTargets, a.Target):
		msg := fmt.Sprintf("has unknown target %q", a.Target)
		report(invalid(target, "%s", spell.Suggest(msg, a.Target, slices.Concat(flinkTargets, flinkAppTargets))))
	case a.ApplicationMode && a.Target == "":
		report(invalid([]string{"application_mode"}, "runs in application mode, which needs target %q or %q", TargetYarnApplication, TargetKubernetesApplication))
	case a.ApplicationMode && !slices.Contains(flinkAppTargets, a.Target):
		report(invalid(target, "runs in application mode, which needs target %q or %q, not %q", TargetYarnApplication, TargetKubernetesApplication, a.Target))
	case !a.ApplicationMode && slices.Contains(flinkAppTargets, a.Target):
		report(invalid(target, "has target %q, which needs application_mode", a.Target))
	case strings.HasPrefix(a.Target, "kubernetes-") && a.KubernetesClusterID == "":
		report(Problem{Kind: Missing, At: []string{"kubernetes_cluster_id", "target"}, Msg: fmt.Sprintf("has target %q, which needs kubernetes_cluster_id", a.Target)})
	}
	checkSeconds("jobs_info_poll_interval", a.JobsInfoPollInterval, report)
}

// flinkExecutable is the task's executable_path, else flink on PATH, else
// $FLINK_HOME/bin/flink.
func (a *FlinkArgs) executable(env Environment) (string, error) {
	return executable(env, a.ExecutablePath, "flink", true, "FLINK_HOME")
}

// onPath finds a helper command that a mode depends on.
func onPath(env Environment, name, why string) (string, error) {
	p, err := env.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s needs %q on PATH", why, name)
	}
	return p, nil
}

// Start builds flink run or flink run-application.
func (a *FlinkArgs) Start(r Run, env Environment) (Spec, error) {
	// AIFlow follows an application-mode job after its client exits, with
	// yarn or kubectl, and refuses to start one it could not follow. The
	// engine ends the try with the client (docs/engine.md, Limitations)
	// but keeps the refusal, so that such a task fails as it does in
	// AIFlow; kubectl also deletes the cluster when the task is stopped.
	switch {
	case a.ApplicationMode && a.Target == TargetYarnApplication:
		if _, err := onPath(env, "yarn", "tracking a yarn-application job"); err != nil {
			return Spec{}, err
		}
	case a.ApplicationMode:
		if _, err := onPath(env, "kubectl", "tracking a kubernetes-application job"); err != nil {
			return Spec{}, err
		}
	}
	opts, err := Split(a.CommandOptions)
	if err != nil {
		return Spec{}, fmt.Errorf("command_options: %w", err)
	}
	exe, err := a.executable(env)
	if err != nil {
		return Spec{}, err
	}
	args := []string{"run"}
	if a.ApplicationMode {
		args[0] = "run-application"
	}
	if a.Target != "" {
		args = append(args, "--target", a.Target)
	}
	switch a.Target {
	case TargetKubernetesSession:
		args = append(args, "-Dkubernetes.cluster-id="+a.KubernetesClusterID)
	case TargetKubernetesApplication:
		// As in AIFlow, the job outlives the application, so that flink
		// list can report its final status; stopping the task deletes it.
		args = append(args, "-Dexecution.shutdown-on-application-finish=false",
			"-Dkubernetes.cluster-id="+a.KubernetesClusterID)
	}
	args = append(args, opts...)
	args = append(args, r.resolve(env, a.Application))
	args = append(args, a.ApplicationArgs...)
	return Spec{Path: exe, Args: args}, nil
}

// flinkTargetOptions are the options that address the cluster of a running
// job in flink cancel, stop and list.
func (a *FlinkArgs) targetOptions(job JobInfo) ([]string, error) {
	switch a.Target {
	case TargetYarnSession, TargetYarnPerJob:
		if job.YarnApplicationID == "" {
			return nil, errors.New("the yarn application id is not known")
		}
		return []string{"-yid", job.YarnApplicationID}, nil
	case TargetYarnApplication:
		if job.YarnApplicationID == "" {
			return nil, errors.New("the yarn application id is not known")
		}
		return []string{"-t", a.Target, "-Dyarn.application.id=" + job.YarnApplicationID}, nil
	case TargetKubernetesSession, TargetKubernetesApplication:
		return []string{"-t", a.Target, "-Dkubernetes.cluster-id=" + a.KubernetesClusterID}, nil
	case "", TargetLocal:
		return nil, nil
	}
	return []string{"-t", a.Target}, nil
}

// Stop builds flink cancel (or flink stop, which takes a savepoint) for the
// job, and for kubernetes-application the deletion of the cluster's
// deployment, as AIFlow does after killing the flink client.
func (a *FlinkArgs) Stop(_ Run, env Environment, job JobInfo) ([]Spec, error) {
	if job.FlinkJobID == "" {
		return nil, errors.New("cannot stop the flink job: its job id is not known")
	}
	opts, err := a.targetOptions(job)
	if err != nil {
		return nil, fmt.Errorf("cannot stop flink job %s: %w", job.FlinkJobID, err)
	}
	exe, err := a.executable(env)
	if err != nil {
		return nil, err
	}
	verb := "cancel"
	if a.StopWithSavepoint {
		verb = "stop"
	}
	args := append([]string{verb}, opts...)
	specs := []Spec{{Path: exe, Args: append(args, job.FlinkJobID)}}
	if a.Target == TargetKubernetesApplication {
		del, err := a.deleteDeployment(env)
		if err != nil {
			return nil, err
		}
		specs = append(specs, del)
	}
	return specs, nil
}

// deleteDeployment removes the Kubernetes deployment of an application
// cluster, which outlives its job (execution.shutdown-on-application-finish
// is false).
func (a *FlinkArgs) deleteDeployment(env Environment) (Spec, error) {
	exe, err := onPath(env, "kubectl", "deleting kubernetes deployment "+a.KubernetesClusterID)
	if err != nil {
		return Spec{}, err
	}
	return Spec{Path: exe, Args: []string{"delete", "deployments/" + a.KubernetesClusterID}}, nil
}

var flinkJobRE = regexp.MustCompile(`^Job has been submitted with JobID ([0-9a-f]+)`)

// Parse reads the job id flink run prints and any yarn application id.
func (a *FlinkArgs) Parse(line string) JobInfo {
	var j JobInfo
	if m := flinkJobRE.FindStringSubmatch(line); m != nil {
		j.FlinkJobID = m[1]
	}
	j.YarnApplicationID = yarnAppRE.FindString(line)
	return j
}
