//go:build unix

// Package process runs one task command as a real operating-system process,
// the way aiflow's per-run supervisor (`aiflow taskmanager run`) does
// (decisions.md Fix 2, 12 and 13; aiflow-reference.md §3.13 and §5).
//
// A command runs in its own process group so that a stop, a kill or a
// timeout reaches every process the task started, not only its leader
// (`bash -c` with background children, a spark-submit and its JVM). Its
// standard input is /dev/null and both output streams are appended to one
// log file per run; the environment is exactly the one the caller passes, so
// a task sees its AIFLOW_* context and nothing of the supervisor's.
//
// Alive and GroupAlive tell a recovering server whether a run whose
// supervisor recorded no outcome is still going.
//
// The package is unix-only: it relies on process groups and signals.
package process

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Spec is the command to run.
type Spec struct {
	// Path is the executable. A name without a slash is looked up in the
	// PATH of Env, or in the supervisor's PATH when Env has none; a
	// relative path with a slash is relative to Dir.
	Path string
	// Args are the arguments after the command name.
	Args []string
	// Env is the complete environment of the process ("KEY=value"); nil
	// means an empty environment, never the supervisor's.
	Env []string
	// Dir is the working directory, created when missing; empty means the
	// supervisor's.
	Dir string
}

// Options control how a process runs.
type Options struct {
	// LogPath is the file that receives stdout and stderr, appended and
	// created with its parent directories; empty sends the output to
	// Output, or discards it.
	LogPath string
	// Output receives stdout and stderr when LogPath is empty (a terminal
	// for aiflow task test).
	Output io.Writer
	// Timeout, when positive, stops the process group once it has run that
	// long and marks the result as timed out.
	Timeout time.Duration
	// Grace is how long a timeout or a cancelled context waits after
	// SIGTERM before it sends SIGKILL; zero kills at once.
	Grace time.Duration
}

// Result is the outcome of a run.
type Result struct {
	// Pid is the process id of the leader, which is also the process group
	// id.
	Pid int
	// ExitCode is the leader's exit status, or -1 when a signal ended it.
	ExitCode int
	// Signal names the signal that ended the leader ("SIGKILL"), if any.
	Signal string
	// TimedOut reports that Options.Timeout ended the run.
	TimedOut bool
	// Stopped reports that Stop, Kill or the context ended the run.
	Stopped bool
	// Err is nil only for a run that exited with status 0 without being
	// stopped or timed out; otherwise it says why the run failed.
	Err error
	// Started and Ended bracket the run.
	Started, Ended time.Time
}

// Process is a running command. Its methods are safe for concurrent use.
type Process struct {
	name    string
	pid     int
	started time.Time
	timeout time.Duration
	done    chan struct{}

	mu       sync.Mutex
	stopped  bool
	timedOut bool
	res      Result
}

// Start starts the command of spec in a new process group. When ctx is done
// before the process exits, the process is stopped as by Stop(opts.Grace).
func Start(ctx context.Context, spec Spec, opts Options) (*Process, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("start %q: %w", spec.Path, err)
	}
	path, err := lookPath(spec.Path, spec.Env)
	if err != nil {
		return nil, err
	}
	if spec.Dir != "" {
		if err := os.MkdirAll(spec.Dir, 0o700); err != nil {
			return nil, fmt.Errorf("start %q: working directory %q: %w", spec.Path, spec.Dir, err)
		}
	}
	cmd := &exec.Cmd{
		Path: path,
		Args: append([]string{spec.Path}, spec.Args...),
		// A non-nil empty slice: exec.Cmd inherits the environment for nil.
		Env:         append([]string{}, spec.Env...),
		Dir:         spec.Dir,
		SysProcAttr: &syscall.SysProcAttr{Setpgid: true},
	}
	if opts.LogPath != "" {
		log, err := openLog(opts.LogPath)
		if err != nil {
			return nil, fmt.Errorf("start %q: log file %q: %w", spec.Path, opts.LogPath, err)
		}
		// The child gets its own copy of the descriptor; ours is not needed
		// once it has started. One *os.File for both streams keeps them
		// interleaved in write order and needs no copying goroutine.
		defer log.Close()
		cmd.Stdout, cmd.Stderr = log, log
	} else if opts.Output != nil {
		cmd.Stdout, cmd.Stderr = opts.Output, opts.Output
		// A process left in the background must not hold Wait.
		cmd.WaitDelay = time.Second
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %q: %w", spec.Path, err)
	}
	p := &Process{
		name:    spec.Path,
		pid:     cmd.Process.Pid,
		started: time.Now(),
		timeout: opts.Timeout,
		done:    make(chan struct{}),
	}
	go p.wait(cmd)
	if opts.Timeout > 0 || ctx.Done() != nil {
		go p.watch(ctx, opts)
	}
	return p, nil
}

