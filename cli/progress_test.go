package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/internal/golden"
)

// t0 is the clock of the progress tests, in the local zone that plain lines
// print.
var t0 = time.Date(2026, 11, 27, 12, 0, 0, 0, time.Local)

func at(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }

func code(c int) *int { return &c }

// run is a task run of execution 1 that began at begin ms and, when end is
// not 0, ended at end ms.
func run(id int64, task string, seq, try int, status string, begin, end int, exit *int) api.TaskExecution {
	te := api.TaskExecution{ID: id, ExecutionID: 1, Task: task, SequenceNumber: seq, TryNumber: try, Status: status,
		BeginTime: at(begin), ExitCode: exit, LogPath: "/home/logs/etl/1/" + task + "/" + fmt.Sprint(seq) + ".log"}
	if end != 0 {
		te.EndTime = at(end)
	}
	return te
}

func execution(id int64, wf, status string, end int, tasks []string, runs ...api.TaskExecution) api.ExecutionDetail {
	x := api.ExecutionDetail{Execution: api.Execution{ID: id, Namespace: "default", Workflow: wf, Status: status,
		BeginTime: t0}, Tasks: tasks, TaskExecutions: runs}
	if end != 0 {
		x.EndTime = at(end)
	}
	for i := range x.TaskExecutions {
		x.TaskExecutions[i].ExecutionID = id
	}
	return x
}

// snapshot is what one poll sees: the executions at now, and what their
// tasks that never ran wait for.
type snapshot struct {
	now  time.Time
	xs   []api.ExecutionDetail
	last bool
	ws   map[int64]waits
}

var etlTasks = []string{"extract", "transform", "load"}

// etl is an execution whose transform fails once, is retried and fails
// again, while load never starts.
var etl = []snapshot{
	{at(100), []api.ExecutionDetail{execution(1, "etl", "RUNNING", 0, etlTasks,
		run(1, "extract", 1, 1, "QUEUED", 50, 0, nil))}, false, nil},
	{at(300), []api.ExecutionDetail{execution(1, "etl", "RUNNING", 0, etlTasks,
		run(1, "extract", 1, 1, "RUNNING", 50, 0, nil))}, false, nil},
	// Unchanged: no plain line.
	{at(450), []api.ExecutionDetail{execution(1, "etl", "RUNNING", 0, etlTasks,
		run(1, "extract", 1, 1, "RUNNING", 50, 0, nil))}, false, nil},
	{at(1600), []api.ExecutionDetail{execution(1, "etl", "RUNNING", 0, etlTasks,
		run(1, "extract", 1, 1, "SUCCESS", 50, 1500, code(0)),
		run(2, "transform", 1, 1, "RUNNING", 1510, 0, nil))}, false, nil},
	{at(2000), []api.ExecutionDetail{execution(1, "etl", "RUNNING", 0, etlTasks,
		run(1, "extract", 1, 1, "SUCCESS", 50, 1500, code(0)),
		run(2, "transform", 1, 2, "RETRYING", 1510, 0, code(1)))}, false, nil},
	{at(12500), []api.ExecutionDetail{execution(1, "etl", "RUNNING", 0, etlTasks,
		run(1, "extract", 1, 1, "SUCCESS", 50, 1500, code(0)),
		run(2, "transform", 1, 2, "RUNNING", 1510, 0, nil))}, false, nil},
	{at(75000), []api.ExecutionDetail{execution(1, "etl", "FAILED", 74000, etlTasks,
		run(1, "extract", 1, 1, "SUCCESS", 50, 1500, code(0)),
		run(2, "transform", 1, 2, "FAILED", 1510, 73900, code(2)))}, true, nil},
}

// twoFlows are two executions followed at once.
var twoFlows = []snapshot{
	{at(200), []api.ExecutionDetail{
		execution(1, "etl", "RUNNING", 0, etlTasks, run(1, "extract", 1, 1, "RUNNING", 50, 0, nil)),
		execution(2, "report", "RUNNING", 0, []string{"mail"}, run(2, "mail", 1, 1, "QUEUED", 60, 0, nil)),
	}, false, nil},
	{at(900), []api.ExecutionDetail{
		execution(1, "etl", "STOPPED", 850, etlTasks, run(1, "extract", 1, 1, "STOPPED", 50, 840, code(-1))),
		execution(2, "report", "SUCCESS", 700, []string{"mail"}, run(2, "mail", 1, 1, "SUCCESS", 60, 650, code(0))),
	}, true, nil},
}

var quickTasks = []string{"task1", "task2", "task3", "task4", "task5"}

