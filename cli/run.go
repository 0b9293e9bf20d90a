package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/config"
	"github.com/aiflow-go/aiflow/server"
	"github.com/aiflow-go/aiflow/storage"
)

// runCmd is "aiflow run": upload and run in one command, with a server
// started for the occasion when none runs.
type runCmd struct {
	File       string   `arg:"" predictor:"definition" help:"Definition file (.py, .yaml or .yml)."`
	Files      []string `short:"f" sep:"," placeholder:"F1,F2" predictor:"file" help:"Artifacts stored with the snapshot, as for 'aiflow workflow upload': files go to its root, folders are copied with their content."`
	Namespace  string   `short:"n" predictor:"namespace" help:"Namespace of the workflows that declare none (default: their own, else default)."`
	Wait       bool     `default:"true" negatable:"" help:"Wait for the executions to end, showing progress and task output (default); --no-wait only starts them, which needs a running server."`
	WaitEvents bool     `name:"wait-events" help:"Keep waiting while only events from outside can move an execution, instead of ending the run."`
	paramsFlag
}

// Help is the long help of aiflow run.
func (c *runCmd) Help() string {
	return `Uploads the file like 'aiflow workflow upload', starts one execution of
each workflow it defines (with the parameters of --param, as
'workflow-execution start' does) and follows them to their end: task
states on stderr (a live view on a terminal), and the output of each task
run on stdout as the run ends. The exit status is 0 if every execution
succeeded and 1 otherwise. An execution in which nothing can run any more
without an event from outside (tasks waiting for events that nobody sent)
ends the run too, with what each task waits for; --wait-events waits for
such events instead.

When no server answers at the configured address, run starts one in this
process for the time of the run (writing the configuration and creating
the database first if needed) and stops it at the end, with the
executions. Ctrl-C then stops the executions (press it again to quit at
once); with a server that was already running, which run names, Ctrl-C
only stops waiting.`
}

// Run uploads, starts and follows.
func (c *runCmd) Run(e *env) (err error) {
	params, err := c.params()
	if err != nil {
		return err
	}
	req, err := uploadRequest(e, c.File, c.Files, c.Namespace)
	if err != nil {
		return err
	}
	cl, err := newClient()
	if err != nil {
		return err
	}
	h, herr := cl.Health(e.ctx)
	var (
		notRunning *client.NotRunningError
		local      *localServer
	)
	switch {
	case herr == nil:
		fmt.Fprintln(e.stderr, serverLine(cl.Addr(), h))
	case !errors.As(herr, &notRunning):
		return herr
	case os.Getenv("AIFLOW_SERVER") != "":
		return fmt.Errorf("%w (AIFLOW_SERVER names it; unset AIFLOW_SERVER to let 'aiflow run' start a server of its own)", herr)
	case !c.Wait:
		return &exitError{code: exitUsage, err: errors.New("--no-wait needs a running server: the server 'aiflow run' starts stops when the run ends; start one with 'aiflow server start -d'")}
	default:
		cfg, err := loadConfig(e)
		if err != nil {
			return err
		}
		if local, err = startLocal(e, cfg); err != nil {
			return err
		}
		defer func() {
			if serr := local.stop(); serr != nil && err == nil {
				err = serr
			}
		}()
		cl = client.New(local.addr, cfg.Token)
	}

	res, err := uploadDefinition(e, cl, req)
	if err != nil {
		return err
	}
	var ids []int64
	for _, w := range res.Workflows {
		if _, err := fmt.Fprintf(e.stdout, "Workflow: %s.%s, submitted.\n", w.Namespace, w.Name); err != nil {
			return err
		}
	}
	for _, w := range res.Workflows {
		x, err := cl.StartExecution(e.ctx, w.Namespace, w.Name, api.StartExecutionRequest{Params: params})
		if err != nil {
			if local != nil {
				local.stopExecutions(e, cl, ids)
			}
			return err
		}
		ids = append(ids, x.ID)
		if _, err := fmt.Fprintf(e.stdout, "Workflow execution: %d submitted.\n", x.ID); err != nil {
			return err
		}
	}
	if !c.Wait || len(ids) == 0 {
		return nil
	}
	return c.wait(e, cl, ids, local)
}

// wait follows the executions ids to their end, printing each task run's
// log as it ends. On Ctrl-C it stops waiting, but with a server of its
// own (local), which is about to go away, it stops the executions first
// and waits for them, unless Ctrl-C comes again.
func (c *runCmd) wait(e *env, cl *client.Client, ids []int64, local *localServer) error {
	logs := &logPrinter{e: e, cl: cl, multi: len(ids) > 1}
	w := newWatcher(cl, ids, e.progress(), logs.print)
	w.waitEvents = c.WaitEvents
	ctx, stop := signal.NotifyContext(e.ctx, os.Interrupt, syscall.SIGTERM)
	xs, err := w.follow(ctx)
	stop()
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		names := make([]string, len(ids))
		for i, id := range ids {
			names[i] = strconv.FormatInt(id, 10)
		}
		if local == nil {
			return fmt.Errorf("interrupted: stopped waiting; workflow execution %s goes on (stop it with 'aiflow workflow-execution stop ID')",
				strings.Join(names, ", "))
		}
		if err := w.p.clear(); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "interrupted: stopping workflow execution %s before the server stops (Ctrl-C again to quit at once)\n",
			strings.Join(names, ", "))
		ctx, stop := signal.NotifyContext(e.ctx, os.Interrupt, syscall.SIGTERM)
		defer stop()
		for _, id := range ids {
			if _, err := cl.StopExecution(ctx, id); err != nil && ctx.Err() == nil {
				fmt.Fprintf(e.stderr, "aiflow: error: stop workflow execution %d: %v\n", id, err)
			}
		}
		xs, err = w.follow(ctx)
		if ctx.Err() != nil {
			return errors.New("interrupted again: quitting before the workflow executions ended; the next server start records how they end")
		}
	}
	if err != nil {
		if local != nil {
			local.stopExecutions(e, cl, ids)
		}
		return err
	}
	// Executions that wait for events from outside stop with the server.
	if local != nil && slices.ContainsFunc(xs, func(x api.ExecutionDetail) bool { return !storage.ExecutionStatus(x.Status).Finished() }) {
		local.stopExecutions(e, cl, ids)
	}
	return outcome(xs, w.ws, local != nil)
}

