package pyrun

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/aiflow-go/aiflow/operator"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/google/go-cmp/cmp"
)

// shimDir is pydef's definition shim, which the binary embeds.
const shimDir = "../../pydef/shim"

// snapshot is a workflow snapshot: definitions and a helper package.
const snapshot = "testdata/snapshot"

// samples are pydef's AIFlow-style sample definitions.
const samples = "../../pydef/testdata/workflows"

var (
	rootOnce sync.Once
	rootDir  string
	rootErr  error
	// tmpDir holds the runtime the tests share; TestMain removes it.
	tmpDir string
)

// TestMain also checks that no run wrote bytecode next to the sources: the
// runner puts it into the runtime folder, so snapshots stay as uploaded.
func TestMain(m *testing.M) {
	code := m.Run()
	if tmpDir != "" {
		os.RemoveAll(tmpDir)
	}
	for _, dir := range []string{"testdata", samples} {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Name() == "__pycache__" {
				fmt.Fprintf(os.Stderr, "a task wrote bytecode into %s\n", p)
				code = 1
			}
			return err
		})
	}
	os.Exit(code)
}

// runtimeRoot installs the runtime once for the package's tests.
func runtimeRoot(t *testing.T) string {
	t.Helper()
	rootOnce.Do(func() {
		tmpDir, rootErr = os.MkdirTemp("", "pyrun-test-")
		if rootErr == nil {
			rootDir, rootErr = Install(tmpDir, os.DirFS(shimDir))
		}
	})
	if rootErr != nil {
		t.Fatal(rootErr)
	}
	return rootDir
}

func needPython(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found")
	}
}

// result is how one task run ended.
type result struct {
	code   int
	stderr string
	dir    string // the run's working directory
}

func (r result) file(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(r.dir, name))
	if err != nil {
		t.Fatalf("%v\nstderr:\n%s", err, r.stderr)
	}
	return string(b)
}

// start starts task of workflow in the test snapshot, in a fresh working
// directory, with the context of execution 7, seq 2.
func start(t *testing.T, workflow, task string, env ...string) (*exec.Cmd, *bytes.Buffer, string) {
	t.Helper()
	return startTask(t, Task{SnapshotDir: snapshot, File: "flows.py", Workflow: workflow, Task: task}, "default", env...)
}

func startTask(t *testing.T, task Task, namespace string, env ...string) (*exec.Cmd, *bytes.Buffer, string) {
	t.Helper()
	argv, err := Command("python3", runtimeRoot(t), task)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "AIFLOW_NAMESPACE="+namespace, "AIFLOW_WORKFLOW="+task.Workflow,
		"AIFLOW_EXECUTION_ID=7", "AIFLOW_TASK="+task.Task, "AIFLOW_SEQUENCE_NUMBER=2", "AIFLOW_TRY_NUMBER=1",
		// Bytecode is written, as on a user's machine, to check where.
		"PYTHONDONTWRITEBYTECODE=")
	cmd.Env = append(cmd.Env, env...)
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr, dir
}

func wait(t *testing.T, cmd *exec.Cmd, out *bytes.Buffer, dir string) result {
	t.Helper()
	err := cmd.Wait()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return result{code: cmd.ProcessState.ExitCode(), stderr: out.String(), dir: dir}
}

func run(t *testing.T, workflow, task string, env ...string) result {
	t.Helper()
	cmd, out, dir := start(t, workflow, task, env...)
	return wait(t, cmd, out, dir)
}

