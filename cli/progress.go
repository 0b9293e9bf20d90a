package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/storage"
)

// pollInterval is how often a waiting command asks for the executions it
// follows: often enough that a short task shows up, rarely enough to cost
// the server nothing.
const pollInterval = 150 * time.Millisecond

// Styles of statuses on a colour terminal.
const (
	styleGreen   = "\x1b[32m"
	styleRed     = "\x1b[31m"
	styleYellow  = "\x1b[33m"
	styleMagenta = "\x1b[35m"
)

// progress shows the task states of the executions a command waits for. On
// a terminal (live) it redraws one frame in place: a summary line per
// execution and a line per task with its latest run. Otherwise it prints a
// line per status change it observes, which stays readable in a log file or
// a pipe. It takes the clock as an argument, so that its output is a pure
// function of the snapshots it is given.
type progress struct {
	w     io.Writer
	live  bool
	color bool
	// width and height are the terminal's size in live mode; 0 means
	// unknown: lines are not cut, and at most maxRows task lines show.
	width, height int
	// size, if set, gives the terminal's size anew before each frame, so
	// that the frame follows a resized window.
	size func() (width, height int)

	seen   map[int64]string            // plain: task run id → last status and try printed
	ended  map[int64]bool              // plain: executions whose end was printed
	waited map[int64]map[string]string // plain: what tasks that never ran wait for, as printed
	lines  int                         // live: lines of the frame on screen
}

// waits is what the rules of an execution tell (GET .../rules): what each
// task that never ran waits for, and whether nothing but an event from
// outside can move the execution any more.
type waits struct {
	tasks map[string]string
	idle  bool
}

// maxRows bounds the lines of an execution's live frame when the
// terminal's height is unknown.
const maxRows = 30

func newProgress(w io.Writer, live, color bool, width, height int) *progress {
	return &progress{w: w, live: live, color: color, width: width, height: height,
		seen: map[int64]string{}, ended: map[int64]bool{}, waited: map[int64]map[string]string{}}
}

// update shows the executions as they are at now, with what their tasks
// that never ran wait for (ws, by execution); last says that they will not
// change any more, which plain lines report once per execution.
func (p *progress) update(now time.Time, xs []api.ExecutionDetail, ws map[int64]waits, last bool) error {
	if p.live {
		return p.draw(now, xs, ws)
	}
	var b strings.Builder
	clock := now.Local().Format("15:04:05")
	for _, x := range xs {
		for _, te := range x.TaskExecutions {
			key := te.Status + "/" + fmt.Sprint(te.TryNumber)
			if p.seen[te.ID] == key {
				continue
			}
			p.seen[te.ID] = key
			fmt.Fprintf(&b, "%s %s%s#%d %s", clock, p.prefix(x, xs), te.Task, te.SequenceNumber, p.status(te.Status))
			if note := runNote(te); note != "" {
				b.WriteString(" (" + note + ")")
			}
			b.WriteByte('\n')
		}
		p.plainWaits(&b, clock, x, xs, ws[x.ID])
		switch {
		case !last || p.ended[x.ID]:
		case storage.ExecutionStatus(x.Status).Finished():
			p.ended[x.ID] = true
			fmt.Fprintf(&b, "%s workflow execution %d (%s.%s) %s in %s\n", clock, x.ID, x.Namespace, x.Workflow,
				p.status(x.Status), duration(x.BeginTime, x.EndTime, now))
		default:
			fmt.Fprintf(&b, "%s workflow execution %d (%s.%s) %s for %s, waiting for events from outside\n", clock, x.ID, x.Namespace, x.Workflow,
				p.status(x.Status), duration(x.BeginTime, x.EndTime, now))
		}
	}
	_, err := io.WriteString(p.w, b.String())
	return err
}