// logPrinter prints the log of each task run as it ends, under a header
// naming the run, in the manner of tail with several files.
type logPrinter struct {
	e     *env
	cl    *client.Client
	multi bool // several workflows: name the workflow in headers
	n     int  // logs printed
}

func (l *logPrinter) print(x api.ExecutionDetail, te api.TaskExecution) error {
	var buf bytes.Buffer
	if _, err := copyLog(l.e.ctx, l.cl, te.ID, 0, &buf, false); err != nil {
		return err
	}
	name := fmt.Sprintf("%s#%d", te.Task, te.SequenceNumber)
	if l.multi {
		name = x.Workflow + "/" + name
	}
	head := name + " " + te.Status
	if note := runNote(te); note != "" {
		head += " (" + note + ")"
	}
	if buf.Len() == 0 {
		head += ", no output"
	}
	head = "==> " + head + " <=="
	if l.e.color {
		head = styleBold + head + styleReset
	}
	if l.n > 0 {
		head = "\n" + head
	}
	l.n++
	if buf.Len() > 0 && !bytes.HasSuffix(buf.Bytes(), []byte("\n")) {
		buf.WriteByte('\n')
	}
	_, err := fmt.Fprintf(l.e.stdout, "%s\n%s", head, buf.Bytes())
	return err
}

// localServer is a server that 'aiflow run' started in its own process.
type localServer struct {
	addr    string
	cancel  context.CancelFunc
	done    chan error
	logFile *server.RotatingLog
}

// startLocal starts the server of cfg in this process, creating its
// database first when there is none, and waits until it accepts calls. The
// server logs to its usual log file only: the run's own output stays
// readable.
func startLocal(e *env, cfg *config.Config) (*localServer, error) {
	if pid := server.RunningPID(cfg.Home); pid != 0 {
		return nil, fmt.Errorf("the aiflow server of %s (pid %d) does not answer at %s; is it still starting?", cfg.Home, pid, cfg.ServerAddress)
	}
	if err := server.CheckAddress(cfg.ServerAddress, cfg.Token); err != nil {
		return nil, err
	}
	if err := prepareHome(e, cfg); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.LogDir, 0o700); err != nil {
		return nil, fmt.Errorf("create log folder: %w", err)
	}
	logPath := filepath.Join(cfg.LogDir, server.LogFile)
	f, err := server.OpenLog(logPath, logOptions(cfg, false))
	if err != nil {
		return nil, err
	}
	exe, err := self()
	if err != nil {
		f.Close()
		return nil, err
	}
	// The server outlives e.ctx's cancellation until stop: the executions
	// it runs must be stopped through it first.
	ctx, cancel := context.WithCancel(context.WithoutCancel(e.ctx))
	s := &localServer{cancel: cancel, done: make(chan error, 1), logFile: f}
	ready := make(chan net.Addr, 1)
	go func() {
		o := server.RunOptionsOf(cfg)
		o.Executable, o.Version, o.Ready = exe, Version, func(a net.Addr) { ready <- a }
		o.Log = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelInfo}))
		s.done <- server.Run(ctx, o)
	}()
	select {
	case a := <-ready:
		s.addr = dialAddress(a.String())
	case err := <-s.done:
		cancel()
		f.Close()
		return nil, fmt.Errorf("start an aiflow server for the run: %w", err)
	}
	fmt.Fprintf(e.stderr, "Started an aiflow server at %s for this run (log: %s); it stops when the run ends.\n", s.addr, logPath)
	return s, nil
}

// stop shuts the server down and waits until it has.
func (s *localServer) stop() error {
	s.cancel()
	err := <-s.done
	s.logFile.Close()
	return err
}

// stopExecutions stops the executions ids and waits (up to stopGrace) until
// they have ended, so that a run that fails part way leaves no task behind
// its server. It reports nothing: the run already has an error to report.
func (s *localServer) stopExecutions(e *env, cl *client.Client, ids []int64) {
	ctx, cancel := context.WithTimeout(e.ctx, stopGrace)
	defer cancel()
	for _, id := range ids {
		cl.StopExecution(ctx, id)
	}
	for _, id := range ids {
		for ctx.Err() == nil {
			x, err := cl.Execution(ctx, id)
			if err != nil || storage.ExecutionStatus(x.Status).Finished() {
				break
			}
			select {
			case <-ctx.Done():
			case <-time.After(pollInterval):
			}
		}
	}
}
