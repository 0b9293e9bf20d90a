//go:build linux

package supervisor

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/engine/process"
)

// The tests run real supervisors in the test process, one at a time: a
// supervisor reaps children it did not start, so two at once, or a test
// starting processes beside one, would be unsafe (see the package comment).

// envChild makes the test binary a supervisor process (TestMain): the value
// is the spec file.
const envChild = "AIFLOW_SUPERVISOR_TEST_SPEC"

func TestMain(m *testing.M) {
	// The pool's supervisors (TestPool).
	if len(os.Args) == 4 && os.Args[1] == "taskmanager" {
		if err := Serve(context.Background(), os.Stdin, os.Stdout, slog.New(slog.NewTextHandler(os.Stderr, nil))); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	if spec := os.Getenv(envChild); spec != "" {
		log := slog.New(slog.NewTextHandler(os.Stderr, nil))
		if err := Run(context.Background(), spec, log); err != nil {
			log.Error("supervisor failed", "error", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fakeAPI records the reports a supervisor sends and answers them with
// answer (200 when nil).
type fakeAPI struct {
	srv    *httptest.Server
	mu     sync.Mutex
	got    []api.TaskReport
	paths  []string
	answer func(r api.TaskReport, n int) int // n counts the reports of r's event
	counts map[string]int
}

func newFakeAPI(t testing.TB, answer func(r api.TaskReport, n int) int) *fakeAPI {
	f := &fakeAPI{answer: answer, counts: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var r api.TaskReport
		if err := json.NewDecoder(req.Body).Decode(&r); err != nil {
			t.Errorf("bad report: %v", err)
		}
		f.mu.Lock()
		f.counts[r.Event]++
		n := f.counts[r.Event]
		f.got = append(f.got, r)
		f.paths = append(f.paths, req.Method+" "+req.URL.Path)
		f.mu.Unlock()
		code := http.StatusOK
		if f.answer != nil {
			code = f.answer(r, n)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		if code >= 300 {
			json.NewEncoder(w).Encode(api.Error{Code: "conflict", Message: "refused"})
			return
		}
		w.Write([]byte("{}"))
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) addr() string { return strings.TrimPrefix(f.srv.URL, "http://") }

func (f *fakeAPI) reports() []api.TaskReport {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]api.TaskReport(nil), f.got...)
}

// events lists the events of the reports received, in order.
func (f *fakeAPI) events() []string {
	var out []string
	for _, r := range f.reports() {
		out = append(out, r.Event)
	}
	return out
}

const testGrace = 200 * time.Millisecond

// writeSpec writes the spec of a try of id 7 that runs `bash -c script` in
// dir, and returns its path.
func writeSpec(t *testing.T, dir, server, script string) string {
	t.Helper()
	return writeSpecOf(t, dir, Spec{
		Server: server, TaskExecutionID: 7, Key: "1_t_1", Try: 2,
		Path: "bash", Args: []string{"-c", script},
	})
}

func writeSpecOf(t testing.TB, dir string, s Spec) string {
	t.Helper()
	if s.Env == nil {
		s.Env = []string{"PATH=" + os.Getenv("PATH")}
	}
	if s.Dir == "" {
		s.Dir = filepath.Join(dir, "work")
	}
	if s.LogPath == "" {
		s.LogPath = filepath.Join(dir, "task.log")
	}
	if s.Grace == 0 {
		s.Grace = testGrace
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "try.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func testOptions(stop <-chan struct{}) options {
	return options{stop: stop, startedWindow: 2 * time.Second, exitedWindow: 2 * time.Second, orphanCheck: 20 * time.Millisecond}
}

func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(b), "\n"))
	return len(b), nil
}

// readOutcome reads the outcome the supervisor recorded for spec.
func readOutcome(t *testing.T, spec string) Outcome {
	t.Helper()
	rec, err := Read(spec)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Outcome == nil {
		t.Fatalf("no outcome in %s", spec)
	}
	return *rec.Outcome
}

// waitFor polls cond for up to 10 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitRunning waits until the supervisor of spec has written state Running
// and returns it.
func waitRunning(t *testing.T, spec string) State {
	t.Helper()
	var st State
	waitFor(t, "state running", func() bool {
		rec, err := Read(spec)
		if err == nil && rec.State != nil {
			st = *rec.State
		}
		return st.Phase == Running
	})
	return st
}

func readPid(t *testing.T, path string) int {
	t.Helper()
	var pid int
	waitFor(t, "pid file "+path, func() bool {
		b, err := os.ReadFile(path)
		if err != nil || !strings.HasSuffix(string(b), "\n") {
			return false
		}
		pid, err = strconv.Atoi(strings.TrimSpace(string(b)))
		return err == nil
	})
	return pid
}

// gone reports whether pid has exited and been reaped.
func gone(pid int) bool {
	_, err := os.Stat("/proc/" + strconv.Itoa(pid))
	return errors.Is(err, fs.ErrNotExist)
}

func TestExit(t *testing.T) {
	tests := []struct {
		name    string
		script  string
		code    int
		signal  string
		err     string
		wantLog string
	}{
		{name: "success", script: "echo hello; echo oops >&2", code: 0, wantLog: "hello\noops\n"},
		{name: "failure", script: "exit 3", code: 3, err: `"bash" exited with status 3`},
		{name: "signal", script: "kill -KILL $$", code: -1, signal: "SIGKILL", err: `"bash" was killed by SIGKILL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			f := newFakeAPI(t, nil)
			spec := writeSpec(t, dir, f.addr(), tt.script)
			if err := run(context.Background(), spec, testLog(t), testOptions(nil)); err != nil {
				t.Fatal(err)
			}
			res := readOutcome(t, spec)
			if res.ExitCode != tt.code || res.Signal != tt.signal || res.Stopped {
				t.Errorf("status: exit code %d, signal %q, stopped %v; want %d, %q, false", res.ExitCode, res.Signal, res.Stopped, tt.code, tt.signal)
			}
			if got := res.Error; got != tt.err {
				t.Errorf("status error %q, want %q", got, tt.err)
			}
			rec, err := Read(spec)
			if err != nil || rec.State == nil {
				t.Fatalf("record %+v, %v; want a state", rec, err)
			}
			if st := *rec.State; st.Phase != Running || st.Pid != res.Pid || st.Supervisor != os.Getpid() {
				t.Errorf("state %+v, want running with pid %d and supervisor %d", st, res.Pid, os.Getpid())
			}
			if got := f.events(); strings.Join(got, ",") != "started,exited" {
				t.Fatalf("reports %v, want started then exited", got)
			}
			rs := f.reports()
			started, exited := rs[0], rs[1]
			if started.Try != 2 || started.Pid != res.Pid || started.Time.IsZero() {
				t.Errorf("started report %+v, want try 2 and pid %d", started, res.Pid)
			}
			want := api.TaskReport{Try: 2, Event: api.ReportExited, Pid: res.Pid, ExitCode: tt.code, Signal: tt.signal, Error: tt.err, Time: res.Ended}
			if !exited.Time.Equal(want.Time) {
				t.Errorf("exited report time %v, want %v", exited.Time, want.Time)
			}
			exited.Time = want.Time
			if exited != want {
				t.Errorf("exited report %+v, want %+v", exited, want)
			}
			for _, p := range f.paths {
				if p != "POST "+api.TaskExecutionPath(7)+"/report" {
					t.Errorf("report sent to %q", p)
				}
			}
			if tt.wantLog != "" {
				b, err := os.ReadFile(filepath.Join(dir, "task.log"))
				if err != nil || string(b) != tt.wantLog {
					t.Errorf("task log %q (%v), want %q", b, err, tt.wantLog)
				}
			}
		})
	}
}

// TestStop stops runs the way SIGTERM to the supervisor does, and by the end
// of the context: the whole process group goes, with SIGKILL for a task that
// ignores SIGTERM.
func TestStop(t *testing.T) {
	tests := []struct {
		name    string
		script  string
		signal  string
		context bool
	}{
		{name: "sigterm", script: "sleep 30 & echo $! > bg; wait", signal: "SIGTERM"},
		{name: "ignores sigterm", script: "trap '' TERM; sleep 30 & echo $! > bg; wait", signal: "SIGKILL"},
		{name: "context", script: "sleep 30 & echo $! > bg; wait", signal: "SIGTERM", context: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			f := newFakeAPI(t, nil)
			spec := writeSpec(t, dir, f.addr(), tt.script)
			stop := make(chan struct{})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- run(ctx, spec, testLog(t), testOptions(stop)) }()
			st := waitRunning(t, spec)
			bg := readPid(t, filepath.Join(dir, "work", "bg"))
			begin := time.Now()
			if tt.context {
				cancel()
			} else {
				close(stop)
			}
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("supervisor did not stop the run")
			}
			took := time.Since(begin)
			res := readOutcome(t, spec)
			if !res.Stopped || res.Signal != tt.signal || res.ExitCode != -1 || res.Pid != st.Pid {
				t.Errorf("status %+v, want stopped by %s", res, tt.signal)
			}
			if tt.signal == "SIGKILL" && took < testGrace {
				t.Errorf("stopped in %v, before the grace of %v", took, testGrace)
			}
			if process.GroupAlive(st.Pid) || !gone(bg) {
				t.Errorf("task processes survived the stop")
			}
			rs := f.reports()
			if len(rs) != 2 || rs[0].Event != api.ReportStarted || rs[1].Event != api.ReportExited || !rs[1].Stopped || rs[1].Signal != tt.signal {
				t.Errorf("reports %+v, want started then exited stopped", rs)
			}
		})
	}
}

// TestStopBeforeStart stops a supervisor before it has started the task.
func TestStopBeforeStart(t *testing.T) {
	dir := t.TempDir()
	f := newFakeAPI(t, nil)
	spec := writeSpec(t, dir, f.addr(), "echo started")
	stop := make(chan struct{})
	close(stop)
	if err := run(context.Background(), spec, testLog(t), testOptions(stop)); err != nil {
		t.Fatal(err)
	}
	res := readOutcome(t, spec)
	if !res.Stopped || res.Pid != 0 || res.Error == "" {
		t.Errorf("status %+v, want stopped without a process", res)
	}
	if _, err := os.Stat(filepath.Join(dir, "task.log")); err == nil {
		t.Error("the task ran")
	}
	if got := f.events(); len(got) != 1 || got[0] != api.ReportExited {
		t.Errorf("reports %v, want exited", got)
	}
}

// TestOnce checks that a try is started at most once: a second supervisor
// gives up while the first holds the lock, and a supervisor gives up when
// the try's record says it was started before.
func TestOnce(t *testing.T) {
	t.Run("lock held", func(t *testing.T) {
		dir := t.TempDir()
		f := newFakeAPI(t, nil)
		spec := writeSpec(t, dir, f.addr(), "echo start; exec sleep 30")
		stop := make(chan struct{})
		done := make(chan error, 1)
		go func() { done <- run(context.Background(), spec, testLog(t), testOptions(stop)) }()
		st := waitRunning(t, spec)
		logPath := filepath.Join(dir, "task.log")
		waitFor(t, "the task", func() bool {
			b, _ := os.ReadFile(logPath)
			return string(b) == "start\n"
		})
		if held, err := Held(spec); err != nil || !held {
			t.Errorf("Held = %v, %v while a supervisor runs", held, err)
		}
		if err := run(context.Background(), spec, testLog(t), testOptions(nil)); err != nil {
			t.Fatal(err)
		}
		if st2 := waitRunning(t, spec); st2 != st {
			t.Errorf("state changed from %+v to %+v", st, st2)
		}
		close(stop)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(logPath)
		if err != nil || string(b) != "start\n" {
			t.Errorf("task log %q (%v), want one start", b, err)
		}
		if got := f.events(); strings.Join(got, ",") != "started,exited" {
			t.Errorf("reports %v, want those of one try", got)
		}
		if held, err := Held(spec); err != nil || held {
			t.Errorf("Held = %v, %v after the supervisor ended", held, err)
		}
	})
	for _, field := range []string{"state", "outcome"} {
		t.Run(field+" recorded", func(t *testing.T) {
			dir := t.TempDir()
			f := newFakeAPI(t, nil)
			spec := writeSpec(t, dir, f.addr(), "echo start")
			rec, err := Read(spec)
			if err != nil {
				t.Fatal(err)
			}
			if field == "state" {
				rec.State = &State{Phase: Starting, Supervisor: 1}
			} else {
				rec.Outcome = &Outcome{Pid: 1}
			}
			b, err := json.Marshal(rec)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(spec, b, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := run(context.Background(), spec, testLog(t), testOptions(nil)); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(dir, "task.log")); err == nil {
				t.Error("the task ran")
			}
			if got, err := os.ReadFile(spec); err != nil || string(got) != string(b) {
				t.Errorf("the record changed to %q (%v)", got, err)
			}
			if got := f.events(); len(got) != 0 {
				t.Errorf("reports %v, want none", got)
			}
		})
	}
}

// TestUnreachable checks that the outcome is recorded and the supervisor
// ends in bounded time when no server answers.
func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	dir := t.TempDir()
	spec := writeSpec(t, dir, addr, "exit 4")
	opts := options{startedWindow: 300 * time.Millisecond, exitedWindow: 300 * time.Millisecond}
	begin := time.Now()
	if err := run(context.Background(), spec, testLog(t), opts); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(begin); took > 3*time.Second {
		t.Errorf("supervisor took %v", took)
	}
	if res := readOutcome(t, spec); res.ExitCode != 4 {
		t.Errorf("status exit code %d, want 4", res.ExitCode)
	}
}

// TestAnswers checks which answers end the retries.
func TestAnswers(t *testing.T) {
	tests := []struct {
		name   string
		answer func(r api.TaskReport, n int) int
		want   []string
	}{
		{
			name:   "409 is final",
			answer: func(api.TaskReport, int) int { return http.StatusConflict },
			want:   []string{"started", "exited"},
		},
		{
			name: "5xx is retried",
			answer: func(r api.TaskReport, n int) int {
				if n < 3 {
					return http.StatusServiceUnavailable
				}
				return http.StatusOK
			},
			want: []string{"started", "started", "started", "exited", "exited", "exited"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, tt.answer)
			spec := writeSpec(t, t.TempDir(), f.addr(), "exit 0")
			if err := run(context.Background(), spec, testLog(t), testOptions(nil)); err != nil {
				t.Fatal(err)
			}
			if got := f.events(); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("reports %v, want %v", got, tt.want)
			}
		})
	}
}

// TestStartedRefused checks that a try whose started report the engine
// refuses (it gave the try up meanwhile) is stopped rather than left
// running unseen.
func TestStartedRefused(t *testing.T) {
	f := newFakeAPI(t, func(r api.TaskReport, _ int) int {
		if r.Event == api.ReportStarted {
			return http.StatusConflict
		}
		return http.StatusOK
	})
	dir := t.TempDir()
	spec := writeSpec(t, dir, f.addr(), "sleep 30")
	start := time.Now()
	if err := run(context.Background(), spec, testLog(t), testOptions(nil)); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("the task ran on for %v", d)
	}
	if res := readOutcome(t, spec); !res.Stopped {
		t.Errorf("outcome %+v, want stopped", res)
	}
}

// TestNotStarted checks that a command that cannot start is recorded as
// exit status 127, with the reason in the task log.
func TestNotStarted(t *testing.T) {
	tests := []struct{ name, path, msg string }{
		{name: "missing file", path: "/nonexistent/prog", msg: "no such file or directory"},
		{name: "not in path", path: "no-such-command-aiflow", msg: "executable not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			f := newFakeAPI(t, nil)
			spec := writeSpecOf(t, dir, Spec{Server: f.addr(), TaskExecutionID: 7, Key: "1_t_1", Try: 1, Path: tt.path})
			if err := run(context.Background(), spec, testLog(t), testOptions(nil)); err != nil {
				t.Fatal(err)
			}
			res := readOutcome(t, spec)
			if res.ExitCode != 127 || !strings.Contains(res.Error, tt.msg) {
				t.Errorf("status %+v, want exit code 127 and %q", res, tt.msg)
			}
			b, err := os.ReadFile(filepath.Join(dir, "task.log"))
			if err != nil || !strings.Contains(string(b), "cannot start the task") || !strings.Contains(string(b), tt.msg) {
				t.Errorf("task log %q (%v), want the reason", b, err)
			}
			rs := f.reports()
			if len(rs) != 1 || rs[0].Event != api.ReportExited || rs[0].ExitCode != 127 || !strings.Contains(rs[0].Error, tt.msg) {
				t.Errorf("reports %+v, want one exited with 127", rs)
			}
		})
	}
}

// TestOrphans checks that the supervisor reaps the orphans of a running task
// without taking its leader's exit status, and ends what the task leaves
// behind when its leader exits: background processes in its group, and
// those that left the group with setsid, with their own children.
func TestOrphans(t *testing.T) {
	t.Run("reaped while the task runs", func(t *testing.T) {
		f := newFakeAPI(t, nil)
		// The subshell exits at once, orphaning its sleep, which exits a
		// little later; unreaped it would stay a zombie in /proc.
		script := `(sleep 0.1 & echo $! > orphan); sleep 0.8; test -e /proc/$(cat orphan) && exit 5; exit 6`
		spec := writeSpec(t, t.TempDir(), f.addr(), script)
		if err := run(context.Background(), spec, testLog(t), testOptions(nil)); err != nil {
			t.Fatal(err)
		}
		if res := readOutcome(t, spec); res.ExitCode != 6 {
			t.Errorf("task exit code %d, want 6 (5: orphan not reaped)", res.ExitCode)
		}
	})
	t.Run("ended with the run", func(t *testing.T) {
		dir := t.TempDir()
		f := newFakeAPI(t, nil)
		script := `sleep 30 & echo $! > bg
setsid sleep 30 & echo $! > detached
setsid bash -c 'sleep 30 & echo $! > nested; wait' &
while [ ! -s nested ]; do sleep 0.01; done
exit 0`
		spec := writeSpec(t, dir, f.addr(), script)
		begin := time.Now()
		if err := run(context.Background(), spec, testLog(t), testOptions(nil)); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(begin); took > 5*time.Second {
			t.Errorf("supervisor took %v", took)
		}
		res := readOutcome(t, spec)
		if res.ExitCode != 0 || res.Stopped || res.Error != "" {
			t.Errorf("status %+v, want the leader's success", res)
		}
		for _, name := range []string{"bg", "detached", "nested"} {
			if pid := readPid(t, filepath.Join(dir, "work", name)); !gone(pid) {
				t.Errorf("%s process %d outlived the run", name, pid)
			}
		}
	})
}

// TestSignals runs the supervisor as its own process, the way the engine
// does, and stops it with SIGTERM after checking that SIGHUP is ignored.
func TestSignals(t *testing.T) {
	dir := t.TempDir()
	f := newFakeAPI(t, nil)
	spec := writeSpec(t, dir, f.addr(), "exec sleep 30")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), envChild+"="+spec)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	st := waitRunning(t, spec)
	if st.Supervisor != cmd.Process.Pid {
		t.Errorf("state names supervisor %d, want %d", st.Supervisor, cmd.Process.Pid)
	}
	waitFor(t, "started report", func() bool { return len(f.reports()) == 1 })
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if !process.Alive(cmd.Process.Pid) || !process.Alive(st.Pid) {
		t.Fatal("SIGHUP ended the supervisor or the task")
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("supervisor: %v\n%s", err, stderr.String())
	}
	res := readOutcome(t, spec)
	if !res.Stopped || res.Signal != "SIGTERM" || res.Pid != st.Pid {
		t.Errorf("status %+v, want stopped by SIGTERM", res)
	}
	if process.GroupAlive(st.Pid) {
		t.Error("the task outlived the stop")
	}
	if got := f.events(); strings.Join(got, ",") != "started,exited" {
		t.Errorf("reports %v, want started then exited", got)
	}
	for _, want := range []string{"ignoring SIGHUP", "stop requested", "task ended"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("supervisor log lacks %q:\n%s", want, stderr.String())
		}
	}
}

func TestBadSpec(t *testing.T) {
	tests := []struct{ name, file, content, want string }{
		{name: "missing", file: "none.json", want: "read task spec: open"},
		{name: "not json", file: "bad.json", content: "{", want: "read task spec"},
		{name: "incomplete", file: "empty.json", content: "{}", want: `has no server, task_execution_id, path`},
		{name: "extension", file: "spec.txt", content: `{"server":"x:1","task_execution_id":1,"path":"true"}`, want: "must be a .json file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.file)
			if tt.content != "" {
				if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := run(context.Background(), path, testLog(t), testOptions(nil))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
			if names, _ := filepath.Glob(filepath.Join(dir, "*")); len(names) > 1 {
				t.Errorf("files written: %v", names)
			}
		})
	}
}

// TestReapSkipsLeader checks that the reaper reaps exited children but
// leaves the leader's exit status to os/exec. The race it guards against
// (a reaper round between the leader's exit and os/exec's wait) is too short
// to provoke, so the test sets it up with both children left unwaited, the
// leader started first (it hides the other one until it is reaped) or last.
func TestReapSkipsLeader(t *testing.T) {
	for _, leaderFirst := range []bool{true, false} {
		t.Run("leader first "+strconv.FormatBool(leaderFirst), func(t *testing.T) {
			leader := exec.Command("sh", "-c", "exit 7")
			other := exec.Command("true")
			cmds := []*exec.Cmd{leader, other}
			if !leaderFirst {
				cmds = []*exec.Cmd{other, leader}
			}
			for _, c := range cmds {
				if err := c.Start(); err != nil {
					t.Fatal(err)
				}
			}
			waitFor(t, "both children to exit", func() bool {
				n := 0
				for _, c := range children() {
					if c.zombie && (c.pid == leader.Process.Pid || c.pid == other.Process.Pid) {
						n++
					}
				}
				return n == 2
			})
			r := &reaper{}
			r.leader.Store(int64(leader.Process.Pid))
			r.reap()
			if err := leader.Wait(); leader.ProcessState == nil || leader.ProcessState.ExitCode() != 7 {
				t.Errorf("leader's wait: %v, want exit status 7", err)
			}
			r.leaderGone()
			r.reap()
			if !gone(other.Process.Pid) {
				t.Error("the other child was not reaped")
			}
			other.Wait() // releases the process; its status is gone
		})
	}
}

// A try whose file is removed (the run's folder deleted) is gone from the
// engine's view: its supervisor stops the task rather than let it run on
// unseen.
func TestFileRemoved(t *testing.T) {
	f := newFakeAPI(t, nil)
	dir := t.TempDir()
	spec := writeSpec(t, dir, f.addr(), "sleep 30")
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- run(context.Background(), spec, testLog(t), testOptions(nil)) }()
	st := waitRunning(t, spec)
	if err := os.Remove(spec); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the task ran on for %v", d)
	}
	if process.GroupAlive(st.Pid) {
		t.Errorf("the task's group %d is alive", st.Pid)
	}
	rs := f.reports()
	if len(rs) != 2 || !rs[1].Stopped {
		t.Errorf("reports %+v, want started and a stopped exit", rs)
	}
}