// lookPath resolves name the way a shell would, but in the PATH of the
// task's environment rather than the supervisor's.
func lookPath(name string, env []string) (string, error) {
	if name == "" {
		return "", errors.New("start: empty command")
	}
	if strings.Contains(name, "/") {
		return name, nil
	}
	pathEnv, ok := lookupEnv(env, "PATH")
	if !ok {
		pathEnv = os.Getenv("PATH")
	}
	for _, dir := range filepath.SplitList(pathEnv) {
		if dir == "" {
			// An empty entry means the current directory; running a file
			// from there by accident is a classic PATH hazard.
			continue
		}
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("start %q: executable not found in PATH %q: %w", name, pathEnv, exec.ErrNotFound)
}

// lookupEnv returns the last value of key in env, as a process would see it.
func lookupEnv(env []string, key string) (string, bool) {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}

func openLog(path string) (*os.File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
}

func (p *Process) wait(cmd *exec.Cmd) {
	err := cmd.Wait()
	ended := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	r := Result{Pid: p.pid, ExitCode: -1, Started: p.started, Ended: ended, TimedOut: p.timedOut, Stopped: p.stopped}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		r.ExitCode = 0
	case errors.As(err, &exitErr):
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.Signal = signalName(ws.Signal())
		} else {
			r.ExitCode = exitErr.ExitCode()
		}
	default:
		r.Err = fmt.Errorf("wait for %q (pid %d): %w", p.name, p.pid, err)
	}
	if r.Err == nil {
		r.Err = p.failure(r)
	}
	p.res = r
	close(p.done)
}

// failure explains an unsuccessful result; the most specific cause wins.
func (p *Process) failure(r Result) error {
	switch {
	case r.TimedOut:
		return fmt.Errorf("%q timed out after %s", p.name, p.timeout)
	case r.Stopped:
		return fmt.Errorf("%q was stopped", p.name)
	case r.Signal != "":
		return fmt.Errorf("%q was killed by %s", p.name, r.Signal)
	case r.ExitCode != 0:
		return fmt.Errorf("%q exited with status %d", p.name, r.ExitCode)
	}
	return nil
}

// watch enforces the timeout and the context.
func (p *Process) watch(ctx context.Context, opts Options) {
	var expired <-chan time.Time
	if opts.Timeout > 0 {
		t := time.NewTimer(opts.Timeout)
		defer t.Stop()
		expired = t.C
	}
	select {
	case <-p.done:
	case <-expired:
		p.mu.Lock()
		p.timedOut = true
		p.mu.Unlock()
		p.terminate(opts.Grace)
	case <-ctx.Done():
		p.Stop(opts.Grace)
	}
}

// Pid returns the process id of the leader, which is also the id of its
// process group.
func (p *Process) Pid() int { return p.pid }

// Wait waits for the leader to exit and returns the result; every call
// returns the same result.
func (p *Process) Wait() Result {
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.res
}

// Done is closed when the leader has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Stop sends SIGTERM to the process group and SIGKILL once grace has passed
// with any member still alive. It returns when the leader has exited and the
// rest of the group is gone, or has had killWait to die after SIGKILL. A stop
// of a finished run only signals the members the leader left behind; the
// result is not changed.
func (p *Process) Stop(grace time.Duration) {
	p.markStopped()
	p.terminate(grace)
}

// Kill sends SIGKILL to the process group and waits as Stop does.
func (p *Process) Kill() {
	p.markStopped()
	p.terminate(0)
}

// killWait bounds the wait for a group to vanish after SIGKILL: a member
// stuck in uninterruptible sleep must not block a stop for ever.
const killWait = time.Second

func (p *Process) markStopped() {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.done:
	default:
		p.stopped = true
	}
}

func (p *Process) terminate(grace time.Duration) {
	if grace > 0 {
		p.signal(syscall.SIGTERM)
		if p.await(grace) {
			return
		}
	}
	p.signal(syscall.SIGKILL)
	p.await(killWait)
}

// await waits up to d for the leader to exit and the rest of its group to
// vanish, and reports whether both happened.
func (p *Process) await(d time.Duration) bool {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	select {
	case <-p.done:
	case <-deadline.C:
		return false
	}
	// The leader is gone, but members that ignore the signal or are still
	// dying may remain in the group.
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for GroupAlive(p.pid) {
		select {
		case <-tick.C:
		case <-deadline.C:
			return false
		}
	}
	return true
}

// signal sends sig to the whole group. After the leader has been reaped its
// id stays reserved only while other members of the group exist; once the
// group is empty the kernel reports ESRCH, which is ignored. (A new group
// could take the id only after the pid space wrapped around in between.)
func (p *Process) signal(sig syscall.Signal) {
	_ = syscall.Kill(-p.pid, sig)
}

var signalNames = map[syscall.Signal]string{
	syscall.SIGHUP:  "SIGHUP",
	syscall.SIGINT:  "SIGINT",
	syscall.SIGQUIT: "SIGQUIT",
	syscall.SIGILL:  "SIGILL",
	syscall.SIGTRAP: "SIGTRAP",
	syscall.SIGABRT: "SIGABRT",
	syscall.SIGBUS:  "SIGBUS",
	syscall.SIGFPE:  "SIGFPE",
	syscall.SIGKILL: "SIGKILL",
	syscall.SIGUSR1: "SIGUSR1",
	syscall.SIGSEGV: "SIGSEGV",
	syscall.SIGUSR2: "SIGUSR2",
	syscall.SIGPIPE: "SIGPIPE",
	syscall.SIGALRM: "SIGALRM",
	syscall.SIGTERM: "SIGTERM",
	syscall.SIGXCPU: "SIGXCPU",
	syscall.SIGXFSZ: "SIGXFSZ",
}

// signalName gives the conventional name of sig, as shells print it.
func signalName(sig syscall.Signal) string {
	if n, ok := signalNames[sig]; ok {
		return n
	}
	return fmt.Sprintf("signal %d", int(sig))
}