func TestPythonTasks(t *testing.T) {
	needPython(t)
	tests := []struct {
		name, workflow, task string
		code                 int
		file, want           string   // a file the task writes and its content
		stderr               []string // parts of the output
	}{
		{name: "op_args and op_kwargs", workflow: "runner_flow", task: "write", file: "out.txt", want: "a-b."},
		{name: "second workflow of the file", workflow: "other_flow", task: "write", file: "other.txt", want: "other"},
		{name: "helper module of the snapshot", workflow: "runner_flow", task: "helper", file: "helper.txt", want: "HELLO!"},
		{name: "custom operator", workflow: "runner_flow", task: "count", file: "custom.txt",
			want: "start runner_flow default 7 count 2\n0\n1\nawaited", stderr: []string{"INFO aiflow.task.operator: counting to 2\n"}},
		{name: "plain operator", workflow: "runner_flow", task: "barrier"},
		{name: "raising callable", workflow: "runner_flow", task: "boom", code: ExitFailed,
			stderr: []string{"Traceback (most recent call last):", `flows.py", line 30, in boom`, "ValueError: the callable failed on purpose"}},
		{name: "client outside a task", workflow: "runner_flow", task: "outside", code: ExitFailed,
			stderr: []string{"AIFlowException: AIFlowNotificationClient can only be used in AIFlow operators."}},
		{name: "ops in a task", workflow: "runner_flow", task: "ops", code: ExitFailed,
			stderr: []string{"AIFlowException: ai_flow.ops.list_workflows is not available in aiflow-go task code"}},
		{name: "unknown task", workflow: "runner_flow", task: "nope", code: ExitLoad,
			stderr: []string{"aiflow: workflow 'runner_flow' has no task 'nope' (tasks: 'task1', 'write',"}},
		{name: "unknown workflow", workflow: "flow", task: "write", code: ExitLoad,
			stderr: []string{"aiflow: workflow 'flow' is not defined in flows.py (defined: 'runner_flow', 'other_flow')"}},
		{name: "bash task", workflow: "runner_flow", task: "task1", code: ExitLoad,
			stderr: []string{"aiflow: task 'task1' (BashOperator) has no start() to run"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, tt.workflow, tt.task)
			if r.code != tt.code {
				t.Fatalf("exit status %d, want %d; output:\n%s", r.code, tt.code, r.stderr)
			}
			if tt.file != "" {
				if got := r.file(t, tt.file); got != tt.want {
					t.Errorf("%s = %q, want %q", tt.file, got, tt.want)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("output lacks %q:\n%s", s, r.stderr)
				}
			}
			// The runner's own frames are not the user's business.
			if strings.Contains(r.stderr, Runner) {
				t.Errorf("output shows the runner:\n%s", r.stderr)
			}
		})
	}
}

// TestYAMLTasks runs the python and custom tasks of a YAML definition,
// which name the code to import.
func TestYAMLTasks(t *testing.T) {
	needPython(t)
	tests := []struct {
		name       string
		task       Task
		code       int
		file, want string
		stderr     string
	}{
		{name: "python", task: Task{Task: "write", Kind: operator.Python, Args: &operator.PythonArgs{File: "jobs.py", Callable: "write_args",
			OpArgs: []any{"args.txt", 1, "a"}, OpKwargs: map[string]any{"k": "v"}}},
			file: "args.txt", want: "(1, 'a') {'k': 'v'}"},
		{name: "custom", task: Task{Task: "hello", Kind: operator.Custom, Args: &operator.CustomArgs{File: "jobs.py", Class: "Hello"}},
			file: "hello.txt", want: "HELLO! yaml_flow 7"},
		{name: "not an operator", task: Task{Task: "hello", Kind: operator.Custom, Args: &operator.CustomArgs{File: "jobs.py", Class: "NotAnOperator"}},
			code: ExitLoad, stderr: "aiflow: task 'hello': NotAnOperator in jobs.py is not a subclass of AIFlowOperator"},
		{name: "missing callable", task: Task{Task: "write", Kind: operator.Python, Args: &operator.PythonArgs{File: "jobs.py", Callable: "nope"}},
			code: ExitLoad, stderr: "aiflow: task 'write': jobs.py defines no 'nope'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.task.SnapshotDir, tt.task.File, tt.task.Workflow = snapshot, "flow.yaml", "yaml_flow"
			cmd, out, dir := startTask(t, tt.task, "default")
			r := wait(t, cmd, out, dir)
			if r.code != tt.code {
				t.Fatalf("exit status %d, want %d; output:\n%s", r.code, tt.code, r.stderr)
			}
			if tt.file != "" {
				if got := r.file(t, tt.file); got != tt.want {
					t.Errorf("%s = %q, want %q", tt.file, got, tt.want)
				}
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("output lacks %q:\n%s", tt.stderr, r.stderr)
			}
		})
	}
}

