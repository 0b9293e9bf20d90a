//go:build unix

package process

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testEnv is the environment of test commands: enough to find bash.
var testEnv = []string{"PATH=" + os.Getenv("PATH")}

func bash(script string) Spec {
	return Spec{Path: "bash", Args: []string{"-c", script}, Env: testEnv}
}

func start(t *testing.T, spec Spec, opts Options) *Process {
	t.Helper()
	p, err := Start(context.Background(), spec, opts)
	if err != nil {
		t.Fatal(err)
	}
	// A failing test must not leave a sleeping group behind.
	t.Cleanup(p.Kill)
	return p
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// waitFile waits for a file the command writes once it is set up.
func waitFile(t *testing.T, path string) string {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil && strings.HasSuffix(string(b), "\n") {
			return string(b)
		}
	}
	t.Fatalf("%s was never written", path)
	return ""
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, script string
		code         int
		signal, err  string
	}{
		{"zero", "exit 0", 0, "", ""},
		{"two", "exit 2", 2, "", `"bash" exited with status 2`},
		{"signal", "kill -USR1 $$", -1, "SIGUSR1", `"bash" was killed by SIGUSR1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := start(t, bash(tt.script), Options{})
			r := p.Wait()
			if r.ExitCode != tt.code || r.Signal != tt.signal {
				t.Errorf("exit code %d, signal %q; want %d, %q", r.ExitCode, r.Signal, tt.code, tt.signal)
			}
			if got := errString(r.Err); got != tt.err {
				t.Errorf("err %q; want %q", got, tt.err)
			}
			if r.Pid != p.Pid() || r.Stopped || r.TimedOut {
				t.Errorf("pid %d (want %d), stopped %v, timed out %v", r.Pid, p.Pid(), r.Stopped, r.TimedOut)
			}
			if r.Started.IsZero() || r.Ended.Before(r.Started) {
				t.Errorf("started %v, ended %v", r.Started, r.Ended)
			}
			if again := p.Wait(); again.ExitCode != r.ExitCode || again.Ended != r.Ended {
				t.Errorf("second Wait %+v differs from first %+v", again, r)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestLogAppendsBothStreams(t *testing.T) {
	t.Parallel()
	log := filepath.Join(t.TempDir(), "logs", "wf", "1", "task", "1.log")
	for i := range 2 {
		p := start(t, bash("echo out "+strconv.Itoa(i)+"; echo err "+strconv.Itoa(i)+" >&2; echo out again"), Options{LogPath: log})
		if r := p.Wait(); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	want := "out 0\nerr 0\nout again\nout 1\nerr 1\nout again\n"
	if got := readFile(t, log); got != want {
		t.Errorf("log:\n%s\nwant:\n%s", got, want)
	}
}

func TestEnvAndDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "work", "run-1")
	log := filepath.Join(t.TempDir(), "run.log")
	spec := bash(`echo "$AIFLOW_TASK|${HOME-unset}|$(pwd)"; read -r line || echo "stdin at end"`)
	spec.Env = append(spec.Env, "AIFLOW_TASK=task_1")
	spec.Dir = dir
	p := start(t, spec, Options{LogPath: log})
	if r := p.Wait(); r.Err != nil {
		t.Fatal(r.Err)
	}
	if got, want := readFile(t, log), "task_1|unset|"+dir+"\nstdin at end\n"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}

func TestNilEnvIsEmpty(t *testing.T) {
	t.Parallel()
	env, err := exec.LookPath("env")
	if err != nil {
		t.Skip("no env command")
	}
	log := filepath.Join(t.TempDir(), "run.log")
	p := start(t, Spec{Path: env}, Options{LogPath: log})
	if r := p.Wait(); r.Err != nil {
		t.Fatal(r.Err)
	}
	if got := readFile(t, log); got != "" {
		t.Errorf("environment %q, want none", got)
	}
}

func TestStartErrors(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		spec Spec
		opts Options
		want string
	}{
		{"not in PATH", Spec{Path: "no-such-cmd", Env: []string{"PATH=/nonexistent:/also"}}, Options{},
			`start "no-such-cmd": executable not found in PATH "/nonexistent:/also": executable file not found in $PATH`},
		{"no such file", Spec{Path: "/nonexistent/cmd"}, Options{},
			`start "/nonexistent/cmd": fork/exec /nonexistent/cmd: no such file or directory`},
		{"not executable", Spec{Path: file}, Options{},
			`start "` + file + `": fork/exec ` + file + `: permission denied`},
		{"bad dir", Spec{Path: "/bin/true", Dir: filepath.Join(file, "sub")}, Options{},
			`start "/bin/true": working directory "` + filepath.Join(file, "sub") + `": mkdir ` + file + `: not a directory`},
		{"bad log", Spec{Path: "/bin/true"}, Options{LogPath: filepath.Join(file, "x.log")},
			`start "/bin/true": log file "` + filepath.Join(file, "x.log") + `": mkdir ` + file + `: not a directory`},
		{"empty", Spec{}, Options{}, "start: empty command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := Start(context.Background(), tt.spec, tt.opts)
			if err == nil {
				p.Kill()
				t.Fatal("started")
			}
			if err.Error() != tt.want {
				t.Errorf("error\n%s\nwant\n%s", err, tt.want)
			}
		})
	}
	_, err := Start(context.Background(), Spec{Path: "no-such-cmd", Env: []string{"PATH=/nonexistent"}}, Options{})
	if !errors.Is(err, exec.ErrNotFound) {
		t.Errorf("%v does not wrap exec.ErrNotFound", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Start(ctx, Spec{Path: "/bin/true"}, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("start with a cancelled context: %v", err)
	}
}

// pids returns the pids a script wrote to a file, one per line.
func pids(t *testing.T, s string) []int {
	t.Helper()
	var ps []int
	for _, f := range strings.Fields(s) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, pid)
	}
	return ps
}

func TestStopKillsWholeGroup(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "pids")
	p := start(t, bash(`sleep 30 & a=$!; sleep 30 & echo "$a $!" > `+file+`; sleep 30`), Options{})
	children := pids(t, waitFile(t, file))
	if !GroupAlive(p.Pid()) {
		t.Fatal("group not alive while running")
	}
	begin := time.Now()
	p.Stop(time.Second)
	if d := time.Since(begin); d > 900*time.Millisecond {
		t.Errorf("stop took %v; SIGTERM should have been enough", d)
	}
	r := p.Wait()
	if r.Signal != "SIGTERM" || !r.Stopped || errString(r.Err) != `"bash" was stopped` {
		t.Errorf("result %+v; want stopped by SIGTERM", r)
	}
	for _, pid := range append(children, p.Pid()) {
		if Alive(pid) {
			t.Errorf("pid %d still alive", pid)
		}
	}
	if GroupAlive(p.Pid()) {
		t.Error("group still alive")
	}
}

func TestStopEscalatesToKill(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "pids")
	p := start(t, bash(`trap '' TERM; sleep 30 & echo $! > `+file+`; wait`), Options{})
	child := pids(t, waitFile(t, file))[0]
	begin := time.Now()
	p.Stop(150 * time.Millisecond)
	if d := time.Since(begin); d < 150*time.Millisecond {
		t.Errorf("stop took %v, less than the grace period", d)
	}
	if r := p.Wait(); r.Signal != "SIGKILL" || !r.Stopped {
		t.Errorf("result %+v; want stopped by SIGKILL", r)
	}
	if Alive(child) || GroupAlive(p.Pid()) {
		t.Errorf("child %d or group still alive", child)
	}
}

func TestStopWaitsForChildrenAfterLeader(t *testing.T) {
	t.Parallel()
	// The leader exits on SIGTERM, its child ignores it: the stop must not
	// return before the child is gone, and must kill it after the grace.
	file := filepath.Join(t.TempDir(), "pids")
	p := start(t, bash(`(trap '' TERM; sleep 30) & echo $! > `+file+`; wait`), Options{})
	child := pids(t, waitFile(t, file))[0]
	p.Stop(150 * time.Millisecond)
	if r := p.Wait(); r.Signal != "SIGTERM" {
		t.Errorf("leader signal %q, want SIGTERM", r.Signal)
	}
	deadline := time.Now().Add(time.Second)
	for Alive(child) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if Alive(child) {
		t.Errorf("child %d survived the stop", child)
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		script string
		grace  time.Duration
		signal string
	}{
		{"kill at once", "sleep 30", 0, "SIGKILL"},
		{"term", "sleep 30", time.Second, "SIGTERM"},
		{"term ignored", "trap '' TERM; sleep 30; true", 100 * time.Millisecond, "SIGKILL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := start(t, bash(tt.script), Options{Timeout: 100 * time.Millisecond, Grace: tt.grace})
			r := p.Wait()
			if !r.TimedOut || r.Stopped || r.Signal != tt.signal {
				t.Errorf("result %+v; want timed out by %s", r, tt.signal)
			}
			if want := `"bash" timed out after 100ms`; errString(r.Err) != want {
				t.Errorf("err %q, want %q", errString(r.Err), want)
			}
			if d := r.Ended.Sub(r.Started); d < 100*time.Millisecond || d > 3*time.Second {
				t.Errorf("ran %v", d)
			}
		})
	}
}

func TestTimeoutNotReached(t *testing.T) {
	t.Parallel()
	p := start(t, bash("exit 0"), Options{Timeout: time.Minute})
	if r := p.Wait(); r.Err != nil || r.TimedOut {
		t.Errorf("result %+v", r)
	}
}

func TestContextCancelStops(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	p, err := Start(ctx, bash("sleep 30"), Options{Grace: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Kill)
	cancel()
	select {
	case <-p.Done():
	case <-time.After(time.Second):
		t.Fatal("not stopped by cancel")
	}
	if r := p.Wait(); !r.Stopped || r.Signal != "SIGTERM" {
		t.Errorf("result %+v", r)
	}
}

func TestConcurrentStopWaitKill(t *testing.T) {
	t.Parallel()
	p := start(t, bash("sleep 30"), Options{})
	var wg sync.WaitGroup
	results := make([]Result, 4)
	for i := range results {
		wg.Go(func() { results[i] = p.Wait() })
	}
	for range 3 {
		wg.Go(func() { p.Stop(time.Second) })
	}
	wg.Go(p.Kill)
	wg.Wait()
	for i, r := range results {
		if !r.Stopped || r != results[0] {
			t.Errorf("result %d %+v, want stopped and equal to %+v", i, r, results[0])
		}
	}
	// Stopping a finished run changes nothing.
	p.Stop(time.Second)
	p.Kill()
	if r := p.Wait(); r != results[0] {
		t.Errorf("result after late stop %+v, want %+v", r, results[0])
	}
}

func TestStopAfterExitKeepsResult(t *testing.T) {
	t.Parallel()
	p := start(t, bash("exit 3"), Options{})
	<-p.Done()
	p.Stop(time.Second)
	if r := p.Wait(); r.Stopped || r.ExitCode != 3 {
		t.Errorf("result %+v, want exit 3 not stopped", r)
	}
}

func TestAliveOfUnknown(t *testing.T) {
	t.Parallel()
	for _, id := range []int{0, -1} {
		if Alive(id) || GroupAlive(id) {
			t.Errorf("id %d alive", id)
		}
	}
	if !Alive(os.Getpid()) {
		t.Error("own pid not alive")
	}
}
