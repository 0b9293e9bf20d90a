package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/config"
	"github.com/aiflow-go/aiflow/internal/spell"
	"github.com/aiflow-go/aiflow/operator"
	"github.com/aiflow-go/aiflow/storage"
)

// executionCmd is AIFlow's "aiflow workflow-execution" group.
type executionCmd struct {
	Start   executionStartCmd   `cmd:"" help:"Start an execution of a workflow (--wait: follow it to its end)."`
	Stop    executionStopCmd    `cmd:"" help:"Stop a workflow execution and its running tasks."`
	StopAll executionStopAllCmd `cmd:"" name:"stop-all" help:"Stop every running execution of a workflow."`
	Delete  executionDeleteCmd  `cmd:"" help:"Delete a finished workflow execution and its task executions."`
	List    executionListCmd    `cmd:"" help:"List the executions of a workflow, or the running ones of every workflow."`
	Show    executionShowCmd    `cmd:"" help:"Show a workflow execution with its task executions."`
	Watch   executionWatchCmd   `cmd:"" help:"Follow a workflow execution until it ends, as start --wait does."`
}

type executionStartCmd struct {
	workflowRef
	paramsFlag
	Wait       bool `help:"Follow the execution until it ends, showing task states; exit 0 only if it succeeded."`
	WaitEvents bool `name:"wait-events" help:"Like --wait, and keep waiting while only events from outside can move the execution."`
}

// Help is the long help of aiflow workflow-execution start.
func (c *executionStartCmd) Help() string {
	return `Starts an execution of the workflow's latest snapshot and prints its id.
--param NAME=VALUE (repeatable) gives it parameters, which every task
finds in AIFLOW_PARAM_<NAME> and Python callables in params. With --wait,
follows it until it ends: on a terminal a live view of its tasks on stderr
(with what each task that has not run waits for), otherwise a line per
task status change. The exit status is then 0 if the execution succeeded
and 1 otherwise, with the failed tasks and their logs named. An execution
in which nothing can run any more without an event from outside (tasks
waiting for events that nobody sent) also ends the wait, with exit status
1 and what each task waits for; --wait-events waits for such events
instead. Ctrl-C stops waiting, not the execution.`
}

// Run starts the execution, and with --wait follows it.
func (c *executionStartCmd) Run(e *env) error {
	params, err := c.params()
	if err != nil {
		return err
	}
	cl, err := newClient()
	if err != nil {
		return err
	}
	wait := c.Wait || c.WaitEvents
	if wait {
		if err := attach(e, cl); err != nil {
			return err
		}
	}
	x, err := cl.StartExecution(e.ctx, c.Namespace, c.Name, api.StartExecutionRequest{Params: params})
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(e.stdout, "Workflow execution: %d submitted.\n", x.ID); err != nil {
		return err
	}
	if !wait {
		return nil
	}
	return watch(e, cl, x.ID, c.WaitEvents)
}

// paramsFlag is the repeatable --param of the commands that run tasks.
type paramsFlag struct {
	Param []string `sep:"none" placeholder:"NAME=VALUE" help:"A parameter of the execution (repeatable): tasks get AIFLOW_PARAM_<NAME>, NAME upper-cased with characters other than letters, digits and _ as _; Python callables that declare params get them all."`
}

// params returns the parameters by name, nil for none. A malformed,
// repeated or colliding one is a usage error.
func (f paramsFlag) params() (map[string]string, error) {
	if len(f.Param) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(f.Param))
	for _, p := range f.Param {
		name, value, ok := strings.Cut(p, "=")
		if !ok || name == "" {
			return nil, &exitError{code: exitUsage, err: fmt.Errorf("--param must be NAME=VALUE, got %q", p)}
		}
		if _, dup := out[name]; dup {
			return nil, &exitError{code: exitUsage, err: fmt.Errorf("--param %s is given twice", name)}
		}
		out[name] = value
	}
	if err := operator.CheckParams(out); err != nil {
		return nil, &exitError{code: exitUsage, err: fmt.Errorf("--param: %w", err)}
	}
	return out, nil
}

