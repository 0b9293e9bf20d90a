package engine_test

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/engine/enginetest"
	"github.com/aiflow-go/aiflow/engine/process"
	"github.com/aiflow-go/aiflow/engine/supervisor"
)

// Scenarios of aiflow-reference.md §9 and §10 with real bash processes.

const timeout = 20 * time.Second

func check(t *testing.T, x api.ExecutionDetail, status, runs string) {
	t.Helper()
	if x.Status != status || enginetest.Runs(x) != runs {
		t.Fatalf("execution %d: %s with runs %s\nwant %s with runs %s", x.ID, x.Status, enginetest.Runs(x), status, runs)
	}
}

// §9.1 quickstart, as AIFlow users write it; task3 sends its event with the
// in-task `aiflow event send`, which picks the execution up from AIFLOW_*.
func TestQuickstart(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("quickstart.py", `from ai_flow.model.action import TaskAction
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='quickstart_workflow') as w1:
    task1 = BashOperator(name='task1', bash_command='echo I am the 1st task.')
    task2 = BashOperator(name='task2', bash_command='echo I am the 2nd task.')
    task3 = BashOperator(name='task3', bash_command='aiflow event send key value')
    task4 = BashOperator(name='task4', bash_command='echo I am the 4th task.')
    task3.start_after([task1, task2])
    task4.action_on_event_received(event_key='key', action=TaskAction.START)
`)
	id := h.StartExecution("quickstart_workflow")
	x := h.Finished(id, timeout)
	check(t, x, "SUCCESS", "task1:1:SUCCESS task2:1:SUCCESS task3:1:SUCCESS task4:1:SUCCESS")
	evs, err := h.Client.Events(context.Background(), api.EventQuery{Keys: []string{"key"}})
	if err != nil || len(evs) != 1 || evs[0].Sender != "1_task3_1" || evs[0].Context != `{"workflow_execution_id":1}` {
		t.Errorf("events of key: %+v, %v", evs, err)
	}
}

// §9.9 (b): task_3 is stopped when task_1 and task_2 succeed; the
// execution ends STOPPED.
func TestStopRule(t *testing.T) {
	h := enginetest.Start(t, engine.Options{Grace: time.Second})
	h.Upload("rules.yaml", `name: rules
tasks:
  - {name: task_1, operator: bash, bash_command: sleep 0.1}
  - {name: task_2, operator: bash, bash_command: sleep 0.2}
  - name: task_3
    operator: bash
    bash_command: sleep 30
    rules:
      - action: STOP
        task_status: {task_1: SUCCESS, task_2: SUCCESS}
`)
	start := time.Now()
	x := h.Finished(h.StartExecution("rules"), timeout)
	check(t, x, "STOPPED", "task_1:1:SUCCESS task_2:1:SUCCESS task_3:1:STOPPED")
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v: task_3 was not killed", d)
	}
}

// §9.11: an event sent inside a task reaches only its own execution.
func TestEventScopedToExecution(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("events.yaml", `name: events
tasks:
  - name: task1
    operator: bash
    bash_command: if [ "$AIFLOW_EXECUTION_ID" = 1 ]; then aiflow event send key; fi
  - name: task2
    operator: bash
    bash_command: "true"
    rules:
      - {action: START, event: key}
`)
	one, two := h.StartExecution("events"), h.StartExecution("events")
	check(t, h.Finished(one, timeout), "SUCCESS", "task1:1:SUCCESS task2:1:SUCCESS")
	// The second execution waits for an event of its own; a user event
	// with its id in the context completes it.
	h.Wait(two, timeout, "task1 done", func(x api.ExecutionDetail) bool {
		return enginetest.Runs(x) == "task1:1:SUCCESS"
	})
	if _, err := h.Client.SendEvent(context.Background(), api.SendEventRequest{Key: "key", Namespace: "default",
		Context: `{"workflow_execution_id": 2}`}); err != nil {
		t.Fatal(err)
	}
	check(t, h.Finished(two, timeout), "SUCCESS", "task1:1:SUCCESS task2:1:SUCCESS")
}

