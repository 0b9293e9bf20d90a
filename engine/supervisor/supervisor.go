//go:build unix

// Package supervisor is the per-try supervisor of a task run: the process
// `aiflow taskmanager run SPEC` that the engine starts, detached in its own
// session, for every try of every task run (issue 4, Operators). It starts
// the task command, reports to the server that the try has started and how
// it ended, and records the outcome in the try's file first (Record), so
// that task processes and their outcomes survive a crash or restart of the
// server.
//
// The protocol, in order:
//
//  1. Take the lock of the try's file (flock) and hold it for life. A lock
//     held by someone else, or a file that already records a state or an
//     outcome, means another supervisor has started this try: do nothing.
//     This is how the engine never starts a try twice, even when it
//     restarts a supervisor after a crash.
//  2. Become the child subreaper of what the task starts (Linux), so that
//     processes the task orphans are reparented to the supervisor, which
//     reaps them and ends them with the run.
//  3. Record the state Starting (own pid) before starting the task, then
//     start it (process.Start) and record Running (the task's pid).
//  4. Report "started" from a goroutine: on the pipe of a pooled supervisor
//     (Serve), else over HTTP, retrying while the server is unreachable or
//     failing (5xx); a 4xx answer is final.
//  5. When the task's leader has exited, end whatever it left behind (its
//     process group and the orphans), record the outcome, and only then
//     report "exited", after the started report has been delivered or
//     given up. When the server stays unreachable the supervisor gives up:
//     the engine's recovery reads the outcome from the file.
//
// SIGTERM or SIGINT to the supervisor stops the run: SIGTERM to the task's
// process group, SIGKILL after the spec's grace, and the outcome is marked
// stopped. SIGHUP is ignored.
//
// A supervisor owns its process: it makes the process a child subreaper and
// reaps children it did not start itself, so Run must not be called in a
// process that starts other children, nor twice at once in one process.
package supervisor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/engine/process"
)

// How long the reports are retried while the server is unreachable or
// failing. The exited report gets longer: it carries the outcome, while a
// lost started report only delays the RUNNING state.
const (
	startedWindow = 30 * time.Second
	exitedWindow  = 60 * time.Second
)

// Retry backoff of the reports: quick at first, because a restarting server
// is usually back within a second.
const (
	minBackoff = 50 * time.Millisecond
	maxBackoff = time.Second
)

// killWait bounds the wait for leftover processes to vanish after SIGKILL, as
// process.Process does: a process stuck in uninterruptible sleep must not
// keep the supervisor from recording the outcome.
const killWait = time.Second

// orphanCheck is how often a supervisor checks that its try's file still
// exists.
const orphanCheck = time.Second

// pollEvery is how often the supervisor looks for leftover processes while it
// ends them.
const pollEvery = 5 * time.Millisecond

// exitNotStarted is the exit code recorded for a task command that could not
// be started, as a shell reports a command it cannot find.
const exitNotStarted = 127

// Run supervises the try described by the spec file at specPath until its
// task has ended and the outcome is recorded and reported (see the package
// comment). It returns nil when the try is supervised by someone else and
// whatever the task's exit status; an error means the supervisor could not
// do its job (a bad spec, a file it cannot write). SIGTERM
// and SIGINT stop the run, as does the end of ctx; SIGHUP is ignored. A nil
// log discards the supervisor's messages.
func Run(ctx context.Context, specPath string, log *slog.Logger) error {
	return one(ctx, specPath, log, nil)
}

// one supervises the try of specPath, reporting on p when it is not nil.
func one(ctx context.Context, specPath string, log *slog.Logger, p *pipe) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// Signals are caught rather than ignored: a caught signal is reset to
	// its default action in the task, an ignored one would stay ignored.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	defer signal.Stop(sigs)
	stop := make(chan struct{})
	closeStop := sync.OnceFunc(func() { close(stop) })
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case sig := <-sigs:
				if sig == syscall.SIGHUP {
					log.Info("ignoring SIGHUP")
					continue
				}
				log.Info("stop requested", "signal", sig.String())
				closeStop()
			case <-done:
				return
			}
		}
	}()
	return run(ctx, specPath, log, options{stop: stop, startedWindow: startedWindow, exitedWindow: exitedWindow, pipe: p})
}