type executionWatchCmd struct {
	executionArg
	WaitEvents bool `name:"wait-events" help:"Keep waiting while only events from outside can move the execution."`
}

// Help is the long help of aiflow workflow-execution watch.
func (c *executionWatchCmd) Help() string {
	return `Follows a workflow execution, whoever started it (a user, a schedule, a
trigger), until it ends, exactly as 'workflow-execution start --wait'
does: the same view, the same exit status. Ctrl-C stops watching, not the
execution.`
}

// Run follows the execution.
func (c *executionWatchCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	if err := attach(e, cl); err != nil {
		return err
	}
	return watch(e, cl, c.ID, c.WaitEvents)
}

// watch follows execution id to its end, or until only events from
// outside can move it (unless waitEvents), and turns how it ended into the
// exit status. Ctrl-C stops watching.
func watch(e *env, cl *client.Client, id int64, waitEvents bool) error {
	ctx, stop := signal.NotifyContext(e.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	w := newWatcher(cl, []int64{id}, e.progress(), nil)
	w.waitEvents = waitEvents
	xs, err := w.follow(ctx)
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted: stopped waiting; workflow execution %d goes on (stop it with 'aiflow workflow-execution stop %d')", id, id)
	}
	if err != nil {
		return err
	}
	return outcome(xs, w.ws, false)
}

// attach checks that the server cl calls answers and names it on stderr:
// its address and home, saying so plainly when that home is not this
// command's $AIFLOW_HOME (another configuration, database and logs).
func attach(e *env, cl *client.Client) error {
	h, err := cl.Health(e.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, serverLine(cl.Addr(), h))
	return nil
}

// serverLine names a running server: its address, home and pid.
func serverLine(addr string, h api.Health) string {
	home, err := config.Home(os.Getenv)
	if err == nil && h.Home != "" && filepath.Clean(h.Home) != home {
		return fmt.Sprintf("Using the aiflow server at %s (pid %d) of another home, %s, not %s: its configuration, database and logs are there.",
			addr, h.PID, h.Home, home)
	}
	return fmt.Sprintf("Using the aiflow server at %s (home %s, pid %d).", addr, cmp.Or(h.Home, "unknown"), h.PID)
}

// progress returns the progress view of a waiting command, on stderr: live
// when stderr is a terminal that can move its cursor.
func (e *env) progress() *progress {
	live := e.errTTY && os.Getenv("TERM") != "dumb"
	p := newProgress(e.stderr, live, e.errColor, 0, 0)
	if live {
		p.size = func() (int, int) { return termSize(e.stderr) }
	}
	return p
}

// executionArg is the workflow execution id argument.
type executionArg struct {
	ID int64 `arg:"" name:"id" predictor:"execution" help:"Workflow execution id."`
}

type executionStopCmd struct{ executionArg }

// Run asks the server to stop the execution; the task processes end
// asynchronously. An execution that has already ended is left as it is.
func (c *executionStopCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	if _, err := cl.StopExecution(e.ctx, c.ID); err != nil {
		if status, ok := endedExecution(e.ctx, cl, c.ID, err); ok {
			_, err = fmt.Fprintf(e.stdout, "Workflow execution %d has already ended (%s); nothing to stop.\n", c.ID, status)
		}
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "Stopping workflow execution: %d\n", c.ID)
	return err
}

// endedExecution tells a refusal (409) that came because execution id has
// already finished, with its status, from other errors.
func endedExecution(ctx context.Context, cl *client.Client, id int64, err error) (string, bool) {
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusConflict {
		return "", false
	}
	x, xerr := cl.Execution(ctx, id)
	if xerr != nil || !storage.ExecutionStatus(x.Status).Finished() {
		return "", false
	}
	return x.Status, true
}

type executionStopAllCmd struct {
	workflowRef
	Yes bool `short:"y" help:"Accepted for AIFlow compatibility; stop-all never asks."`
}

// Run stops every running execution of the workflow and names them.
func (c *executionStopAllCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	xs, err := cl.StopAllExecutions(e.ctx, c.Namespace, c.Name)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Stopping all workflow executions of workflow: %s.%s\n", c.Namespace, c.Name)
	if len(xs) == 0 {
		fmt.Fprintf(&b, "No execution of workflow %s.%s is running.\n", c.Namespace, c.Name)
	}
	for _, x := range xs {
		fmt.Fprintf(&b, "Stopping workflow execution: %d\n", x.ID)
	}
	_, err = io.WriteString(e.stdout, b.String())
	return err
}

