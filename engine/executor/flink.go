package executor

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aiflow-go/aiflow/internal/spell"
	"github.com/aiflow-go/aiflow/ir"
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

// flinkTargets are the targets of flink run.
var flinkTargets = []string{TargetLocal, TargetRemote, TargetYarnPerJob, TargetYarnSession, TargetKubernetesSession}

// flinkArgs checks the target against application_mode and the cluster id,
// as AIFlow does when the operator is built.
func flinkArgs(t *ir.Task) (*ir.FlinkArgs, error) {
	a := t.Flink
	if a == nil || a.Application == "" {
		return nil, errors.New("application is empty")
	}
	switch {
	case a.ApplicationMode:
		if a.Target != TargetYarnApplication && a.Target != TargetKubernetesApplication {
			return nil, fmt.Errorf("application_mode needs target %q or %q, not %q",
				TargetYarnApplication, TargetKubernetesApplication, a.Target)
		}
	case a.Target == TargetYarnApplication || a.Target == TargetKubernetesApplication:
		return nil, fmt.Errorf("target %q needs application_mode", a.Target)
	case a.Target != "" && !slices.Contains(flinkTargets, a.Target):
		if near := spell.Nearest(a.Target, flinkTargets); near != "" {
			return nil, fmt.Errorf("unknown target %q; did you mean %q?", a.Target, near)
		}
		return nil, fmt.Errorf("unknown target %q", a.Target)
	}
	if strings.HasPrefix(a.Target, "kubernetes-") && a.KubernetesClusterID == "" {
		return nil, fmt.Errorf("target %q needs kubernetes_cluster_id", a.Target)
	}
	return a, nil
}

// flinkExecutable is the task's executable_path, else flink on PATH, else
// $FLINK_HOME/bin/flink.
func flinkExecutable(a *ir.FlinkArgs, env Environment) (string, error) {
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

// flinkRun builds flink run or flink run-application.
func flinkRun(t *ir.Task, r Run, env Environment) (Spec, error) {
	a, err := flinkArgs(t)
	if err != nil {
		return Spec{}, err
	}
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
	exe, err := flinkExecutable(a, env)
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
func flinkTargetOptions(a *ir.FlinkArgs, job JobInfo) ([]string, error) {
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

// flinkStop builds flink cancel (or flink stop, which takes a savepoint) for
// the job, and for kubernetes-application the deletion of the cluster's
// deployment, as AIFlow does after killing the flink client.
func flinkStop(t *ir.Task, env Environment, job JobInfo) ([]Spec, error) {
	a, err := flinkArgs(t)
	if err != nil {
		return nil, err
	}
	if job.FlinkJobID == "" {
		return nil, errors.New("cannot stop the flink job: its job id is not known")
	}
	opts, err := flinkTargetOptions(a, job)
	if err != nil {
		return nil, fmt.Errorf("cannot stop flink job %s: %w", job.FlinkJobID, err)
	}
	exe, err := flinkExecutable(a, env)
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
		del, err := deleteDeployment(a, env)
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
func deleteDeployment(a *ir.FlinkArgs, env Environment) (Spec, error) {
	exe, err := onPath(env, "kubectl", "deleting kubernetes deployment "+a.KubernetesClusterID)
	if err != nil {
		return Spec{}, err
	}
	return Spec{Path: exe, Args: []string{"delete", "deployments/" + a.KubernetesClusterID}}, nil
}