// A namespace event without an execution reaches every running execution
// of the namespace with a rule on its key (§4.3), and only those: an event
// sent in namespace other moves the execution there and neither of those
// in default.
func TestNamespaceEvent(t *testing.T) {
	ctx := context.Background()
	h := enginetest.Start(t, engine.Options{})
	if _, err := h.Client.AddNamespace(ctx, "other", nil); err != nil {
		t.Fatal(err)
	}
	const tasks = `tasks:
  - name: go
    operator: bash
    bash_command: "true"
    rules:
      - {action: START, event: go}
  - name: mark
    operator: bash
    bash_command: "true"
    rules:
      - {action: START, event: mark}
`
	h.Upload("wait.yaml", "name: wait\n"+tasks)
	h.Upload("other.yaml", "name: wait\nnamespace: other\n"+tasks)
	a, b := h.StartExecution("wait"), h.StartExecution("wait")
	x, err := h.Client.StartExecution(ctx, "other", "wait", api.StartExecutionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	other := x.ID
	send := func(ns, key string) {
		t.Helper()
		if _, err := h.Client.SendEvent(ctx, api.SendEventRequest{Key: key, Namespace: ns}); err != nil {
			t.Fatal(err)
		}
	}
	send("other", "go")
	send("default", "mark")
	h.Wait(other, timeout, "go done", func(x api.ExecutionDetail) bool { return enginetest.Runs(x) == "go:1:SUCCESS" })
	// Events are routed in log order, so other's go event was routed
	// before default's mark: had it leaked, go would have a run here.
	for _, id := range []int64{a, b} {
		x := h.Wait(id, timeout, "mark done", func(x api.ExecutionDetail) bool {
			return strings.Contains(enginetest.Runs(x), "mark:1:SUCCESS")
		})
		check(t, x, "RUNNING", "mark:1:SUCCESS")
	}
	send("default", "go")
	send("other", "mark")
	check(t, h.Finished(a, timeout), "SUCCESS", "mark:1:SUCCESS go:1:SUCCESS")
	check(t, h.Finished(b, timeout), "SUCCESS", "mark:1:SUCCESS go:1:SUCCESS")
	check(t, h.Finished(other, timeout), "SUCCESS", "go:1:SUCCESS mark:1:SUCCESS")
}

// Retries (decisions.md Fix 1): a task that fails twice and then succeeds.
func TestRetries(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("retry.yaml", `name: retry
tasks:
  - name: flaky
    operator: bash
    bash_command: echo x >> tries; [ "$(wc -l < tries)" -ge 3 ] || exit 3
    retries: 2
    retry_delay: 0.05
  - name: doomed
    operator: bash
    bash_command: exit 4
    retries: 1
`)
	x := h.Finished(h.StartExecution("retry"), timeout)
	check(t, x, "FAILED", "flaky:1:SUCCESS doomed:1:FAILED")
	for _, te := range x.TaskExecutions {
		want := map[string]int{"flaky": 3, "doomed": 2}[te.Task]
		if te.TryNumber != want {
			t.Errorf("%s: try %d, want %d", te.Task, te.TryNumber, want)
		}
	}
	if code := x.TaskExecutions[1].ExitCode; code == nil || *code != 4 {
		t.Errorf("doomed exit code = %v, want 4", code)
	}
}

// Timeouts kill (decisions.md Fix 2), and a rule on FAILED fires.
func TestTimeout(t *testing.T) {
	h := enginetest.Start(t, engine.Options{Grace: 100 * time.Millisecond})
	h.Upload("slow.yaml", `name: slow
tasks:
  - {name: slow, operator: bash, bash_command: sleep 30, timeout: 0.3}
  - name: cleanup
    operator: bash
    bash_command: "true"
    rules:
      - action: START
        task_status: {slow: FAILED}
`)
	start := time.Now()
	x := h.Finished(h.StartExecution("slow"), timeout)
	check(t, x, "FAILED", "slow:1:FAILED cleanup:1:SUCCESS")
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	if log, err := os.ReadFile(x.TaskExecutions[0].LogPath); err != nil || !strings.Contains(string(log), "1_slow_1 try 1 timed out after 300ms") {
		t.Errorf("log of slow: %q, %v", log, err)
	}
}

// Stopping an execution kills its runs and ends it STOPPED; a task waiting
// on an event never starts.
func TestStopExecution(t *testing.T) {
	h := enginetest.Start(t, engine.Options{Grace: 100 * time.Millisecond})
	h.Upload("long.yaml", `name: long
tasks:
  - {name: long, operator: bash, bash_command: echo started; sleep 30}
  - name: never
    operator: bash
    bash_command: "true"
    rules:
      - {action: START, event: never}
`)
	id := h.StartExecution("long")
	h.Wait(id, timeout, "long RUNNING", func(x api.ExecutionDetail) bool { return enginetest.Runs(x) == "long:1:RUNNING" })
	if _, err := h.Client.StopExecution(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	h.Wait(id, timeout, "long STOPPED", func(x api.ExecutionDetail) bool { return enginetest.Runs(x) == "long:1:STOPPED" })
	check(t, h.Finished(id, timeout), "STOPPED", "long:1:STOPPED")
	if _, err := h.Client.StopExecution(context.Background(), id); err == nil || !strings.Contains(err.Error(), "not RUNNING") {
		t.Errorf("second stop: %v", err)
	}
}

// Manual task actions: start reopens a finished execution, restart makes
// a new run, stop of a finished task changes nothing.
func TestTaskActions(t *testing.T) {
	h := enginetest.Start(t, engine.Options{Grace: 100 * time.Millisecond})
	h.Upload("manual.yaml", `name: manual
tasks:
  - {name: a, operator: bash, bash_command: "true"}
`)
	ctx := context.Background()
	id := h.StartExecution("manual")
	check(t, h.Finished(id, timeout), "SUCCESS", "a:1:SUCCESS")
	act, err := h.Client.TaskAction(ctx, id, "a", "stop")
	if err == nil {
		t.Errorf("stop in a finished execution: %+v, want an error", act)
	}
	act, err = h.Client.TaskAction(ctx, id, "a", "start")
	if err != nil || !act.Changed || act.TaskExecution.SequenceNumber != 2 {
		t.Fatalf("start: %+v, %v", act, err)
	}
	check(t, h.Finished(id, timeout), "SUCCESS", "a:1:SUCCESS a:2:SUCCESS")
	if _, err := h.Client.TaskAction(ctx, id, "b", "start"); err == nil || !strings.Contains(err.Error(), `no task "b"`) {
		t.Errorf("unknown task: %v", err)
	}
}

// Parallelism bounds how many runs run at once; queued runs start in order.
func TestParallelism(t *testing.T) {
	h := enginetest.Start(t, engine.Options{Parallelism: 2})
	var b strings.Builder
	b.WriteString("name: par\ntasks:\n")
	for _, n := range []string{"t1", "t2", "t3", "t4", "t5", "t6"} {
		b.WriteString("  - {name: " + n + ", operator: bash, bash_command: 'ls ../*.running 2>/dev/null | wc -l > count; touch ../" + n + ".running; sleep 0.2; rm ../" + n + ".running'}\n")
	}
	h.Upload("par.yaml", b.String())
	x := h.Finished(h.StartExecution("par"), timeout)
	check(t, x, "SUCCESS", "t1:1:SUCCESS t2:1:SUCCESS t3:1:SUCCESS t4:1:SUCCESS t5:1:SUCCESS t6:1:SUCCESS")
	for _, n := range []string{"t1", "t2", "t3", "t4", "t5", "t6"} {
		data, err := os.ReadFile(h.Dir + "/working_dir/par/1/" + n + "_1/count")
		if err != nil {
			t.Fatal(err)
		}
		if c := strings.TrimSpace(string(data)); c != "0" && c != "1" {
			t.Errorf("%s saw %s other runs running, want at most 1", n, c)
		}
	}
}

// Disabled workflows start nothing (decisions.md Fix 7).
func TestDisabled(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("off.yaml", "name: off\ntasks:\n  - {name: a, operator: bash, bash_command: 'true'}\n")
	if _, err := h.Client.SetWorkflowEnabled(context.Background(), "default", "off", false); err != nil {
		t.Fatal(err)
	}
	_, err := h.Client.StartExecution(context.Background(), "default", "off", api.StartExecutionRequest{})
	if err == nil || !strings.Contains(err.Error(), "disabled") {
		t.Errorf("start of a disabled workflow: %v", err)
	}
}

// A periodic task restarts on its schedule (§9.4); the execution runs
// until stopped.
func TestPeriodicTask(t *testing.T) {
	h := enginetest.Start(t, engine.Options{Grace: 100 * time.Millisecond})
	h.Upload("tick.yaml", `name: tick
tasks:
  - {name: tick, operator: bash, bash_command: "true", periodic_expression: "interval@0 0 0 0.2"}
  - {name: after, operator: bash, bash_command: "true", start_after: [tick]}
`)
	id := h.StartExecution("tick")
	h.Wait(id, timeout, "three ticks", func(x api.ExecutionDetail) bool {
		return strings.Contains(enginetest.Runs(x), "tick:3:SUCCESS")
	})
	if _, err := h.Client.StopExecution(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	x := h.Finished(id, timeout)
	if x.Status != "STOPPED" && x.Status != "SUCCESS" {
		t.Errorf("status %s", x.Status)
	}
}

// A workflow schedule starts PERIODIC executions (§9.5).
func TestSchedule(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("sched.yaml", `name: sched
schedules: ["interval@0 0 0 0.3"]
tasks:
  - {name: hello, operator: bash, bash_command: echo Hello World!}
`)
	deadline := time.Now().Add(timeout)
	for {
		xs, err := h.Client.Executions(context.Background(), "default", "sched")
		if err != nil {
			t.Fatal(err)
		}
		if len(xs) >= 2 {
			if xs[0].RunType != "PERIODIC" {
				t.Errorf("run type %s", xs[0].RunType)
			}
			// Disabled, the workflow starts no more; let the last end.
			if _, err := h.Client.SetWorkflowEnabled(context.Background(), "default", "sched", false); err != nil {
				t.Fatal(err)
			}
			xs, _ := h.Client.Executions(context.Background(), "default", "sched")
			for _, x := range xs {
				h.Finished(x.ID, timeout)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d executions", len(xs))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// PythonOperator runs its callable under CPython with op_args and
// op_kwargs, and its in-task client drives rules (§9.1 with a Python
// task, as in AIFlow's sample).
func TestPythonOperator(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found")
	}
	h := enginetest.Start(t, engine.Options{})
	h.Upload("py.py", `from ai_flow.model.action import TaskAction
from ai_flow.model.workflow import Workflow
from ai_flow.notification.notification_client import AIFlowNotificationClient
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator


def write(path, text, times=1):
    with open(path, 'w') as f:
        f.write(text * times)


def send():
    client = AIFlowNotificationClient("localhost:50052")
    client.send_event(key='key', value='v')


with Workflow(name='py') as w:
    t1 = PythonOperator(name='t1', python_callable=write, op_args=['out.txt', 'ab'], op_kwargs={'times': 2})
    t2 = PythonOperator(name='t2', python_callable=send)
    t3 = BashOperator(name='t3', bash_command='echo done')
    t2.start_after(t1)
    t3.action_on_event_received(event_key='key', action=TaskAction.START)
`)
	x := h.Finished(h.StartExecution("py"), timeout)
	check(t, x, "SUCCESS", "t1:1:SUCCESS t2:1:SUCCESS t3:1:SUCCESS")
	data, err := os.ReadFile(h.Dir + "/working_dir/py/1/t1_1/out.txt")
	if err != nil || string(data) != "abab" {
		t.Errorf("t1 wrote %q, %v", data, err)
	}
}

// §9.3 event_trigger_workflow: workflow_1's task sends an event that a
// trigger of workflow_2 listens for; workflow_2 gets one EVENT execution.
// A trigger on a task-status event of another workflow fires too, and a
// disabled workflow's trigger does not.
func TestTriggers(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("wf1.yaml", `name: workflow_1
tasks:
  - {name: event_task, operator: bash, bash_command: aiflow event send trigger_workflow}
`)
	h.Upload("wf2.yaml", `name: workflow_2
triggers:
  - event: trigger_workflow
tasks:
  - {name: task_1, operator: bash, bash_command: echo I am 1st task.}
`)
	h.Upload("wf3.yaml", `name: workflow_3
triggers:
  - task_status: {workflow: workflow_2, task: task_1, status: SUCCESS}
tasks:
  - {name: after, operator: bash, bash_command: "true"}
`)
	h.Upload("wf4.yaml", `name: workflow_4
triggers:
  - event: trigger_workflow
tasks:
  - {name: never, operator: bash, bash_command: "true"}
`)
	ctx := context.Background()
	if _, err := h.Client.SetWorkflowEnabled(ctx, "default", "workflow_4", false); err != nil {
		t.Fatal(err)
	}
	check(t, h.Finished(h.StartExecution("workflow_1"), timeout), "SUCCESS", "event_task:1:SUCCESS")
	wait := func(wf string) api.Execution {
		t.Helper()
		deadline := time.Now().Add(timeout)
		for {
			xs, err := h.Client.Executions(ctx, "default", wf)
			if err != nil {
				t.Fatal(err)
			}
			if len(xs) == 1 && xs[0].Status == "SUCCESS" {
				return xs[0]
			}
			if len(xs) > 1 || time.Now().After(deadline) {
				t.Fatalf("executions of %s: %+v", wf, xs)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if x := wait("workflow_2"); x.RunType != "EVENT" {
		t.Errorf("workflow_2 run type %s", x.RunType)
	}
	wait("workflow_3")
	if xs, err := h.Client.Executions(ctx, "default", "workflow_4"); err != nil || len(xs) != 0 {
		t.Errorf("disabled workflow_4: %+v, %v", xs, err)
	}
}

// A RESTART stops the live run and starts a new one at once. The old run's
// STOPPED event is published before the new run's events, as AIFlow's
// executor reports it before starting the new run (§3.3), so a rule on
// STOPPED fires; the old process ends later without a second event.
func TestRestartEndsTheOldRun(t *testing.T) {
	h := enginetest.Start(t, engine.Options{Grace: 100 * time.Millisecond})
	h.Upload("serve.yaml", `name: serve
tasks:
  - {name: serve, operator: bash, bash_command: sleep 30}
  - name: cleanup
    operator: bash
    bash_command: "true"
    rules: [{action: START, condition: {task_status: {task: serve, status: STOPPED}}}]
`)
	ctx := context.Background()
	id := h.StartExecution("serve")
	h.Wait(id, timeout, "serve running", func(x api.ExecutionDetail) bool { return enginetest.Runs(x) == "serve:1:RUNNING" })
	if _, err := h.Client.TaskAction(ctx, id, "serve", "restart"); err != nil {
		t.Fatal(err)
	}
	h.Wait(id, timeout, "the old run STOPPED, cleanup done", func(x api.ExecutionDetail) bool {
		return enginetest.Runs(x) == "serve:1:STOPPED serve:2:RUNNING cleanup:1:SUCCESS"
	})
	if _, err := h.Client.StopExecution(ctx, id); err != nil {
		t.Fatal(err)
	}
	x := h.Wait(id, timeout, "both STOPPED", func(x api.ExecutionDetail) bool {
		return enginetest.Runs(x) == "serve:1:STOPPED serve:2:STOPPED cleanup:1:SUCCESS"
	})
	evs, err := h.Client.Events(ctx, api.EventQuery{Keys: []string{"[task_status_change].default.serve.serve"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range evs {
		got = append(got, ev.Context[strings.Index(ev.Context, `"task_status":`)+len(`"task_status":`):len(ev.Context)-1])
	}
	// serve#1 RUNNING, serve#1 STOPPED (at the restart), serve#2 RUNNING,
	// serve#2 STOPPED; nothing more when serve#1's process ends.
	if want := `"RUNNING" "STOPPED" "RUNNING" "STOPPED"`; strings.Join(got, " ") != want {
		t.Errorf("status events %s, want %s", strings.Join(got, " "), want)
	}
	// AIFlow's event_offset: the last event applied to the execution.
	if x.EventOffset <= 0 {
		t.Errorf("event_offset %d, want the offset of the last event the execution saw", x.EventOffset)
	}
}

// An execution whose tasks wait for events nobody sent, after their
// upstream failed, explains itself through its rules: what each task that
// never ran waits for, why one cannot run, and that it is idle; once the
// event comes and it ends, what never ran and why.
func TestStuckExplains(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("stuck.yaml", `name: stuck
tasks:
  - {name: fetch, operator: bash, bash_command: exit 1}
  - {name: load, operator: bash, bash_command: "true", start_after: fetch}
  - name: report
    operator: bash
    bash_command: "true"
    rules: [{action: START, event: go}]
`)
	ctx := context.Background()
	id := h.StartExecution("stuck")
	h.Wait(id, timeout, "fetch failed", func(x api.ExecutionDetail) bool { return enginetest.Runs(x) == "fetch:1:FAILED" })
	waits := func() (bool, map[string]string) {
		r, err := h.Client.ExecutionRules(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, tr := range r.Tasks {
			got[tr.Task] = tr.Waiting
		}
		return r.Idle, got
	}
	idle, got := waits()
	want := map[string]string{"fetch": "", "load": "cannot run: upstream fetch FAILED", "report": "waits for event key 'go'"}
	if !idle || !maps.Equal(got, want) {
		t.Errorf("idle %v, waiting %q; want idle, %q", idle, got, want)
	}
	if _, err := h.Client.SendEvent(ctx, api.SendEventRequest{Key: "go"}); err != nil {
		t.Fatal(err)
	}
	check(t, h.Finished(id, timeout), "FAILED", "fetch:1:FAILED report:1:SUCCESS")
	idle, got = waits()
	want = map[string]string{"fetch": "", "load": "never ran: upstream fetch FAILED", "report": ""}
	if idle || !maps.Equal(got, want) {
		t.Errorf("idle %v, waiting %q; want not idle, %q", idle, got, want)
	}
}

// Each fire of a periodic task replaces its running run: the replaced
// run's STOPPED event comes before the new run's RUNNING, as in AIFlow.
func TestPeriodicReplacesRunningRun(t *testing.T) {
	h := enginetest.Start(t, engine.Options{Grace: 100 * time.Millisecond})
	h.Upload("ticker.yaml", `name: ticker
tasks:
  - {name: tick, operator: bash, bash_command: sleep 30, periodic_expression: "interval@0 0 0 0.5"}
`)
	ctx := context.Background()
	id := h.StartExecution("ticker")
	h.Wait(id, timeout, "the second run", func(x api.ExecutionDetail) bool {
		return strings.Contains(enginetest.Runs(x), "tick:2:RUNNING")
	})
	if _, err := h.Client.StopExecution(ctx, id); err != nil {
		t.Fatal(err)
	}
	h.Finished(id, timeout)
	evs, err := h.Client.Events(ctx, api.EventQuery{Keys: []string{"[task_status_change].default.ticker.tick"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range evs {
		got = append(got, ev.Context[strings.Index(ev.Context, `"task_status":`)+len(`"task_status":`):len(ev.Context)-1])
	}
	if s := strings.Join(got, " "); !strings.HasPrefix(s, `"RUNNING" "STOPPED" "RUNNING"`) {
		t.Errorf("status events %s, want RUNNING, STOPPED, RUNNING first", s)
	}
}

// The folders an execution of an earlier database left (ids start again
// at 1 after aiflow db reset) are moved aside, not taken for this one's:
// its task really runs.
func TestStaleFolders(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("again.yaml", "name: again\ntasks:\n  - {name: a, operator: bash, bash_command: echo new}\n")
	old := filepath.Join(h.Dir, "working_dir", "again", "1")
	for path, data := range map[string]string{
		filepath.Join(old, ".execution"): "12345\n",
		filepath.Join(old, ".runs", "a_1_1.json"): `{"path":"true","state":{"phase":"running","supervisor":1},` +
			`"outcome":{"pid":1,"exit_code":0,"started":"2020-01-01T00:00:00Z","ended":"2020-01-01T00:00:01Z"}}`,
		filepath.Join(h.Dir, "logs", "again", "1", "a", "1.log"): "old\n",
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	x := h.Finished(h.StartExecution("again"), timeout)
	check(t, x, "SUCCESS", "a:1:SUCCESS")
	if log, err := os.ReadFile(x.TaskExecutions[0].LogPath); err != nil || string(log) != "new\n" {
		t.Errorf("log %q, %v; want the new run's output only", log, err)
	}
	if stale, _ := filepath.Glob(old + ".stale-*"); len(stale) != 1 {
		t.Errorf("moved aside: %v", stale)
	}
}

// A report sent again (its first answer was lost) is acknowledged, not
// refused: a refused started report makes the supervisor stop its task.
func TestRepeatedReports(t *testing.T) {
	h := enginetest.Start(t, engine.Options{Grace: 100 * time.Millisecond})
	h.Upload("long.yaml", "name: long\ntasks:\n  - {name: a, operator: bash, bash_command: sleep 30}\n")
	ctx := context.Background()
	id := h.StartExecution("long")
	x := h.Wait(id, timeout, "a RUNNING", func(x api.ExecutionDetail) bool { return enginetest.Runs(x) == "a:1:RUNNING" })
	te := x.TaskExecutions[0].ID
	secret := trySecret(t, h, "long", id, "a_1_1")
	if err := h.Client.Report(ctx, te, api.TaskReport{Try: 1, Event: api.ReportStarted, Time: time.Now(), Secret: secret}); err != nil {
		t.Errorf("started again: %v", err)
	}
	if _, err := h.Client.StopExecution(ctx, id); err != nil {
		t.Fatal(err)
	}
	h.Wait(id, timeout, "a STOPPED", func(x api.ExecutionDetail) bool { return enginetest.Runs(x) == "a:1:STOPPED" })
	if err := h.Client.Report(ctx, te, api.TaskReport{Try: 1, Event: api.ReportExited, ExitCode: -1, Time: time.Now(), Secret: secret}); err != nil {
		t.Errorf("exited again: %v", err)
	}
	if err := h.Client.Report(ctx, te, api.TaskReport{Try: 2, Event: api.ReportStarted, Time: time.Now(), Secret: secret}); err == nil {
		t.Error("a report of a try that never was: no error")
	}
	// A run of an older database (before aiflow db reset) with the same
	// task execution id names another execution begin time.
	err := h.Client.Report(ctx, te, api.TaskReport{Try: 1, Event: api.ReportExited, Time: time.Now(),
		ExecutionBegan: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err == nil || !strings.Contains(err.Error(), "db reset") {
		t.Errorf("a report of an older database's run: %v", err)
	}
}

// trySecret reads the secret of a try from its supervisor's spec file.
func trySecret(t *testing.T, h *enginetest.Harness, wf string, execution int64, try string) string {
	t.Helper()
	rec, err := supervisor.Read(filepath.Join(h.Dir, "working_dir", wf, strconv.FormatInt(execution, 10), ".runs", try+".json"))
	if err != nil || rec.Secret == "" {
		t.Fatalf("the try's spec: %+v, %v; want a secret", rec, err)
	}
	return rec.Secret
}

// Only the supervisor that owns a try may report about it: a report
// without the try's secret, or with another's, is refused with 403 and
// changes nothing, and the real report is applied afterwards.
func TestForgedReport(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("forged.yaml", "name: forged\ntasks:\n  - {name: a, operator: bash, bash_command: sleep 1; exit 3}\n  - {name: b, operator: bash, bash_command: echo b, start_after: [a]}\n")
	ctx := context.Background()
	id := h.StartExecution("forged")
	x := h.Wait(id, timeout, "a RUNNING", func(x api.ExecutionDetail) bool { return enginetest.Runs(x) == "a:1:RUNNING" })
	te := x.TaskExecutions[0].ID
	for _, secret := range []string{"", "guess"} {
		err := h.Client.Report(ctx, te, api.TaskReport{Try: 1, Event: api.ReportExited, ExitCode: 0, Time: time.Now(), Secret: secret})
		var ce *client.Error
		if !errors.As(err, &ce) || ce.Status != http.StatusForbidden {
			t.Errorf("a forged report with secret %q: %v; want 403", secret, err)
		}
	}
	x = h.Finished(id, timeout)
	check(t, x, "FAILED", "a:1:FAILED")
}

// Parameters given at the start reach every task of the execution, every
// try of it: bash tasks as AIFLOW_PARAM_<NAME> and AIFLOW_PARAMS, Python
// callables that declare params, and the runtime task context. The
// server's own parameter variables do not leak in; bad names are refused.
func TestParams(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found")
	}
	h := enginetest.Start(t, engine.Options{Environ: append(os.Environ(), "AIFLOW_PARAM_LEAK=server", "AIFLOW_PARAMS={}")})
	h.Upload("params.py", `from ai_flow.model.internal.contexts import get_runtime_task_context
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator


def report(name, params):
    with open(name, 'w') as f:
        f.write('%s %s' % (sorted(params.items()), get_runtime_task_context().params == params))


with Workflow(name='params') as w:
    sh = BashOperator(name='sh', retries=1, retry_delay=0,
                      bash_command='echo "$AIFLOW_TRY_NUMBER $AIFLOW_PARAM_DATE|$AIFLOW_PARAM_MODEL_NAME|$AIFLOW_PARAM_LEAK|$AIFLOW_PARAMS" >> sh.txt; test $AIFLOW_TRY_NUMBER = 2')
    py = PythonOperator(name='py', python_callable=report, op_args=['py.txt'])
    py.start_after(sh)
`)
	ctx := context.Background()
	params := map[string]string{"date": "2026-11-27", "model name": "v2 é"}
	started, err := h.Client.StartExecution(ctx, "default", "params", api.StartExecutionRequest{Params: params})
	if err != nil {
		t.Fatal(err)
	}
	x := h.Finished(started.ID, timeout)
	check(t, x, "SUCCESS", "sh:1:SUCCESS py:1:SUCCESS")
	if !maps.Equal(started.Params, params) || !maps.Equal(x.Params, params) {
		t.Errorf("params: started %v, shown %v; want %v", started.Params, x.Params, params)
	}
	run := filepath.Join(h.Dir, "working_dir", "params", "1")
	want := map[string]string{
		"sh_1/sh.txt": "1 2026-11-27|v2 é||{\"date\":\"2026-11-27\",\"model name\":\"v2 é\"}\n" +
			"2 2026-11-27|v2 é||{\"date\":\"2026-11-27\",\"model name\":\"v2 é\"}\n",
		"py_1/py.txt": "[('date', '2026-11-27'), ('model name', 'v2 é')] True",
	}
	for file, w := range want {
		if got, err := os.ReadFile(filepath.Join(run, file)); err != nil || string(got) != w {
			t.Errorf("%s = %q, %v; want %q", file, got, err, w)
		}
	}

	_, err = h.Client.StartExecution(ctx, "default", "params", api.StartExecutionRequest{Params: map[string]string{"a-b": "1", "A_B": "2"}})
	var ae *client.Error
	if !errors.As(err, &ae) || ae.Status != http.StatusBadRequest || ae.Error() != `parameters "A_B" and "a-b" are both AIFLOW_PARAM_A_B; rename one` {
		t.Errorf("colliding names: %v", err)
	}
}

// A supervisor killed outright: its task is killed too, and the try ends
// FAILED with the reason in the task's log.
func TestSupervisorKilled(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("orphan.yaml", "name: orphan\ntasks:\n  - {name: a, operator: bash, bash_command: sleep 30}\n")
	id := h.StartExecution("orphan")
	h.Wait(id, timeout, "a RUNNING", func(x api.ExecutionDetail) bool { return enginetest.Runs(x) == "a:1:RUNNING" })
	var rec supervisor.Record
	path := filepath.Join(h.Dir, "working_dir", "orphan", strconv.FormatInt(id, 10), ".runs", "a_1_1.json")
	for deadline := time.Now().Add(timeout); rec.State == nil || rec.State.Phase != supervisor.Running; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no running state in %s", path)
		}
		rec, _ = supervisor.Read(path)
	}
	if err := syscall.Kill(rec.State.Supervisor, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	x := h.Finished(id, timeout)
	check(t, x, "FAILED", "a:1:FAILED")
	if log, err := os.ReadFile(x.TaskExecutions[0].LogPath); err != nil || !strings.Contains(string(log), "was lost: its supervisor died before it recorded how the task ended") {
		t.Errorf("task log %q (%v); want the reason it was lost", log, err)
	}
	if process.GroupAlive(rec.State.Pid) {
		t.Errorf("the task's process group %d outlived its supervisor", rec.State.Pid)
	}
}

// A folder without the execution's marker (a snapshot cut short by a crash
// before the marker was written) is moved aside and made again, never used.
func TestUnmarkedFolder(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("cut.yaml", "name: cut\ntasks:\n  - {name: a, operator: bash, bash_command: echo ok}\n")
	old := filepath.Join(h.Dir, "working_dir", "cut", "1")
	if err := os.MkdirAll(filepath.Join(old, "snapshot"), 0o700); err != nil {
		t.Fatal(err)
	}
	x := h.Finished(h.StartExecution("cut"), timeout)
	check(t, x, "SUCCESS", "a:1:SUCCESS")
	if _, err := os.Stat(filepath.Join(old, "snapshot", "cut.yaml")); err != nil {
		t.Errorf("the snapshot was not made again: %v", err)
	}
	if stale, _ := filepath.Glob(old + ".stale-*"); len(stale) != 1 {
		t.Errorf("moved aside: %v", stale)
	}
}