type executionDeleteCmd struct {
	executionArg
	Yes bool `short:"y" help:"Accepted for AIFlow compatibility; delete never asks."`
}

// Run deletes the execution; the server refuses one that has not ended.
func (c *executionDeleteCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	if err := cl.DeleteExecution(e.ctx, c.ID); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "Workflow execution: %d deleted.\n", c.ID)
	return err
}

type executionListCmd struct {
	Name      string `arg:"" optional:"" predictor:"workflow" help:"Workflow name; without it, the running executions of every workflow of every namespace."`
	Namespace string `short:"n" default:"default" predictor:"namespace" help:"Namespace of the workflow."`
	All       bool   `help:"Without a workflow: every execution, whatever its status."`
	outputFlag
}

// Run lists the executions with AIFlow's columns; without a workflow, those
// of every workflow, naming it.
func (c *executionListCmd) Run(e *env) error {
	if c.Name != "" && c.All {
		return &exitError{code: exitUsage, err: errors.New("--all lists the executions of every workflow: give no workflow name with it")}
	}
	cl, err := newClient()
	if err != nil {
		return err
	}
	var xs []api.Execution
	switch {
	case c.Name != "":
		xs, err = cl.Executions(e.ctx, c.Namespace, c.Name)
	case c.All:
		xs, err = cl.AllExecutions(e.ctx)
	default:
		xs, err = cl.AllExecutions(e.ctx, string(storage.ExecutionRunning))
	}
	if err != nil {
		return err
	}
	recs := []record{}
	for _, x := range xs {
		r := executionRecord(x)
		if c.Name == "" {
			r = append(r, field{"namespace", x.Namespace}, field{"workflow", x.Workflow})
		}
		recs = append(recs, r)
	}
	return writeOutput(e.stdout, c.Output, recs, func(w io.Writer) error { return writeTable(w, recs) })
}

// executionRecord has AIFlow's columns.
func executionRecord(x api.Execution) record {
	return record{{"id", x.ID}, {"workflow_id", x.WorkflowID}, {"begin_date", x.BeginTime}, {"end_date", x.EndTime},
		{"status", x.Status}, {"run_type", x.RunType}, {"snapshot_id", x.SnapshotID}, {"event_offset", x.EventOffset}}
}

type executionShowCmd struct {
	executionArg
	outputFlag
	Rules bool `help:"Show every task's rules instead: the last evaluation of each, the state of the conditions, and what tasks that have not run wait for."`
}

// Run prints the execution's fields, a table of its task executions and
// what the tasks that have not run wait for; json and yaml give one object
// with the task executions and the waiting tasks in lists.
func (c *executionShowCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	if c.Rules {
		return c.rules(e, cl)
	}
	d, err := cl.Execution(e.ctx, c.ID)
	if err != nil {
		return err
	}
	runs := []record{}
	for _, te := range d.TaskExecutions {
		runs = append(runs, taskExecutionRecord(te, true))
	}
	waiting := []record{}
	if len(latestRuns(d)) < len(d.Tasks) {
		r, err := cl.ExecutionRules(e.ctx, c.ID)
		if err != nil {
			return err
		}
		for _, t := range r.Tasks {
			if t.Waiting != "" {
				waiting = append(waiting, record{{"task", t.Task}, {"waiting", t.Waiting}})
			}
		}
	}
	head := append(executionRecord(d.Execution), field{"namespace", d.Namespace}, field{"workflow", d.Workflow})
	// json and yaml show no parameters as {}, the table as "-".
	params, cellParams := any(map[string]string{}), any(nil)
	if len(d.Params) > 0 {
		params, cellParams = d.Params, d.Params
	}
	full := append(head, field{"params", params}, field{"tasks", d.Tasks}, field{"task_executions", runs}, field{"not_started", waiting})
	return writeOutput(e.stdout, c.Output, full, func(w io.Writer) error {
		if err := writeFields(w, append(head, field{"params", cellParams}, field{"tasks", strings.Join(d.Tasks, ", ")})); err != nil {
			return err
		}
		rows := []record{}
		for _, te := range d.TaskExecutions {
			rows = append(rows, record{{"id", te.ID}, {"task_name", te.Task}, {"sequence_number", te.SequenceNumber},
				{"try_number", te.TryNumber}, {"status", te.Status}, {"begin_date", te.BeginTime},
				{"end_date", te.EndTime}, {"exit_code", exitCode(te)}})
		}
		fmt.Fprintf(w, "\ntask executions:\n")
		if err := writeTable(w, rows); err != nil {
			return err
		}
		if len(waiting) == 0 {
			return nil
		}
		fmt.Fprintf(w, "\nnot started:\n")
		width := 0
		for _, r := range waiting {
			width = max(width, utf8.RuneCountInString(r[0].val.(string)))
		}
		for _, r := range waiting {
			name := r[0].val.(string)
			fmt.Fprintf(w, "%s%s  %s\n", name, strings.Repeat(" ", width-utf8.RuneCountInString(name)), r[1].val)
		}
		return nil
	})
}