// quick is AIFlow's quickstart where task3 fails: task4 waits for the event
// task3 would have sent, task5 (start_after task3) cannot run; the
// execution then waits only for events from outside, until task4 is
// started by hand and the execution is stopped.
var quick = []snapshot{
	{at(100), []api.ExecutionDetail{execution(1, "quick", "RUNNING", 0, quickTasks,
		run(1, "task1", 1, 1, "RUNNING", 50, 0, nil), run(2, "task2", 1, 1, "QUEUED", 50, 0, nil))}, false,
		map[int64]waits{1: {tasks: map[string]string{
			"task3": "waits for task task1 to be SUCCESS (now RUNNING) and task task2 to be SUCCESS (now QUEUED)",
			"task4": "waits for event key 'key'",
			"task5": "waits for task task3 to be SUCCESS (not started)"}}}},
	{at(900), []api.ExecutionDetail{execution(1, "quick", "RUNNING", 0, quickTasks,
		run(1, "task1", 1, 1, "SUCCESS", 50, 500, code(0)), run(2, "task2", 1, 1, "SUCCESS", 50, 600, code(0)),
		run(3, "task3", 1, 1, "FAILED", 610, 800, code(1)))}, false,
		map[int64]waits{1: {idle: true, tasks: map[string]string{
			"task4": "waits for event key 'key'",
			"task5": "cannot run: upstream task3 FAILED"}}}},
	// Unchanged: no plain line.
	{at(2000), []api.ExecutionDetail{execution(1, "quick", "RUNNING", 0, quickTasks,
		run(1, "task1", 1, 1, "SUCCESS", 50, 500, code(0)), run(2, "task2", 1, 1, "SUCCESS", 50, 600, code(0)),
		run(3, "task3", 1, 1, "FAILED", 610, 800, code(1)))}, false,
		map[int64]waits{1: {idle: true, tasks: map[string]string{
			"task4": "waits for event key 'key'",
			"task5": "cannot run: upstream task3 FAILED"}}}},
	{at(3000), []api.ExecutionDetail{execution(1, "quick", "STOPPED", 2900, quickTasks,
		run(1, "task1", 1, 1, "SUCCESS", 50, 500, code(0)), run(2, "task2", 1, 1, "SUCCESS", 50, 600, code(0)),
		run(3, "task3", 1, 1, "FAILED", 610, 800, code(1)))}, true,
		map[int64]waits{1: {tasks: map[string]string{
			"task4": "never ran: it waited for event key 'key'",
			"task5": "never ran: upstream task3 FAILED"}}}},
}

// many has more tasks than a small terminal shows.
func many() []snapshot {
	var tasks []string
	var runs []api.TaskExecution
	for i := range 12 {
		name := fmt.Sprintf("t%02d", i)
		tasks = append(tasks, name)
		switch {
		case i < 6:
			runs = append(runs, run(int64(i+1), name, 1, 1, "SUCCESS", 0, 100, code(0)))
		case i == 6:
			runs = append(runs, run(int64(i+1), name, 1, 1, "FAILED", 0, 100, code(-1)))
		case i < 9:
			runs = append(runs, run(int64(i+1), name, 1, 1, "RUNNING", 0, 0, nil))
		}
	}
	return []snapshot{{at(500), []api.ExecutionDetail{execution(1, "wide", "RUNNING", 0, tasks, runs...)}, false, nil}}
}

// readable shows the escape sequences of live output as text.
func readable(s string) string {
	return strings.NewReplacer("\x1b[", "<ESC>[", "\r", "<CR>").Replace(s)
}

func TestProgress(t *testing.T) {
	tests := []struct {
		name          string
		live, color   bool
		width, height int
		snaps         []snapshot
	}{
		{name: "plain", snaps: etl},
		{name: "plain_color", color: true, snaps: etl},
		{name: "plain_two", snaps: twoFlows},
		{name: "live", live: true, width: 80, snaps: etl},
		{name: "live_narrow_color", live: true, color: true, width: 32, snaps: etl[3:5]},
		{name: "live_tiny_color", live: true, color: true, width: 12, snaps: etl[3:4]},
		{name: "live_two", live: true, width: 80, snaps: twoFlows},
		{name: "live_short", live: true, width: 80, height: 7, snaps: many()},
		{name: "plain_waits", snaps: quick},
		{name: "live_waits", live: true, width: 80, snaps: quick},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			p := newProgress(&b, tt.live, tt.color, tt.width, tt.height)
			for i, s := range tt.snaps {
				if err := p.update(s.now, s.xs, s.ws, s.last); err != nil {
					t.Fatal(err)
				}
				if tt.live {
					fmt.Fprintf(&b, "\n---- after update %d\n", i+1)
				}
			}
			golden.Check(t, filepath.Join("testdata", "progress", tt.name+".golden"), []byte(readable(b.String())))
		})
	}
}