// plainWaits writes a line for each task of x that never ran and now
// cannot run, or waits while nothing but an event from outside can move
// x, unless it said the same already. A task that waits for tasks that
// are on their way is left out: that is the workflow's plain order.
func (p *progress) plainWaits(b *strings.Builder, clock string, x api.ExecutionDetail, xs []api.ExecutionDetail, w waits) {
	latest := latestRuns(x)
	for _, t := range x.Tasks {
		text := w.tasks[t]
		if _, ran := latest[t]; ran || text == "" || !w.idle && strings.HasPrefix(text, "waits for ") {
			continue
		}
		said := nowNote.ReplaceAllString(text, "")
		if p.waited[x.ID] == nil {
			p.waited[x.ID] = map[string]string{}
		}
		if p.waited[x.ID][t] == said {
			continue
		}
		p.waited[x.ID][t] = said
		fmt.Fprintf(b, "%s %s%s %s\n", clock, p.prefix(x, xs), t, text)
	}
}

// nowNote is the current status of a task a waiting task waits for, which
// plain lines do not repeat for every change.
var nowNote = regexp.MustCompile(` \((now [A-Z]+|not started)\)`)

// prefix names the workflow on a plain line when several executions share
// the output.
func (p *progress) prefix(x api.ExecutionDetail, xs []api.ExecutionDetail) string {
	if len(xs) < 2 {
		return ""
	}
	return x.Workflow + "/"
}

// clear erases the live frame, so that other output can take its place
// before the next update draws it again below.
func (p *progress) clear() error {
	if !p.live || p.lines == 0 {
		return nil
	}
	_, err := fmt.Fprintf(p.w, "\x1b[%dA\r\x1b[J", p.lines)
	p.lines = 0
	return err
}

// draw replaces the live frame with the state at now. The frame is written
// in one call, and no line is wider than the terminal: a wrapped line would
// make the next redraw move up too few lines.
func (p *progress) draw(now time.Time, xs []api.ExecutionDetail, ws map[int64]waits) error {
	if p.size != nil {
		p.width, p.height = p.size()
	}
	// Every execution gets an equal share of the terminal's height.
	rows := maxRows
	if p.height > 0 {
		rows = max((p.height-1)/max(len(xs), 1), 2)
	}
	var out []line
	for _, x := range xs {
		out = append(out, p.frame(now, x, ws[x.ID], rows)...)
	}
	var b strings.Builder
	if p.lines > 0 {
		fmt.Fprintf(&b, "\x1b[%dA\r", p.lines)
	}
	for _, l := range out {
		b.WriteString(l.render(p.width, p.color))
		b.WriteString("\x1b[K\n")
	}
	b.WriteString("\x1b[J")
	p.lines = len(out)
	_, err := io.WriteString(p.w, b.String())
	return err
}

// line is one line of a live frame; the status is kept apart so that it
// can be coloured after the line was cut to the terminal's width.
type line struct {
	head, status, tail string
}

func (l line) render(width int, color bool) string {
	text := l.head + l.status + l.tail
	if width > 0 && utf8.RuneCountInString(text) > width-1 {
		text = cut(text, width-1)
	}
	// A status that the cut reached stays plain.
	end := len(l.head) + len(l.status)
	if !color || l.status == "" || len(text) < end || text[:end] != l.head+l.status {
		return text
	}
	word := strings.TrimRight(l.status, " ")
	return l.head + statusStyle(word) + word + styleReset + text[len(l.head)+len(word):]
}

// cut shortens s to n runes, the last one an ellipsis.
func cut(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i, runes := 0, 0
	for i < len(s) && runes < n-1 {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		runes++
	}
	return s[:i] + "…"
}