// rules prints the rule inspection: json and yaml the API's object, the
// table one row per rule, then what waiting tasks wait for, the state and
// the errors of the last evaluations in full.
func (c *executionShowCmd) rules(e *env, cl *client.Client) error {
	d, err := cl.ExecutionRules(e.ctx, c.ID)
	if err != nil {
		return err
	}
	return writeOutput(e.stdout, c.Output, d, func(w io.Writer) error {
		head := append(executionRecord(d.Execution), field{"namespace", d.Namespace}, field{"workflow", d.Workflow})
		if err := writeFields(w, head); err != nil {
			return err
		}
		var rows []record
		var waits, errs []string
		for _, t := range d.Tasks {
			if t.Waiting != "" {
				waits = append(waits, t.Task+" "+t.Waiting)
			}
			if len(t.Rules) == 0 {
				rows = append(rows, record{{"task", t.Task}, {"status", t.Status}, {"action", nil}, {"condition", "starts with the execution"},
					{"evaluations", nil}, {"last_evaluation", nil}})
			}
			for _, r := range t.Rules {
				last := "-"
				if r.Last != nil {
					last = evaluationText(*r.Last)
					if r.Last.Error != "" {
						errs = append(errs, fmt.Sprintf("%s %s, event %d %q: %s", t.Task, r.Action, r.Last.EventOffset, r.Last.EventKey, r.Last.Error))
					}
				}
				rows = append(rows, record{{"task", t.Task}, {"status", t.Status}, {"action", r.Action}, {"condition", r.Condition},
					{"evaluations", r.Evaluations}, {"last_evaluation", last}})
			}
		}
		fmt.Fprintln(w)
		if err := writeTable(w, rows); err != nil {
			return err
		}
		for _, sec := range []struct {
			title string
			lines []string
		}{{"", waits}, {"state:", stateLines(d.State)}, {"errors of the last evaluations:", errs}} {
			if len(sec.lines) == 0 {
				continue
			}
			fmt.Fprintln(w)
			if sec.title != "" {
				fmt.Fprintln(w, sec.title)
			}
			for _, l := range sec.lines {
				fmt.Fprintln(w, l)
			}
		}
		return nil
	})
}

// evaluationText is a last evaluation in one cell: "met (event 12 'key')".
func evaluationText(ev api.RuleEvaluation) string {
	return fmt.Sprintf("%s (event %d %s)", ev.Result, ev.EventOffset, strconv.Quote(ev.EventKey))
}

// stateLines are "name  value" lines of condition state, by name.
func stateLines(st map[string]json.RawMessage) []string {
	var lines []string
	for _, name := range slices.Sorted(maps.Keys(st)) {
		lines = append(lines, name+"  "+cell(st[name]))
	}
	return lines
}

