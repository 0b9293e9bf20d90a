// Package pyrun runs PythonOperator and custom operator tasks under a real
// CPython, the way AIFlow's task manager does (aiflow-reference.md §3.13,
// §5): the workflow definition is executed again in a Python subprocess,
// the workflow and task are looked up by name, and the task's operator runs
// there — python_callable(*op_args, **op_kwargs) for a PythonOperator,
// start(context) then await_termination(context) for a user subclass of
// AIFlowOperator, stop(context) on SIGTERM. A YAML definition cannot be
// executed: its python and custom tasks name a Python file and the
// function or class in it, which the runner imports instead.
//
// The Python side is a runtime folder that Install writes once: the
// definition shim (the ai_flow and notification_service packages that
// definition files import, pydef/shim) with the run-time modules of this
// package laid over it, and the runner script. In a task the notification
// clients are real: AIFlowNotificationClient and EmbeddedNotificationClient
// talk to the aiflow-go server of AIFLOW_SERVER over its HTTP API, with the
// standard library only, and send AIFlow's namespace, sender and context
// (reference §4.3). The runner reads the execution context from the
// AIFLOW_* variables the caller puts in the environment
// (executor.Run.ContextEnv) and the API token from AIFLOW_TOKEN.
//
// The same folder is what `aiflow python-path` gives a user's own CPython:
// outside a task, ai_flow.ops talks to the server of AIFLOW_SERVER, else
// of the configuration's server_address, over the HTTP API (the shim's ops
// functions with the runtime's binding, ai_flow/ops/_binding.py); the
// runner refuses it in task code.
package pyrun

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/aiflow-go/aiflow/operator"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// runtimeFS holds the runner script and the run-time modules that replace
// shim modules of the same path (or add new ones).
//
//go:embed all:runtime
var runtimeFS embed.FS

// Runner is the runner script's name inside the runtime folder.
const Runner = "aiflow_task.py"

// Exit statuses of the runner.
const (
	// ExitFailed: the task raised; its traceback is on stderr.
	ExitFailed = 1
	// ExitLoad: the task could not be loaded: the definition raised, or it
	// has no such workflow or task, or the task has no start().
	ExitLoad = 2
	// ExitStopped: the run was stopped by SIGTERM after stop(context).
	ExitStopped = 143
)

