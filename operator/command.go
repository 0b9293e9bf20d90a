package operator

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Spec is one command to execute.
type Spec struct {
	// Path is the executable, an absolute path or a name the runner looks up
	// on PATH ("bash", "kubectl", "yarn").
	Path string
	// Args are the arguments after the program name (argv[1:]).
	Args []string
	// Env holds KEY=VALUE entries added to the runner's own environment; a
	// later entry wins over an earlier one and over the inherited value
	// (see Environ).
	Env []string
	// Dir is the working directory; empty means the runner's own.
	Dir string
}

// Environ returns the complete environment of the command: base (the
// runner's own, os.Environ()) with Env applied over it. Each key appears
// once, where it first appeared, with its last value.
func (s Spec) Environ(base []string) []string {
	out := make([]string, 0, len(base)+len(s.Env))
	at := map[string]int{}
	for _, kv := range slices.Concat(base, s.Env) {
		k, _, _ := strings.Cut(kv, "=")
		if i, ok := at[k]; ok {
			out[i] = kv
			continue
		}
		at[k] = len(out)
		out = append(out, kv)
	}
	return out
}

// Argv returns the whole command line, Path first.
func (s Spec) Argv() []string {
	return append([]string{s.Path}, s.Args...)
}

// Run is the context of one try of one task run: who runs it and where.
type Run struct {
	// Server is the API address task code talks to (AIFLOW_SERVER).
	Server    string
	Namespace string
	Workflow  string
	// Execution is the workflow execution id.
	Execution int64
	Task      string
	// Seq is the run's sequence number (1, 2, ... per task of an execution).
	Seq int
	// Try is 1 for the first try and counts up with retries.
	Try int
	// WorkDir is the per-run working directory, created and kept by the
	// runner; commands run in it unless the task names its own cwd.
	WorkDir string
	// SnapshotDir is the folder of the execution's workflow snapshot: the
	// definition file and the files uploaded with it. A relative
	// application or SQL file path that names a file there is resolved
	// against it, so `workflow upload wf.py --files app.jar` and
	// application="app.jar" go together.
	SnapshotDir string
	// Params are the execution's parameters (see ParamVar); they must
	// pass CheckParams.
	Params map[string]string
}

// resolve returns p inside the snapshot when p is a relative path (not a
// URI such as hdfs://x or local:///x) of a file the snapshot holds, else p.
func (r Run) resolve(env Environment, p string) string {
	if r.SnapshotDir == "" || p == "" || filepath.IsAbs(p) || strings.Contains(p, "://") {
		return p
	}
	if q := filepath.Join(r.SnapshotDir, p); env.IsFile(q) {
		return q
	}
	return p
}

// Context variables a task process finds in its environment; `aiflow event
// send` and the embedded Python client read them (decisions.md Fix 13).
const (
	EnvServer    = "AIFLOW_SERVER"
	EnvNamespace = "AIFLOW_NAMESPACE"
	EnvWorkflow  = "AIFLOW_WORKFLOW"
	EnvExecution = "AIFLOW_EXECUTION_ID"
	EnvTask      = "AIFLOW_TASK"
	EnvSeq       = "AIFLOW_SEQUENCE_NUMBER"
	EnvTry       = "AIFLOW_TRY_NUMBER"
)

// ContextEnv returns the AIFLOW_* variables of run r, in a fixed order:
// the run's, then its execution's parameters.
func (r Run) ContextEnv() []string {
	return append([]string{
		EnvServer + "=" + r.Server,
		EnvNamespace + "=" + r.Namespace,
		EnvWorkflow + "=" + r.Workflow,
		EnvExecution + "=" + strconv.FormatInt(r.Execution, 10),
		EnvTask + "=" + r.Task,
		EnvSeq + "=" + strconv.Itoa(r.Seq),
		EnvTry + "=" + strconv.Itoa(r.Try),
	}, paramsEnv(r.Params)...)
}

// Environment is what the builders may learn about the host; every field
// must be set. Tests supply fakes so that no result depends on the
// machine's PATH.
type Environment struct {
	// Getenv returns an environment variable (FLINK_HOME, SPARK_HOME), ""
	// when unset.
	Getenv func(key string) string
	// LookPath finds an executable on PATH, as exec.LookPath does.
	LookPath func(file string) (string, error)
	// IsFile reports whether path names an existing file.
	IsFile func(path string) bool
}