// taskExecutionRecord has AIFlow's columns, the exit code and, with log,
// the log file.
func taskExecutionRecord(te api.TaskExecution, log bool) record {
	r := record{{"id", te.ID}, {"workflow_execution_id", te.ExecutionID}, {"task_name", te.Task},
		{"sequence_number", te.SequenceNumber}, {"try_number", te.TryNumber}, {"begin_date", te.BeginTime},
		{"end_date", te.EndTime}, {"status", te.Status}, {"exit_code", exitCode(te)}}
	if log {
		r = append(r, field{"log_path", te.LogPath})
	}
	return r
}

// exitCode is a run's exit code, nil (shown "-", or null) until it exited.
func exitCode(te api.TaskExecution) any {
	if te.ExitCode == nil {
		return nil
	}
	return *te.ExitCode
}

// taskExecutionCmd is AIFlow's "aiflow task-execution" group.
type taskExecutionCmd struct {
	Start   taskStartCmd   `cmd:"" help:"Start a task of a workflow execution, unless it is running."`
	Restart taskRestartCmd `cmd:"" help:"Start a task of a workflow execution again, stopping its running run first."`
	Stop    taskStopCmd    `cmd:"" help:"Stop the latest run of a task of a workflow execution."`
	List    taskListCmd    `cmd:"" help:"List the task executions of a workflow execution."`
	Show    taskShowCmd    `cmd:"" help:"Show a task execution."`
	Logs    taskLogsCmd    `cmd:"" help:"Print the log of a task execution (-f: follow it until the run ends)."`
}

// taskRef names a task of a workflow execution.
type taskRef struct {
	ExecutionID int64  `arg:"" name:"workflow-execution-id" help:"Workflow execution id."`
	Task        string `arg:"" name:"task" help:"Task name."`
}

// teKey is AIFlow's task execution key: <execution id>_<task>_<sequence>.
func teKey(te api.TaskExecution) string {
	return fmt.Sprintf("%d_%s_%d", te.ExecutionID, te.Task, te.SequenceNumber)
}

type taskStartCmd struct{ taskRef }

// Run starts the task; a task whose latest run is alive is left alone.
func (c *taskStartCmd) Run(e *env) error { return c.act(e, "start") }

type taskRestartCmd struct{ taskRef }

// Run starts a new run of the task, stopping the running one.
func (c *taskRestartCmd) Run(e *env) error { return c.act(e, "restart") }

type taskStopCmd struct{ taskRef }

// Run stops the task's latest run; a run that has ended, or a task that
// never ran, is left alone.
func (c *taskStopCmd) Run(e *env) error { return c.act(e, "stop") }

// act sends a task action and says what it did, or that it changed
// nothing and why. Changing nothing is not an error: the task is already
// where the command would put it.
func (r taskRef) act(e *env, verb string) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	res, err := cl.TaskAction(e.ctx, r.ExecutionID, r.Task, verb)
	if err != nil {
		if verb != "stop" {
			return err
		}
		if status, ok := endedExecution(e.ctx, cl, r.ExecutionID, err); ok {
			_, err = fmt.Fprintf(e.stdout, "Workflow execution %d has already ended (%s); task %s is not running, nothing to stop.\n",
				r.ExecutionID, status, r.Task)
		}
		return err
	}
	te := res.TaskExecution
	var msg string
	switch {
	case res.Changed && verb == "stop":
		msg = fmt.Sprintf("Stopping execution of task: %s of workflow execution: %d.", r.Task, r.ExecutionID)
	case res.Changed && te != nil:
		msg = fmt.Sprintf("Task execution: %s submitted.", teKey(*te))
	case te == nil:
		msg = fmt.Sprintf("Task %s of workflow execution %d has never run; nothing to %s.", r.Task, r.ExecutionID, verb)
	default:
		msg = fmt.Sprintf("Task execution: %s is already %s; nothing to %s.", teKey(*te), te.Status, verb)
	}
	_, err = fmt.Fprintln(e.stdout, msg)
	return err
}

type taskListCmd struct {
	ID int64 `arg:"" name:"workflow-execution-id" help:"Workflow execution id."`
	outputFlag
}