// Install writes the Python runtime into a folder under dir named after a
// hash of its content and returns that folder. shim holds the definition
// shim's packages at its root (ai_flow/, notification_service/): pydef's
// embedded shim. An existing folder of the same content is reused, so
// every process of one binary shares one; the folder appears atomically
// (written aside, then renamed), so concurrent installs are safe.
func Install(dir string, shim fs.FS) (root string, err error) {
	files, err := collect(shim)
	if err != nil {
		return "", err
	}
	// Tasks run in their own working directories: the root must not
	// depend on this process's.
	if dir, err = filepath.Abs(dir); err != nil {
		return "", fmt.Errorf("install the python runtime: %w", err)
	}
	root = filepath.Join(dir, "python-"+digest(files))
	if fi, err := os.Stat(root); err == nil && fi.IsDir() {
		return root, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("install the python runtime: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, ".python-*")
	if err != nil {
		return "", fmt.Errorf("install the python runtime: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", fmt.Errorf("install the python runtime: %w", err)
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return "", fmt.Errorf("install the python runtime: %w", err)
		}
	}
	// MkdirTemp makes 0700; other users of the machine may run tasks too.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", fmt.Errorf("install the python runtime: %w", err)
	}
	if err := os.Rename(tmp, root); err != nil {
		// Another process installed the same content first.
		if fi, serr := os.Stat(root); serr == nil && fi.IsDir() {
			return root, nil
		}
		return "", fmt.Errorf("install the python runtime: %w", err)
	}
	return root, nil
}

// collect returns the files of the runtime folder by slash path: the
// shim's Python files, then the run-time files over them.
func collect(shim fs.FS) (map[string][]byte, error) {
	files := map[string][]byte{}
	add := func(fsys fs.FS, base string) error {
		return fs.WalkDir(fsys, base, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || path.Ext(p) != ".py" {
				return err
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			rel := p
			if base != "." {
				rel = strings.TrimPrefix(p, base+"/")
			}
			files[rel] = b
			return nil
		})
	}
	if err := add(shim, "."); err != nil {
		return nil, fmt.Errorf("read the definition shim: %w", err)
	}
	if _, ok := files["ai_flow/_capture.py"]; !ok {
		return nil, errors.New("read the definition shim: ai_flow/_capture.py is missing")
	}
	if err := add(runtimeFS, "runtime"); err != nil {
		return nil, fmt.Errorf("read the python runtime: %w", err)
	}
	return files, nil
}

// digest names a set of files by their paths and contents.
func digest(files map[string][]byte) string {
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(files[name]))
		h.Write(files[name])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Task names the task a runner runs.
type Task struct {
	// SnapshotDir is the folder of the execution's snapshot: the definition
	// and the files uploaded with it.
	SnapshotDir string
	// File is the definition file, relative to SnapshotDir (the upload's
	// source name).
	File string
	// Workflow and Task are the names of the workflow and of its task.
	Workflow string
	Task     string
	// Kind and Args are the task's operator. A Python definition is
	// executed again and its own operator object runs, so they are only
	// read for other definitions (YAML), whose python and custom tasks
	// name a Python file and the function or class in it.
	Kind operator.Kind
	Args operator.Args
}

// Command returns the command line that runs task t under python (an
// executable name looked up on PATH or a path; "" means python3), with
// the runtime installed at root. The caller runs it in the run's working
// directory with the AIFLOW_* context variables and AIFLOW_TOKEN in the
// environment. It fails when python cannot be found.
func Command(python, root string, t Task) ([]string, error) {
	if python == "" {
		python = "python3"
	}
	exe, err := exec.LookPath(python)
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("python executable %q not found on PATH; install Python 3 or set python_executable in aiflow_server.yaml", python)
		}
		return nil, fmt.Errorf("python executable %q cannot be run (%v); set python_executable in aiflow_server.yaml to a Python 3 interpreter", python, err)
	}
	switch {
	case t.SnapshotDir == "":
		return nil, errors.New("python task: the snapshot folder is empty")
	case t.File == "" || filepath.IsAbs(t.File) || !filepath.IsLocal(t.File):
		return nil, fmt.Errorf("python task: definition file %q must be a path inside the snapshot", t.File)
	case t.Workflow == "" || t.Task == "":
		return nil, errors.New("python task: the workflow and task names must be set")
	}
	snap, err := filepath.Abs(t.SnapshotDir)
	if err == nil {
		root, err = filepath.Abs(root)
	}
	if err != nil {
		return nil, fmt.Errorf("python task: %w", err)
	}
	// -u: output reaches the run's log as it is written, not when a buffer
	// fills or the task ends.
	argv := []string{exe, "-u", filepath.Join(root, Runner), snap, t.File, t.Workflow, t.Task}
	if strings.EqualFold(filepath.Ext(t.File), ".py") {
		return argv, nil
	}
	o := operator.Lookup(t.Kind)
	_, runs := t.Args.(operator.PythonSource)
	var problem string
	operator.Check(t.Kind, t.Args, func(p operator.Problem) { problem = p.Msg })
	if o == nil || !runs || problem != "" {
		return nil, fmt.Errorf("python task %q: a task of %s must name its python file and its callable or class", t.Task, t.File)
	}
	op := map[string]any{o.Field: t.Args}
	b, err := json.Marshal(op)
	if err != nil {
		return nil, fmt.Errorf("python task %q: %w", t.Task, err)
	}
	return append(argv, string(b)), nil
}
