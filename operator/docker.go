package operator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Docker is DockerOperator's kind, an aiflow-go extension: it runs a
// container with docker run and stops it with docker stop.
const Docker Kind = "docker"

func init() {
	register(&Operator{Kind: Docker, Class: "DockerOperator", Module: "ai_flow.operators.docker", Field: "docker",
		Doc: "Runs a command in a container with docker run (an aiflow-go extension).",
		Args: []Arg{
			{Name: "image", Type: TString, Required: true, Doc: "The image to run: name[:tag] or name@digest."},
			{Name: "command", Type: TString, Doc: "The command to run instead of the image's default, split like a shell would (nothing is expanded; write sh -c '...' for that)."},
			{Name: "env", Type: TStrMap, Doc: "Environment variables of the container."},
			{Name: "volumes", Type: TStrings, Doc: "Mounts as docker run -v takes them: SOURCE:/container/path[:options]."},
			{Name: "network", Type: TString, Doc: "The network to connect the container to (docker run --network)."},
		},
		New: func() Args { return &DockerArgs{} }})
}

// DockerArgs are DockerOperator's arguments.
type DockerArgs struct {
	Image   string            `json:"image"`
	Command string            `json:"command,omitempty"`
	Env     map[string]string `json:"env,omitempty"`
	Volumes []string          `json:"volumes,omitempty"`
	Network string            `json:"network,omitempty"`
}

func (a *DockerArgs) Check(report func(Problem)) {
	switch {
	case strings.TrimSpace(a.Image) == "":
		report(missing("image"))
	case strings.ContainsAny(a.Image, " \t\n") || strings.HasPrefix(a.Image, "-"):
		report(invalid([]string{"image"}, "has image %q, which is not an image reference", a.Image))
	}
	if _, err := Split(a.Command); err != nil {
		report(invalid([]string{"command"}, "has command %q, which cannot be split into words: %v", a.Command, err))
	}
	for _, v := range a.Volumes {
		if src, dst, _ := strings.Cut(v, ":"); src == "" || !strings.HasPrefix(dst, "/") {
			report(invalid([]string{"volumes"}, "has volume %q; expected SOURCE:/container/path[:options]", v))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a.Env)) {
		if k == "" || strings.ContainsAny(k, "= \t\n") {
			report(invalid([]string{"env"}, "has env variable %q, which is not a variable name", k))
		}
	}
	if strings.HasPrefix(a.Network, "-") {
		report(invalid([]string{"network"}, "has network %q, which is not a network name", a.Network))
	}
}

// Start builds docker run for a container named after the try (see
// container), removed when it exits. Environment values travel in the
// docker client's environment and reach the container by name (--env KEY),
// so they never show in a process list; so do the AIFLOW_* variables of the
// run, which code in the container may read as a bash task's can.
func (a *DockerArgs) Start(r Run, env Environment) (Spec, error) {
	exe, err := onPath(env, "docker", "the docker operator")
	if err != nil {
		return Spec{}, err
	}
	words, err := Split(a.Command)
	if err != nil {
		return Spec{}, fmt.Errorf("command: %w", err)
	}
	args := []string{"run", "--rm", "--name", container(r),
		"--label", "aiflow.workflow=" + r.Workflow, "--label", "aiflow.execution=" + strconv.FormatInt(r.Execution, 10),
		"--label", "aiflow.task=" + r.Task}
	vars := sortedEnv(a.Env)
	for _, kv := range append(vars, r.ContextEnv()...) {
		k, _, _ := strings.Cut(kv, "=")
		args = append(args, "--env", k)
	}
	for _, v := range a.Volumes {
		args = append(args, "--volume", v)
	}
	if a.Network != "" {
		args = append(args, "--network", a.Network)
	}
	args = append(args, a.Image)
	return Spec{Path: exe, Args: append(args, words...), Env: vars}, nil
}

// Stop stops the container: killing docker run ends the client, not the
// container it started.
func (a *DockerArgs) Stop(r Run, env Environment, _ JobInfo) ([]Spec, error) {
	exe, err := onPath(env, "docker", "stopping container "+container(r))
	if err != nil {
		return nil, err
	}
	return []Spec{{Path: exe, Args: []string{"stop", container(r)}}}, nil
}

// container names the container of try r: readable in docker ps, unique per
// try, and per install through a hash of the run's folder.
func container(r Run) string {
	sum := sha256.Sum256([]byte(r.WorkDir + "\x00" + strconv.Itoa(r.Try)))
	name := fmt.Sprintf("aiflow-%s-%d-%s-%d-%d", r.Workflow, r.Execution, r.Task, r.Seq, r.Try)
	b := []byte(name)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			b[i] = '_'
		}
	}
	if len(b) > 100 {
		b = b[:100]
	}
	return string(b) + "-" + hex.EncodeToString(sum[:4])
}