// TestSamples runs tasks of pydef's AIFlow-style sample definitions,
// unchanged.
func TestSamples(t *testing.T) {
	needPython(t)
	tests := []struct {
		file, namespace, workflow, task, out string
	}{
		{"custom_operator.py", "team_a", "custom_operators", "hello", "hello world?\n"},
		{"custom_operator.py", "team_a", "custom_operators", "echo", "done\n"},
		{"custom_operator.py", "team_a", "custom_operators", "count", "0\n1\n2\n3\n4\n"},
		{"event_trigger.py", "default", "workflow_1", "event_task", ""},
	}
	for _, tt := range tests {
		t.Run(tt.workflow+"."+tt.task, func(t *testing.T) {
			t.Parallel()
			f, addr := serve(t)
			cmd, out, dir := startTask(t, Task{SnapshotDir: samples, File: tt.file, Workflow: tt.workflow, Task: tt.task},
				tt.namespace, "AIFLOW_SERVER="+addr)
			r := wait(t, cmd, out, dir)
			if r.code != 0 || r.stderr != tt.out {
				t.Fatalf("exit status %d, output %q; want 0, %q", r.code, r.stderr, tt.out)
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if tt.task == "event_task" {
				if len(f.sends) != 1 {
					t.Fatalf("%d sends, want 1", len(f.sends))
				}
				want := []api.SendEventRequest{{Key: "trigger_workflow", Namespace: "default",
					Context: `{"workflow_execution_id": 7}`, Sender: "7_event_task_2", UUID: f.sends[0].UUID}}
				if diff := cmp.Diff(want, f.sends); diff != "" {
					t.Errorf("sends (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestStop(t *testing.T) {
	needPython(t)
	tests := []struct{ task, stopped string }{
		{"serve", "stopped serve"}, // a custom operator's stop() runs
		{"sleep", ""},              // PythonOperator has nothing to stop
	}
	for _, tt := range tests {
		t.Run(tt.task, func(t *testing.T) {
			t.Parallel()
			cmd, out, dir := start(t, "runner_flow", tt.task)
			ready := filepath.Join(dir, "ready.txt")
			deadline := time.Now().Add(10 * time.Second)
			for {
				if _, err := os.Stat(ready); err == nil {
					break
				}
				if time.Now().After(deadline) {
					_ = cmd.Process.Kill()
					t.Fatalf("the task never started:\n%s", out)
				}
				time.Sleep(10 * time.Millisecond)
			}
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			r := wait(t, cmd, out, dir)
			if r.code != ExitStopped {
				t.Fatalf("exit status %d, want %d; output:\n%s", r.code, ExitStopped, r.stderr)
			}
			if tt.stopped != "" {
				if got := r.file(t, "stopped.txt"); got != tt.stopped {
					t.Errorf("stop() wrote %q", got)
				}
			}
			if want := "aiflow: task '" + tt.task + "' stopped\n"; r.stderr != want {
				t.Errorf("output %q, want %q", r.stderr, want)
			}
		})
	}
}

// fakeServer is the events part of the aiflow API, recording requests.
type fakeServer struct {
	mu     sync.Mutex
	events []api.Event
	sends  []api.SendEventRequest
	auth   []string
}

func (f *fakeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.auth = append(f.auth, r.Header.Get(api.TokenHeader))
	f.mu.Unlock()
	reply := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == api.PathEvents:
		var in api.SendEventRequest
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			reply(http.StatusBadRequest, api.Error{Code: api.CodeBadRequest, Message: err.Error()})
			return
		}
		if strings.HasPrefix(in.Key, api.ReservedKeyPrefix) {
			reply(http.StatusForbidden, api.Error{Code: api.CodeForbidden, Message: fmt.Sprintf("event key %q is reserved", in.Key)})
			return
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		f.sends = append(f.sends, in)
		for _, e := range f.events {
			if e.UUID == in.UUID {
				reply(http.StatusCreated, e)
				return
			}
		}
		e := api.Event{Offset: int64(len(f.events) + 1), Key: in.Key, Value: in.Value, Namespace: in.Namespace,
			Context: in.Context, Sender: in.Sender, UUID: in.UUID, CreateTime: time.Date(2026, 11, 27, 9, 0, 0, 123456789, time.UTC)}
		f.events = append(f.events, e)
		reply(http.StatusCreated, e)
	case r.Method == http.MethodGet && r.URL.Path == api.PathEventOffset:
		f.mu.Lock()
		defer f.mu.Unlock()
		reply(http.StatusOK, api.EventOffset{Offset: int64(len(f.events))})
	case r.Method == http.MethodGet && r.URL.Path == api.PathEvents:
		q := r.URL.Query()
		after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
		deadline := time.Now().Add(2 * time.Second)
		for {
			var out []api.Event
			f.mu.Lock()
			for _, e := range f.events {
				if e.Offset > after && (q["key"] == nil || slices.Contains(q["key"], e.Key)) &&
					(q.Get("namespace") == "" || q.Get("namespace") == e.Namespace) {
					out = append(out, e)
				}
			}
			f.mu.Unlock()
			if len(out) > 0 || q.Get("wait") == "" || time.Now().After(deadline) || r.Context().Err() != nil {
				reply(http.StatusOK, api.Events{Events: append([]api.Event{}, out...)})
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	default:
		reply(http.StatusNotFound, api.Error{Code: api.CodeUnknownPath, Message: "no such path"})
	}
}

func serve(t *testing.T) (*fakeServer, string) {
	f := &fakeServer{}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, strings.TrimPrefix(srv.URL, "http://")
}

func TestSendEvent(t *testing.T) {
	needPython(t)
	f, addr := serve(t)
	r := run(t, "runner_flow", "notify", "AIFLOW_SERVER="+addr, "AIFLOW_TOKEN=s3cret")
	if r.code != 0 {
		t.Fatalf("exit status %d; output:\n%s", r.code, r.stderr)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.sends) != 2 {
		t.Fatalf("%d sends, want 2: %+v", len(f.sends), f.sends)
	}
	for i, s := range f.sends {
		if !strings.HasPrefix(s.UUID, "7_notify_2_") || (i > 0 && s.UUID == f.sends[0].UUID) {
			t.Errorf("send %d: uuid %q, want a fresh 7_notify_2_... id", i, s.UUID)
		}
		f.sends[i].UUID = ""
	}
	ctx := `{"workflow_execution_id": 7}`
	want := []api.SendEventRequest{
		{Key: "model_ready", Value: "v1", Namespace: "default", Context: ctx, Sender: "7_notify_2"},
		{Key: "other", Value: "v2", Namespace: "default", Context: ctx, Sender: "7_notify_2"},
	}
	if diff := cmp.Diff(want, f.sends); diff != "" {
		t.Errorf("sends (-want +got):\n%s", diff)
	}
	for _, a := range f.auth {
		if a != "Bearer s3cret" {
			t.Errorf("Authorization = %q", a)
		}
	}
	if got := r.file(t, "listed.txt"); got != "model_ready=v1@1" {
		t.Errorf("list_events found %q", got)
	}
}

func TestServerError(t *testing.T) {
	needPython(t)
	_, addr := serve(t)
	r := run(t, "runner_flow", "forge", "AIFLOW_SERVER="+addr)
	want := "ai_flow._api.ServerError: aiflow server: event key \"AIFLOW_SCHEDULING_EVENT\" is reserved\n"
	if r.code != ExitFailed || !strings.HasSuffix(r.stderr, want) {
		t.Errorf("exit status %d, output:\n%s\nwant %d and a traceback ending in %q", r.code, r.stderr, ExitFailed, want)
	}
	// The traceback ends in the task's code, not in the runtime.
	if strings.Contains(r.stderr, "_api.py") {
		t.Errorf("the traceback shows the runtime:\n%s", r.stderr)
	}
}

func TestListener(t *testing.T) {
	needPython(t)
	f, addr := serve(t)
	// An event sent before the listener starts is not heard.
	f.mu.Lock()
	f.events = append(f.events, api.Event{Offset: 1, Key: "go", Value: "early", Namespace: "default", UUID: "x"})
	f.mu.Unlock()
	r := run(t, "runner_flow", "listen", "AIFLOW_SERVER="+addr)
	if r.code != 0 {
		t.Fatalf("exit status %d; output:\n%s", r.code, r.stderr)
	}
	if got := r.file(t, "heard.txt"); got != "True go:now:7_listen_2" {
		t.Errorf("the listener heard %q", got)
	}
}

func TestSendRetry(t *testing.T) {
	needPython(t)
	// The first send's connection is cut: the client sends again with the
	// same uuid, so the server can store it once.
	f := &fakeServer{}
	var cut sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			dropped := false
			cut.Do(func() {
				var in api.SendEventRequest
				_ = json.NewDecoder(r.Body).Decode(&in)
				f.mu.Lock()
				f.sends = append(f.sends, in)
				f.mu.Unlock()
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				dropped = true
			})
			if dropped {
				return
			}
		}
		f.ServeHTTP(w, r)
	}))
	defer srv.Close()
	r := run(t, "runner_flow", "notify", "AIFLOW_SERVER="+srv.URL)
	if r.code != 0 {
		t.Fatalf("exit status %d; output:\n%s", r.code, r.stderr)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.sends) != 3 || f.sends[0].UUID != f.sends[1].UUID || f.sends[1].UUID == f.sends[2].UUID {
		t.Errorf("sends: %+v", f.sends)
	}
	if len(f.events) != 2 {
		t.Errorf("stored %d events, want 2", len(f.events))
	}
}

func TestCommand(t *testing.T) {
	root := t.TempDir()
	task := Task{SnapshotDir: snapshot, File: "flows.py", Workflow: "wf", Task: "a"}
	t.Run("missing python", func(t *testing.T) {
		_, err := Command("no-such-python3", root, task)
		want := `python executable "no-such-python3" not found on PATH; install Python 3 or set python_executable in aiflow_server.yaml`
		if err == nil || err.Error() != want {
			t.Errorf("error %v, want %s", err, want)
		}
	})
	needPython(t)
	t.Run("argv", func(t *testing.T) {
		argv, err := Command("", root, task)
		if err != nil {
			t.Fatal(err)
		}
		snap, _ := filepath.Abs(snapshot)
		want := []string{"-u", filepath.Join(root, Runner), snap, "flows.py", "wf", "a"}
		if !filepath.IsAbs(argv[0]) || filepath.Base(argv[0]) != "python3" {
			t.Errorf("python = %q", argv[0])
		}
		if diff := cmp.Diff(want, argv[1:]); diff != "" {
			t.Errorf("argv (-want +got):\n%s", diff)
		}
	})
	t.Run("yaml", func(t *testing.T) {
		yt := Task{SnapshotDir: snapshot, File: "flow.yaml", Workflow: "wf", Task: "a",
			Kind: operator.Custom, Args: &operator.CustomArgs{File: "jobs.py", Class: "Hello"}}
		argv, err := Command("", root, yt)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := argv[len(argv)-1], `{"custom":{"file":"jobs.py","class":"Hello"}}`; got != want {
			t.Errorf("operator argument %s, want %s", got, want)
		}
	})
	for _, bad := range []Task{
		{SnapshotDir: snapshot, File: "flow.yaml", Workflow: "wf", Task: "a"},
		{SnapshotDir: snapshot, File: "../flows.py", Workflow: "wf", Task: "a"},
		{SnapshotDir: snapshot, File: "/flows.py", Workflow: "wf", Task: "a"},
		{SnapshotDir: snapshot, File: "flows.py", Task: "a"},
		{File: "flows.py", Workflow: "wf", Task: "a"},
	} {
		if _, err := Command("", root, bad); err == nil {
			t.Errorf("Command(%+v) succeeded", bad)
		}
	}
}

// topLevel matches the names a Python module defines or imports at its top
// level.
// Imports from ai_flow._capture are the shim's machinery, not its surface.
var topLevel = regexp.MustCompile(`(?m)^(?:class (\w+)|def (\w+)|(\w+) =|from (?:ai_flow\._capture import \w+|\S+ import (\w+)))`)

// TestRuntimeNames checks that every run-time module that replaces a shim
// module still offers the shim's public names, so that a file that loads
// at upload imports the same names in its task.
func TestRuntimeNames(t *testing.T) {
	shim := os.DirFS(shimDir)
	err := fs.WalkDir(runtimeFS, "runtime", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, "runtime/")
		old, err := fs.ReadFile(shim, rel)
		if err != nil {
			return nil // a module the shim lacks
		}
		cur, _ := fs.ReadFile(runtimeFS, p)
		have := map[string]bool{}
		for _, m := range topLevel.FindAllStringSubmatch(string(cur), -1) {
			have[strings.Join(m[1:], "")] = true
		}
		for _, m := range topLevel.FindAllStringSubmatch(string(old), -1) {
			name := strings.Join(m[1:], "")
			if name != "" && !strings.HasPrefix(name, "_") && !have[name] {
				t.Errorf("%s: the shim defines %s, the run-time module does not", rel, name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestInstall(t *testing.T) {
	dir := t.TempDir()
	shim := os.DirFS(shimDir)
	var wg sync.WaitGroup
	roots := make([]string, 4)
	errs := make([]error, 4)
	for i := range roots {
		wg.Go(func() { roots[i], errs[i] = Install(dir, shim) })
	}
	wg.Wait()
	for i := range roots {
		if errs[i] != nil || roots[i] != roots[0] {
			t.Fatalf("install %d: %q, %v; first: %q", i, roots[i], errs[i], roots[0])
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("dir holds %d entries, want the root only", len(entries))
	}
	for _, name := range []string{Runner, "ai_flow/_capture.py", "ai_flow/_api.py", "ai_flow/model/workflow.py"} {
		if _, err := os.Stat(filepath.Join(roots[0], name)); err != nil {
			t.Error(err)
		}
	}
	// The run-time client replaces the shim's.
	b, _ := os.ReadFile(filepath.Join(roots[0], "ai_flow/notification/notification_client.py"))
	if !bytes.Contains(b, []byte("EmbeddedNotificationClient(server_uri=")) {
		t.Error("the shim's notification client was not replaced")
	}
	if _, err := Install(t.TempDir(), os.DirFS(t.TempDir())); err == nil {
		t.Error("an empty shim was accepted")
	}
}

// TestParams passes the execution's parameters (AIFLOW_PARAMS) to a
// callable that declares params, unless its own arguments set it, and to
// the runtime context.
func TestParams(t *testing.T) {
	needPython(t)
	params := `AIFLOW_PARAMS={"date": "2026-11-27", "model name": "v2 \u00e9"}`
	tests := []struct {
		name, task, env string
		code            int
		file, want      string
		stderr          string
	}{
		{name: "declared", task: "params", env: params, file: "params.txt",
			want: "[('date', '2026-11-27'), ('model name', 'v2 é')] [('date', '2026-11-27'), ('model name', 'v2 é')]"},
		{name: "set by op_args", task: "given", env: params, file: "given.txt",
			want: "[('own', '1')] [('date', '2026-11-27'), ('model name', 'v2 é')]"},
		{name: "none", task: "params", file: "params.txt", want: "[] []"},
		{name: "not an object", task: "params", env: `AIFLOW_PARAMS=["a"]`, code: ExitLoad,
			stderr: `aiflow: AIFLOW_PARAMS must be a JSON object of strings, got '["a"]'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var env []string
			if tt.env != "" {
				env = append(env, tt.env)
			}
			r := run(t, "runner_flow", tt.task, env...)
			if r.code != tt.code {
				t.Fatalf("exit status %d, want %d; output:\n%s", r.code, tt.code, r.stderr)
			}
			if tt.file != "" {
				if got := r.file(t, tt.file); got != tt.want {
					t.Errorf("%s = %q, want %q", tt.file, got, tt.want)
				}
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("output lacks %q:\n%s", tt.stderr, r.stderr)
			}
		})
	}
}