// TestProgressClear: clear erases the frame once; the next update draws a
// fresh frame below the output that took its place.
func TestProgressClear(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, true, false, 0, 0)
	snap := etl[3]
	p.update(snap.now, snap.xs, nil, false)
	b.Reset()
	p.clear()
	p.clear()
	b.WriteString("log line\n")
	p.update(snap.now, snap.xs, nil, false)
	want := "<ESC>[4A<CR><ESC>[Jlog line\n" +
		"execution 1 default.etl RUNNING 1.6s: 1 running, 1 succeeded, 1 not started<ESC>[K\n" +
		"  extract    #1  SUCCESS  1.4s<ESC>[K\n" +
		"  transform  #1  RUNNING  90ms<ESC>[K\n" +
		"  load           -<ESC>[K\n" +
		"<ESC>[J"
	if got := readable(b.String()); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		name string
		d    time.Duration
		want string
	}{
		{"zero", 0, "0ms"},
		{"ms", 42 * time.Millisecond, "42ms"},
		{"seconds", 1250 * time.Millisecond, "1.2s"},
		{"tens", 42 * time.Second, "42s"},
		{"minutes", 62 * time.Second, "1m02s"},
		{"hours", 2*time.Hour + 5*time.Minute, "2h05m"},
		{"clock skew", -time.Second, "0ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := duration(t0, t0.Add(tt.d), time.Time{}); got != tt.want {
				t.Errorf("duration(%v) = %q, want %q", tt.d, got, tt.want)
			}
		})
	}
	if got := duration(t0, time.Time{}, at(3000)); got != "3.0s" {
		t.Errorf("running duration = %q, want 3.0s", got)
	}
	if got := duration(time.Time{}, time.Time{}, at(3000)); got != "-" {
		t.Errorf("unstarted duration = %q, want -", got)
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"abcdef", 4, "abc…"},
		{"héllo wörld", 6, "héllo…"},
		{"abc", 1, "…"},
		{"abc", 0, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.s, tt.n), func(t *testing.T) {
			if got := cut(tt.s, tt.n); got != tt.want {
				t.Errorf("cut(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
			}
		})
	}
}

func TestOutcome(t *testing.T) {
	if err := outcome(twoFlows[1].xs[1:], nil, false); err != nil {
		t.Errorf("outcome of a success = %v, want nil", err)
	}
	err := outcome(append(etl[len(etl)-1].xs, twoFlows[1].xs...), nil, false)
	want := "workflow execution 1 (default.etl) FAILED\n" +
		"  transform#1 FAILED (try 2, exit code 2), log: /home/logs/etl/1/transform/1.log\n" +
		"workflow execution 1 (default.etl) STOPPED\n" +
		"  extract#1 STOPPED, log: /home/logs/etl/1/extract/1.log"
	ee, ok := err.(*exitError)
	if !ok || ee.code != exitFindings || err.Error() != want {
		t.Errorf("outcome = %#v\n%v\nwant exit 1 with:\n%s", err, err, want)
	}
}

// TestOutcomeIdle: an execution that waits only for events from outside
// ends the wait with what each task waits for and what to do.
func TestOutcomeIdle(t *testing.T) {
	snap := quick[1]
	want := "workflow execution 1 (default.quick) is RUNNING, but nothing in it can run without an event from outside\n" +
		"  task3#1 FAILED (exit code 1), log: /home/logs/etl/1/task3/1.log\n" +
		"  task4 waits for event key 'key'\n" +
		"  task5 cannot run: upstream task3 FAILED\n"
	for _, tt := range []struct {
		own  bool
		hint string
	}{
		{false, "it goes on: send an event with 'aiflow event send KEY VALUE', wait for it with 'aiflow workflow-execution watch 1 --wait-events', or stop it with 'aiflow workflow-execution stop 1'"},
		{true, "the run stops it with its server; to send the events while it runs, run again with --wait-events"},
	} {
		err := outcome(snap.xs, snap.ws, tt.own)
		if err == nil || err.Error() != want+tt.hint {
			t.Errorf("outcome (own server %v) =\n%v\nwant:\n%s", tt.own, err, want+tt.hint)
		}
	}
}