// Host returns the Environment of the running process.
func Host() Environment {
	return Environment{
		Getenv:   os.Getenv,
		LookPath: exec.LookPath,
		IsFile: func(path string) bool {
			fi, err := os.Stat(path)
			return err == nil && !fi.IsDir()
		},
	}
}

// ErrNoProcess is returned by Start for a task that runs no process (a plain
// ai_flow Operator, Noop): the run succeeds at once.
var ErrNoProcess = errors.New("the task runs no process and succeeds at once")

// ErrNeedsRunner is returned by Start for PythonOperator and custom operator
// tasks: they run under CPython through the task runner, which the caller
// starts instead of a Spec of this package.
var ErrNeedsRunner = errors.New("python tasks need the python task runner")

// Start returns the command that runs try r of a task of kind k with
// arguments a. It fails with ErrNoProcess (noop tasks), ErrNeedsRunner
// (python and custom tasks), or an error that says which argument is wrong
// or which executable is missing.
func Start(k Kind, a Args, r Run, env Environment) (Spec, error) {
	o := Lookup(k)
	switch {
	case o == nil:
		return Spec{}, fmt.Errorf("task %q has unknown operator %q", r.Task, k)
	case o.New == nil:
		return Spec{}, ErrNoProcess
	case a == nil:
		a = o.New()
	}
	if err := refused(k, a, r.Task); err != nil {
		return Spec{}, err
	}
	s, err := a.Start(r, env)
	if err != nil {
		return Spec{}, fmt.Errorf("%s task %q: %w", k, r.Task, err)
	}
	if s.Dir == "" {
		s.Dir = r.WorkDir
	}
	// The context comes last so that task code always reaches the execution
	// that runs it, whatever the task's own env says (decisions.md Keep 5).
	s.Env = append(s.Env, r.ContextEnv()...)
	return s, nil
}

// refused returns the first problem of the arguments as an error: a stored
// definition was checked when it was uploaded, but its checks may have
// grown since.
func refused(k Kind, a Args, task string) error {
	var err error
	a.Check(func(p Problem) {
		if err == nil {
			err = fmt.Errorf("%s task %q %s", k, task, p.Msg)
		}
	})
	return err
}

// sortedEnv returns m as KEY=VALUE entries ordered by key, so that argv and
// environments are deterministic.
func sortedEnv(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	env := make([]string, 0, len(keys))
	for _, k := range keys {
		env = append(env, k+"="+m[k])
	}
	return env
}

// executable resolves a command: the task's explicit path (looked up on PATH
// when it has no slash), else name on PATH when onPath is set, else
// $home/bin/name.
func executable(env Environment, explicit, name string, onPath bool, home string) (string, error) {
	if explicit != "" {
		if !strings.Contains(explicit, "/") {
			p, err := env.LookPath(explicit)
			if err != nil {
				return "", fmt.Errorf("executable_path %q is not on PATH", explicit)
			}
			return p, nil
		}
		if !env.IsFile(explicit) {
			return "", fmt.Errorf("executable_path %q does not exist", explicit)
		}
		return explicit, nil
	}
	if onPath {
		if p, err := env.LookPath(name); err == nil {
			return p, nil
		}
	}
	where := ""
	if onPath {
		where = " on PATH or"
	}
	dir := env.Getenv(home)
	if dir == "" {
		return "", fmt.Errorf("cannot find %s%s in $%s/bin: %s is not set (or set executable_path)", name, where, home, home)
	}
	p := strings.TrimSuffix(dir, "/") + "/bin/" + name
	if !env.IsFile(p) {
		return "", fmt.Errorf("cannot find %s%s at %q (or set executable_path)", name, where, p)
	}
	return p, nil
}

// Stoppable reports whether a stopped run of a task with arguments a may
// leave something behind that Stop knows how to stop.
func Stoppable(a Args) bool {
	_, ok := a.(Stopper)
	return ok
}

// Stop returns the commands that end what try r of a task of kind k left
// outside its own process group, to run after the group is killed (see
// Stopper); job is what the run's output told (JobInfo.Scan).
func Stop(k Kind, a Args, r Run, env Environment, job JobInfo) ([]Spec, error) {
	s, ok := a.(Stopper)
	if !ok {
		return nil, nil
	}
	if err := refused(k, a, r.Task); err != nil {
		return nil, err
	}
	specs, err := s.Stop(r, env, job)
	if err != nil {
		return nil, fmt.Errorf("%s task %q: %w", k, r.Task, err)
	}
	for i := range specs {
		specs[i].Dir = r.WorkDir
	}
	return specs, nil
}