// frame is the summary line of an execution and at most rows-1 task lines:
// one per task of the snapshot, in definition order, with its latest run or
// what it waits for (w). When the tasks do not fit, the ones that matter
// most are kept (alive, then failed or stopped, then succeeded, then not
// started) and the last line counts the others.
func (p *progress) frame(now time.Time, x api.ExecutionDetail, w waits, rows int) []line {
	latest := latestRuns(x)
	counts := map[string]int{}
	for _, t := range x.Tasks {
		counts[taskGroup(latest, t)]++
	}
	var summary []string
	for _, g := range []string{"running", "failed", "stopped", "succeeded", "waiting", "not started"} {
		if counts[g] > 0 {
			summary = append(summary, fmt.Sprintf("%d %s", counts[g], g))
		}
	}
	out := []line{{head: fmt.Sprintf("execution %d %s.%s ", x.ID, x.Namespace, x.Workflow), status: x.Status,
		tail: fmt.Sprintf(" %s: %s", duration(x.BeginTime, x.EndTime, now), strings.Join(summary, ", "))}}
	if w.idle {
		out = append(out, line{head: "  nothing can run without an event from outside"})
		rows--
	}

	shown := x.Tasks
	if len(x.Tasks) > rows-1 {
		rank := map[string]int{"running": 0, "waiting": 0, "failed": 1, "stopped": 1, "succeeded": 2, "not started": 3}
		order := slices.Clone(x.Tasks)
		slices.SortStableFunc(order, func(a, b string) int {
			return rank[taskGroup(latest, a)] - rank[taskGroup(latest, b)]
		})
		keep := map[string]bool{}
		for _, t := range order[:max(rows-2, 0)] {
			keep[t] = true
		}
		shown = nil
		for _, t := range x.Tasks {
			if keep[t] {
				shown = append(shown, t)
			}
		}
	}
	width := 0
	for _, t := range shown {
		width = max(width, utf8.RuneCountInString(t))
	}
	for _, t := range shown {
		name := t + strings.Repeat(" ", width-utf8.RuneCountInString(t))
		te, ok := latest[t]
		if !ok {
			out = append(out, line{head: fmt.Sprintf("  %s  %-3s ", name, ""), tail: cmp.Or(w.tasks[t], "-")})
			continue
		}
		tail := " " + duration(te.BeginTime, te.EndTime, now)
		if note := runNote(te); note != "" {
			tail += "  " + note
		}
		out = append(out, line{head: fmt.Sprintf("  %s  #%-2d ", name, te.SequenceNumber),
			status: fmt.Sprintf("%-8s", te.Status), tail: tail})
	}
	if hidden := len(x.Tasks) - len(shown); hidden > 0 {
		hc := map[string]int{}
		for _, t := range x.Tasks {
			if !slices.Contains(shown, t) {
				hc[taskGroup(latest, t)]++
			}
		}
		var parts []string
		for _, g := range []string{"running", "waiting", "failed", "stopped", "succeeded", "not started"} {
			if hc[g] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", hc[g], g))
			}
		}
		out = append(out, line{head: fmt.Sprintf("  … %d more: %s", hidden, strings.Join(parts, ", "))})
	}
	return out
}

// latestRuns maps each task that ran to its latest run: runs come ordered
// by id, and a later run of a task has a higher id.
func latestRuns(x api.ExecutionDetail) map[string]api.TaskExecution {
	latest := map[string]api.TaskExecution{}
	for _, te := range x.TaskExecutions {
		latest[te.Task] = te
	}
	return latest
}

// taskGroup sorts a task into the groups the summary counts, by its latest
// run.
func taskGroup(latest map[string]api.TaskExecution, task string) string {
	te, ok := latest[task]
	if !ok {
		return "not started"
	}
	switch storage.TaskStatus(te.Status) {
	case storage.TaskRunning, storage.TaskStopping:
		return "running"
	case storage.TaskSuccess:
		return "succeeded"
	case storage.TaskFailed:
		return "failed"
	case storage.TaskStopped:
		return "stopped"
	}
	return "waiting" // INIT, QUEUED, RETRYING
}

// runNote is what a status line adds about a run: its try after the first,
// and how a failed run exited.
func runNote(te api.TaskExecution) string {
	var notes []string
	if te.TryNumber > 1 {
		notes = append(notes, fmt.Sprintf("try %d", te.TryNumber))
	}
	if te.ExitCode != nil && te.Status == string(storage.TaskFailed) {
		switch c := *te.ExitCode; {
		case c > 0:
			notes = append(notes, fmt.Sprintf("exit code %d", c))
		case c < 0:
			notes = append(notes, "killed by a signal")
		}
	}
	return strings.Join(notes, ", ")
}

func (p *progress) status(s string) string {
	if !p.color {
		return s
	}
	return statusStyle(s) + s + styleReset
}

func statusStyle(s string) string {
	switch s {
	case "SUCCESS":
		return styleGreen
	case "FAILED":
		return styleRed
	case "STOPPED", "STOPPING":
		return styleMagenta
	}
	return styleYellow
}