// options are the parts of a supervisor that tests replace.
type options struct {
	// stop, when closed, stops the run as SIGTERM does.
	stop <-chan struct{}
	// startedWindow and exitedWindow bound the retries of the reports.
	startedWindow, exitedWindow time.Duration
	// pipe, when set, takes the reports (Serve) while it is open.
	pipe *pipe
	// orphanCheck is how often the supervisor checks that the try's
	// file still exists (the constant orphanCheck when zero).
	orphanCheck time.Duration
}

// supervisor is one try under supervision.
type supervisor struct {
	// file is the try's record, locked; size its length so far.
	file *os.File
	size int
	rec  Record
	log  *slog.Logger
	cl   *client.Client
	opts options
}

func run(ctx context.Context, specPath string, log *slog.Logger, opts options) error {
	// The lock lives as long as this descriptor, which the task does not
	// inherit (Go opens files close-on-exec).
	f, err := os.OpenFile(specPath, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("read task spec: %w", err)
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		log.Info("another supervisor holds the lock; nothing to do", "lock", specPath)
		return nil
	}
	if err != nil {
		return fmt.Errorf("lock %q: %w", specPath, err)
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return fmt.Errorf("read task spec %q: %w", specPath, err)
	}
	rec, err := parse(specPath, b)
	if err != nil {
		return err
	}
	if err := check(specPath, rec.Spec); err != nil {
		return err
	}
	log = log.With("task", rec.Key, "try", rec.Try)
	if rec.Started() {
		log.Info("the try was started before; nothing to do", "spec", specPath)
		return nil
	}
	log.Info("supervising the try", "spec", specPath, "command", rec.Path, "task_execution", rec.TaskExecutionID)
	s := &supervisor{
		file: f, size: len(b), rec: rec, log: log,
		cl: client.New(rec.Server, rec.Token), opts: opts,
	}
	return s.supervise(ctx)
}

// check rejects a spec the supervisor cannot work with.
func check(path string, s Spec) error {
	var missing []string
	if s.Server == "" {
		missing = append(missing, "server")
	}
	if s.TaskExecutionID <= 0 {
		missing = append(missing, "task_execution_id")
	}
	if s.Path == "" {
		missing = append(missing, "path")
	}
	if len(missing) > 0 {
		return fmt.Errorf("task spec %q has no %s", path, strings.Join(missing, ", "))
	}
	if filepath.Ext(path) != ".json" {
		return fmt.Errorf("task spec %q must be a .json file", path)
	}
	return nil
}

func (s *supervisor) supervise(ctx context.Context) error {
	undo, err := becomeSubreaper()
	if err != nil {
		// Not fatal: orphans then go to init, and only the task's process
		// group is ended with the run.
		s.log.Warn("cannot become the child subreaper of the task", "error", err)
	}
	defer undo()
	self := os.Getpid()
	if err := s.writeState(State{Phase: Starting, Supervisor: self}); err != nil {
		return err
	}
	rctx := context.WithoutCancel(ctx)
	if s.stopRequested(ctx) {
		now := time.Now()
		s.log.Info("stopped before the task started")
		return s.finish(rctx, process.Result{
			ExitCode: -1, Stopped: true, Started: now, Ended: now,
			Err: fmt.Errorf("%q was stopped before it started", s.rec.Path),
		}, nil)
	}
	p, err := process.Start(context.Background(),
		process.Spec{Path: s.rec.Path, Args: s.rec.Args, Env: s.rec.Env, Dir: s.rec.Dir},
		process.Options{LogPath: s.rec.LogPath})
	if err != nil {
		return s.notStarted(rctx, err)
	}
	started := time.Now()
	pid := p.Pid()
	r := startReaper(pid)
	defer r.stop()
	s.log.Info("task started", "pid", pid)
	if err := s.writeState(State{Phase: Running, Supervisor: self, Pid: pid, Started: started}); err != nil {
		// The task runs and its outcome will say how it ended; a
		// recovering engine that finds the state Starting treats the try
		// as lost, which is the safe side.
		s.log.Error("cannot record the running state", "error", err)
	}
	sent, refused := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sent)
		if s.report(rctx, api.TaskReport{Try: s.rec.Try, Event: api.ReportStarted, Pid: pid, Time: started}, s.opts.startedWindow) == reportRefused {
			close(refused)
		}
	}()

	stopping := true
	every := s.opts.orphanCheck
	if every <= 0 {
		every = orphanCheck
	}
	orphan := time.NewTicker(every)
	defer orphan.Stop()