// Run lists the task executions with AIFlow's columns and the exit code.
func (c *taskListCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	tes, err := cl.TaskExecutions(e.ctx, c.ID)
	if err != nil {
		return err
	}
	recs := []record{}
	for _, te := range tes {
		recs = append(recs, taskExecutionRecord(te, false))
	}
	return writeOutput(e.stdout, c.Output, recs, func(w io.Writer) error { return writeTable(w, recs) })
}

// taskExecutionArg names a task execution by id, or by AIFlow's key
// <workflow execution id>_<task>_<sequence number> that start prints.
type taskExecutionArg struct {
	ID string `arg:"" name:"id" help:"Task execution id, or its key <workflow execution id>_<task>_<sequence number>."`
}

// resolve finds the task execution the argument names.
func (a taskExecutionArg) resolve(ctx context.Context, cl *client.Client) (api.TaskExecution, error) {
	if id, err := strconv.ParseInt(a.ID, 10, 64); err == nil {
		return cl.TaskExecution(ctx, id)
	}
	first, last := strings.Index(a.ID, "_"), strings.LastIndex(a.ID, "_")
	var (
		xid, seq int64
		err      error
	)
	if first > 0 && last > first+1 {
		xid, err = strconv.ParseInt(a.ID[:first], 10, 64)
		if err == nil {
			seq, err = strconv.ParseInt(a.ID[last+1:], 10, 64)
		}
	}
	if first <= 0 || last <= first+1 || err != nil {
		return api.TaskExecution{}, &exitError{code: exitUsage, err: fmt.Errorf(
			"task execution %q is neither an id nor a key <workflow execution id>_<task>_<sequence number>", a.ID)}
	}
	task := a.ID[first+1 : last]
	tes, err := cl.TaskExecutions(ctx, xid)
	if err != nil {
		return api.TaskExecution{}, err
	}
	var tasks []string
	for _, te := range tes {
		if te.Task == task && int64(te.SequenceNumber) == seq {
			return te, nil
		}
		tasks = append(tasks, te.Task)
	}
	if near := spell.Nearest(task, tasks); near != "" && near != task {
		return api.TaskExecution{}, fmt.Errorf("task execution %s does not exist; did you mean %d_%s_%d?", a.ID, xid, near, seq)
	}
	return api.TaskExecution{}, fmt.Errorf("task execution %s does not exist", a.ID)
}

type taskShowCmd struct {
	taskExecutionArg
	outputFlag
}

// Run prints the task execution with its log file.
func (c *taskShowCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	te, err := c.resolve(e.ctx, cl)
	if err != nil {
		return err
	}
	rec := taskExecutionRecord(te, true)
	return writeOutput(e.stdout, c.Output, rec, func(w io.Writer) error { return writeFields(w, rec) })
}

type taskLogsCmd struct {
	taskExecutionArg
	Follow bool `short:"f" help:"Keep printing what the run writes until it ends (or Ctrl-C)."`
}

// logPoll is how often logs -f asks for more output.
const logPoll = 200 * time.Millisecond

// Run prints the log from its start; with -f it goes on until the run has
// finished and everything it wrote is printed. Ctrl-C ends it with status 0.
func (c *taskLogsCmd) Run(e *env) error {
	ctx, stop := signal.NotifyContext(e.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	cl, err := newClient()
	if err != nil {
		return err
	}
	te, err := c.resolve(ctx, cl)
	if err != nil {
		return interrupted(ctx, err)
	}
	_, err = copyLog(ctx, cl, te.ID, 0, e.stdout, c.Follow)
	return interrupted(ctx, err)
}

// copyLog writes the log of task execution id from offset to w and returns
// the offset after it. With follow it polls until the run has finished and
// its log is read to the end.
func copyLog(ctx context.Context, cl *client.Client, id, offset int64, w io.Writer, follow bool) (int64, error) {
	for {
		chunk, err := cl.Log(ctx, id, offset)
		if err != nil {
			return offset, err
		}
		if _, err := w.Write(chunk.Data); err != nil {
			return offset, err
		}
		offset = chunk.Next
		if len(chunk.Data) > 0 {
			continue
		}
		if !follow || chunk.Finished {
			return offset, nil
		}
		select {
		case <-ctx.Done():
			return offset, ctx.Err()
		case <-time.After(logPoll):
		}
	}
}