// duration is how long something that began at begin has lasted: until end,
// or until now while it runs, on a scale that suits it.
func duration(begin, end, now time.Time) string {
	if begin.IsZero() {
		return "-"
	}
	if end.IsZero() {
		end = now
	}
	d := max(end.Sub(begin), 0)
	switch {
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < 10*time.Second:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// watcher follows executions until they end: it polls them, shows them
// with p and calls done (if not nil) once for each task run that reaches a
// final status. For executions with tasks that never ran it also asks what
// those wait for (the rules), and it stops following an execution that
// nothing but an event from outside can move any more, unless waitEvents
// says to wait for such events. Its state outlives a follow call, so that
// a caller can follow again after an interruption without repeating
// itself.
type watcher struct {
	cl         *client.Client
	ids        []int64
	p          *progress
	done       func(api.ExecutionDetail, api.TaskExecution) error
	waitEvents bool
	reported   map[int64]bool // task runs passed to done
	last       []api.ExecutionDetail
	ws         map[int64]waits // the last rules seen, by execution
	asked      map[int64]asked
	ended      time.Time // when all executions were first seen finished with runs still stopping
}

// asked is when the rules of an execution were last asked for, for which
// state of its runs, and since when it is idle.
type asked struct {
	at    time.Time
	runs  string
	idle  time.Time
	final bool // asked after the execution finished
}

// Polling of the rules: at most every rulesEvery while nothing changes;
// an execution is taken as idle once it has been for idleGrace.
const (
	rulesEvery = time.Second
	idleGrace  = time.Second
)

// stopping reports whether a run of xs is STOPPING.
func stopping(xs []api.ExecutionDetail) bool {
	for _, x := range xs {
		for _, te := range x.TaskExecutions {
			if te.Status == string(storage.TaskStopping) {
				return true
			}
		}
	}
	return false
}

func newWatcher(cl *client.Client, ids []int64, p *progress, done func(api.ExecutionDetail, api.TaskExecution) error) *watcher {
	return &watcher{cl: cl, ids: ids, p: p, done: done, reported: map[int64]bool{}, ws: map[int64]waits{}, asked: map[int64]asked{}}
}

// follow polls until every execution has finished or waits only for
// events from outside (unless waitEvents), or ctx is done, and returns the
// last snapshots.
func (w *watcher) follow(ctx context.Context) ([]api.ExecutionDetail, error) {
	for {
		xs := make([]api.ExecutionDetail, len(w.ids))
		// idle: every execution has finished or waits only for events
		// from outside, and one waits.
		finished, idle, waiting := true, true, false
		for i, id := range w.ids {
			x, err := w.cl.Execution(ctx, id)
			if err != nil {
				return w.last, err
			}
			xs[i] = x
			done := storage.ExecutionStatus(x.Status).Finished()
			if err := w.rules(ctx, x, done); err != nil {
				return w.last, err
			}
			finished = finished && done
			idle = idle && (done || w.idle(x.ID))
			waiting = waiting || !done
		}
		w.last = xs
		// An execution ends as soon as it is stopped, while its runs
		// may still be stopping: wait a little for their end too.
		if finished && stopping(xs) {
			if w.ended.IsZero() {
				w.ended = time.Now()
			}
			finished = time.Since(w.ended) > stopGrace
		}
		end := finished || idle && waiting && !w.waitEvents
		// Plain lines tell of a run's end before its log; a live frame
		// goes below the logs.
		if !w.p.live {
			if err := w.p.update(time.Now(), xs, w.ws, end); err != nil {
				return xs, err
			}
		}
		if err := w.report(xs); err != nil {
			return xs, err
		}
		if w.p.live {
			if err := w.p.update(time.Now(), xs, w.ws, end); err != nil {
				return xs, err
			}
		}
		if end {
			return xs, nil
		}
		select {
		case <-ctx.Done():
			return xs, ctx.Err()
		case <-time.After(pollInterval):
		}
	}
}

// rules asks what the tasks of x that never ran wait for, when x has such
// tasks: again when its runs changed or rulesEvery passed, and once more
// when it has finished.
func (w *watcher) rules(ctx context.Context, x api.ExecutionDetail, finished bool) error {
	latest := latestRuns(x)
	if len(latest) == len(x.Tasks) {
		delete(w.ws, x.ID)
		return nil
	}
	var b strings.Builder
	for _, te := range x.TaskExecutions {
		fmt.Fprintf(&b, "%d %s %d,", te.ID, te.Status, te.TryNumber)
	}
	a := w.asked[x.ID]
	if a.final || !finished && a.runs == b.String() && time.Since(a.at) < rulesEvery {
		return nil
	}
	r, err := w.cl.ExecutionRules(ctx, x.ID)
	if err != nil {
		return err
	}
	ws := waits{tasks: map[string]string{}, idle: r.Idle}
	for _, t := range r.Tasks {
		if t.Waiting != "" {
			ws.tasks[t.Task] = t.Waiting
		}
	}
	w.ws[x.ID] = ws
	switch {
	case !r.Idle:
		a.idle = time.Time{}
	case a.idle.IsZero():
		a.idle = time.Now()
	}
	a.at, a.runs, a.final = time.Now(), b.String(), finished
	w.asked[x.ID] = a
	return nil
}

// idle reports whether execution id has waited only for events from
// outside for idleGrace.
func (w *watcher) idle(id int64) bool {
	a := w.asked[id]
	return w.ws[id].idle && !a.idle.IsZero() && time.Since(a.idle) >= idleGrace
}

// report calls done for each run of xs that has finished and was not
// reported yet, after erasing the live frame.
func (w *watcher) report(xs []api.ExecutionDetail) error {
	if w.done == nil {
		return nil
	}
	cleared := false
	for _, x := range xs {
		for _, te := range x.TaskExecutions {
			if !storage.TaskStatus(te.Status).Finished() || w.reported[te.ID] {
				continue
			}
			w.reported[te.ID] = true
			if !cleared {
				if err := w.p.clear(); err != nil {
					return err
				}
				cleared = true
			}
			if err := w.done(x, te); err != nil {
				return err
			}
		}
	}
	return nil
}

// outcome is the error that ends a wait for executions that did not all
// succeed: one line per execution and, under it, a line per task whose
// latest run failed or was stopped, with its log, and per task that never
// ran, with what it waited for (ws). An execution that is still running
// waits only for events from outside: the last line says what to do, which
// for the executions of a server that stops with the run (ownServer) is to
// run again with --wait-events.
func outcome(xs []api.ExecutionDetail, ws map[int64]waits, ownServer bool) error {
	var b strings.Builder
	for _, x := range xs {
		if x.Status == string(storage.ExecutionSuccess) {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		running := !storage.ExecutionStatus(x.Status).Finished()
		if running {
			fmt.Fprintf(&b, "workflow execution %d (%s.%s) is RUNNING, but nothing in it can run without an event from outside", x.ID, x.Namespace, x.Workflow)
		} else {
			fmt.Fprintf(&b, "workflow execution %d (%s.%s) %s", x.ID, x.Namespace, x.Workflow, x.Status)
		}
		latest := latestRuns(x)
		for _, t := range x.Tasks {
			te, ok := latest[t]
			if !ok {
				if text := ws[x.ID].tasks[t]; text != "" {
					fmt.Fprintf(&b, "\n  %s %s", t, text)
				}
				continue
			}
			if te.Status != string(storage.TaskFailed) && te.Status != string(storage.TaskStopped) {
				continue
			}
			fmt.Fprintf(&b, "\n  %s#%d %s", te.Task, te.SequenceNumber, te.Status)
			if note := runNote(te); note != "" {
				b.WriteString(" (" + note + ")")
			}
			if te.LogPath != "" {
				b.WriteString(", log: " + te.LogPath)
			}
		}
		switch {
		case running && ownServer:
			b.WriteString("\nthe run stops it with its server; to send the events while it runs, run again with --wait-events")
		case running:
			fmt.Fprintf(&b, "\nit goes on: send an event with 'aiflow event send KEY VALUE', wait for it with 'aiflow workflow-execution watch %d --wait-events', or stop it with 'aiflow workflow-execution stop %d'", x.ID, x.ID)
		}
	}
	if b.Len() == 0 {
		return nil
	}
	return &exitError{code: exitFindings, err: fmt.Errorf("%s", b.String())}
}

// stopGrace bounds the wait for stopped executions and their stopping runs
// to end.
const stopGrace = 10 * time.Second