wait:
	for {
		select {
		case <-p.Done():
			stopping = false
			break wait
		case <-ctx.Done():
			break wait
		case <-s.opts.stop:
			break wait
		case <-refused:
			// The engine gave this try up (stopped or replaced it) before
			// it heard that it runs: it must not run on unseen.
			s.log.Info("the server refused the started report; stopping the task")
			break wait
		case <-orphan.C:
			// With its file, the try is gone from the engine's view (the
			// run's folder was removed): it must not run on unseen.
			if s.removed() {
				s.log.Warn("the try's file was removed; stopping the task", "file", s.file.Name())
				break wait
			}
		}
	}
	grace := s.rec.Grace
	if stopping {
		s.log.Info("stopping the task", "pid", pid, "grace", grace)
		// Orphans outside the group get the same grace as the group.
		for _, c := range liveChildren(pid) {
			syscall.Kill(c, syscall.SIGTERM)
		}
		p.Stop(grace)
		grace = 0
	}
	res := p.Wait()
	r.leaderGone()
	if s.endLeftovers(pid, grace) {
		s.log.Info("ended processes the task left behind")
	}
	return s.finish(rctx, res, sent)
}

// removed reports whether the try's file has been removed (unlinked; the
// supervisor still holds it open).
func (s *supervisor) removed() bool {
	fi, err := s.file.Stat()
	if err != nil {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && st.Nlink == 0
}

// stopRequested reports whether the run was stopped already.
func (s *supervisor) stopRequested(ctx context.Context) bool {
	select {
	case <-ctx.Done():
		return true
	case <-s.opts.stop:
		return true
	default:
		return false
	}
}

// notStarted records a task command that could not start: a line in its log
// for the user, exit status 127 in the outcome and the exited report.
func (s *supervisor) notStarted(ctx context.Context, err error) error {
	s.log.Error("cannot start the task", "error", err)
	if s.rec.LogPath != "" {
		if lerr := appendLog(s.rec.LogPath, "aiflow: cannot start the task: "+err.Error()+"\n"); lerr != nil {
			s.log.Error("cannot write the task log", "error", lerr)
		}
	}
	now := time.Now()
	return s.finish(ctx, process.Result{ExitCode: exitNotStarted, Err: err, Started: now, Ended: now}, nil)
}

func appendLog(path, line string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteString(line)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// finish records the outcome, then reports it once the
// started report (sent, when not nil) is done: the server must see started
// before exited. An outcome that cannot be recorded is the error.
func (s *supervisor) finish(ctx context.Context, res process.Result, sent <-chan struct{}) error {
	o := outcomeOf(res)
	s.rec.Outcome = o
	werr := s.save()
	if werr != nil {
		s.log.Error("cannot record the outcome", "error", werr)
	}
	log := s.log.With("pid", o.Pid, "exit_code", o.ExitCode, "signal", o.Signal, "stopped", o.Stopped)
	if o.Error != "" {
		log = log.With("error", o.Error)
	}
	log.Info("task ended")
	if sent != nil {
		<-sent
	}
	s.report(ctx, api.TaskReport{
		Try: s.rec.Try, Event: api.ReportExited, Pid: o.Pid, ExitCode: o.ExitCode, Signal: o.Signal,
		Stopped: o.Stopped, TimedOut: o.TimedOut, Error: o.Error, Time: o.Ended,
	}, s.opts.exitedWindow)
	return werr
}

func (s *supervisor) writeState(st State) error {
	s.rec.State = &st
	return s.save()
}

// save writes the record over the file in place, with one write: the file
// exists (its existence and lock are what keep a second supervisor from
// starting the try), and a record cut short by a crash reads as unknown,
// which the engine treats like Starting (the try is lost, never started
// again). A shorter record is padded with spaces, which JSON ignores.
func (s *supervisor) save() error {
	b, err := json.Marshal(s.rec)
	if err != nil {
		return fmt.Errorf("write supervisor state: %w", err)
	}
	if pad := s.size - len(b); pad > 0 {
		b = append(b, bytes.Repeat([]byte{' '}, pad)...)
	}
	if _, err := s.file.WriteAt(b, 0); err != nil {
		return fmt.Errorf("write supervisor state %q: %w", s.file.Name(), err)
	}
	s.size = len(b)
	return nil
}

// Outcomes of report.
type reportOutcome int

const (
	reportTaken   reportOutcome = iota
	reportRefused               // a 4xx answer: the engine does not expect it
	reportLost                  // the server never answered within the window
)

// report sends r on the engine's pipe while it is open (the engine
// answers a refused started report with SIGTERM), else over HTTP, retrying
// for at most window while the server is unreachable or answers 5xx; a 4xx
// answer (409: the engine no longer expects this try) is final.
func (s *supervisor) report(ctx context.Context, r api.TaskReport, window time.Duration) reportOutcome {
	r.ExecutionBegan = s.rec.Began
	if s.opts.pipe != nil {
		err := s.opts.pipe.send(Message{TaskExecutionID: s.rec.TaskExecutionID, Report: r})
		if err == nil {
			s.log.Info("reported", "event", r.Event, "on", "pipe")
			return reportTaken
		}
		s.log.Warn("the engine's pipe is closed; reporting over HTTP", "event", r.Event, "error", err)
		s.opts.pipe = nil
	}
	r.Secret = s.rec.Secret
	deadline := time.Now().Add(window)
	wait := minBackoff
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithDeadline(ctx, deadline)
		err := s.cl.Report(actx, s.rec.TaskExecutionID, r)
		cancel()
		if err == nil {
			s.log.Info("reported", "event", r.Event, "attempts", attempt)
			return reportTaken
		}
		var ce *client.Error
		if errors.As(err, &ce) && ce.Status < 500 {
			s.log.Warn("the server refused the report", "event", r.Event, "status", ce.Status, "error", err)
			return reportRefused
		}
		if time.Until(deadline) < wait {
			s.log.Error("gave up the report; the server will read the outcome from the file when it recovers",
				"event", r.Event, "attempts", attempt, "error", err)
			return reportLost
		}
		if attempt == 1 {
			s.log.Warn("report failed; retrying", "event", r.Event, "error", err)
		}
		time.Sleep(wait)
		wait = min(2*wait, maxBackoff)
	}
}

// endLeftovers ends the processes the task left behind once its leader has
// exited, so that none outlives the run: the rest of its process group and
// the orphans reparented to the supervisor that left the group (setsid).
// Each gets SIGTERM and, once grace has passed, SIGKILL. Orphans of
// orphans are reparented to the supervisor as their parents die, so it
// looks again until nothing is left or killWait has passed after SIGKILL.
// It reports whether anything was left.
func (s *supervisor) endLeftovers(pgid int, grace time.Duration) bool {
	termed := map[int]bool{}
	killing := grace <= 0
	deadline := time.Now().Add(grace)
	if killing {
		deadline = time.Now().Add(killWait)
	}
	for {
		group := process.GroupAlive(pgid)
		kids := liveChildren(0)
		if !group && len(kids) == 0 {
			return len(termed) > 0
		}
		if time.Now().After(deadline) {
			if killing {
				s.log.Warn("processes of the task survived SIGKILL", "group", group, "orphans", kids)
				return true
			}
			killing = true
			deadline = time.Now().Add(killWait)
		}
		if group {
			if killing {
				syscall.Kill(-pgid, syscall.SIGKILL)
			} else if !termed[-pgid] {
				syscall.Kill(-pgid, syscall.SIGTERM)
			}
			termed[-pgid] = true
		}
		for _, c := range kids {
			if killing {
				syscall.Kill(c, syscall.SIGKILL)
			} else if !termed[c] {
				syscall.Kill(c, syscall.SIGTERM)
			}
			termed[c] = true
		}
		time.Sleep(pollEvery)
	}
}
