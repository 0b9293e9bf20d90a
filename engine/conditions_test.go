package engine_test

import (
	"context"
	"encoding/json"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/engine/enginetest"
)

// Custom Python conditions and expression conditions with real processes
// (aiflow-reference.md §1.4-§1.5, §9.2, §9.9 d; decisions.md Fix 14).

// send sends an event of the default namespace from outside.
func send(t *testing.T, h *enginetest.Harness, key, value string) api.Event {
	t.Helper()
	ev, err := h.Client.SendEvent(context.Background(), api.SendEventRequest{Key: key, Value: value, Namespace: "default"})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// rules returns the rule inspection of an execution once cond holds.
func rules(t *testing.T, h *enginetest.Harness, id int64, what string, cond func(api.ExecutionRules) bool) api.ExecutionRules {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		r, err := h.Client.ExecutionRules(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if cond(r) {
			return r
		}
		if time.Now().After(deadline) {
			data, _ := json.MarshalIndent(r, "", "  ")
			t.Fatalf("execution %d: no %s within %s:\n%s", id, what, timeout, data)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// rule returns rule i of task in an inspection.
func rule(t *testing.T, r api.ExecutionRules, task string, i int) api.Rule {
	t.Helper()
	for _, tr := range r.Tasks {
		if tr.Task == task && i < len(tr.Rules) {
			return tr.Rules[i]
		}
	}
	t.Fatalf("no rule %d of task %s in %+v", i, task, r.Tasks)
	return api.Rule{}
}

// evaluated says that rule i of task was evaluated n times.
func evaluated(task string, i int, n int64) func(api.ExecutionRules) bool {
	return func(r api.ExecutionRules) bool {
		for _, tr := range r.Tasks {
			if tr.Task == task && i < len(tr.Rules) {
				return tr.Rules[i].Evaluations >= n
			}
		}
		return false
	}
}

// §9.2: AIFlow's custom_condition sample, unchanged: three producers send
// random numbers every second, NumCondition (execution-scoped ValueState
// holding a plain object) starts the consumer once when they add up to
// 100, and the producers' STOP rules end them. Every num_event the
// execution saw was counted exactly once: the stored accumulator is the
// sum of the first N events, N the number of evaluations.
func TestCustomConditionSample(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found")
	}
	h := enginetest.Start(t, engine.Options{Grace: time.Second})
	h.Upload("custom_condition_example.py", customConditionSample)
	id := h.StartExecution("condition_workflow")
	x := h.Finished(id, 60*time.Second)
	check(t, x, "STOPPED", "producer_1:1:STOPPED producer_2:1:STOPPED producer_3:1:STOPPED consumer:1:SUCCESS")
	r, err := h.Client.ExecutionRules(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var con struct {
		Class       string `json:"__class__"`
		Accumulator int    `json:"accumulator"`
		IsConsumed  bool   `json:"is_consumed"`
	}
	if err := json.Unmarshal(r.State["consumer"], &con); err != nil {
		t.Fatalf("state consumer = %s: %v", r.State["consumer"], err)
	}
	if con.Class != "custom_condition_example.Consumer" || !con.IsConsumed || con.Accumulator < 100 {
		t.Errorf("state consumer = %s", r.State["consumer"])
	}
	ru := rule(t, r, "consumer", 0)
	evs, err := h.Client.Events(context.Background(), api.EventQuery{Keys: []string{"num_event"}})
	if err != nil {
		t.Fatal(err)
	}
	if ru.Evaluations == 0 || ru.Evaluations > int64(len(evs)) || ru.Last.Error != "" {
		t.Fatalf("%d evaluations of %d events, last %+v", ru.Evaluations, len(evs), ru.Last)
	}
	sum := 0
	for _, ev := range evs[:ru.Evaluations] {
		n, _ := strconv.Atoi(ev.Value)
		sum += n
	}
	if sum != con.Accumulator || evs[ru.Evaluations-1].Offset != ru.Last.EventOffset {
		t.Errorf("accumulator %d, sum of the %d evaluated events %d (last evaluated offset %d)", con.Accumulator, ru.Evaluations, sum, ru.Last.EventOffset)
	}
}

// customConditionSample is AIFlow's samples/custom_condition, as its users
// have it.
const customConditionSample = `import random
import time

from ai_flow.model.action import TaskAction
from ai_flow.model.condition import Condition
from ai_flow.model.context import Context
from ai_flow.model.state import ValueState, ValueStateDescriptor
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.notification.notification_client import AIFlowNotificationClient, Event
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator


class Consumer:
    def __init__(self,
                 is_consumed: bool = False,
                 accumulator: int = 0):
        self.is_consumed = is_consumed
        self.accumulator = accumulator


class NumCondition(Condition):

    def is_met(self, event: Event, context: Context) -> bool:
        state: ValueState = context.get_state(ValueStateDescriptor(name='consumer'))
        con = state.value()
        if con is None:
            con = Consumer()

        con.accumulator = con.accumulator + int(event.value)
        if con.accumulator >= 100 and not con.is_consumed:
            con.is_consumed = True
            state.update(con)
            return True
        else:
            state.update(con)
            return False


def random_produce():
    notification_client = \
        AIFlowNotificationClient(server_uri='localhost:50052')
    while True:
        num = random.randint(0, 9)
        notification_client.send_event(key='num_event', value=str(num))
        print(f"Produced {num} records")
        time.sleep(1)


with Workflow(name='condition_workflow') as workflow:
    task1 = PythonOperator(name='producer_1',
                           python_callable=random_produce)
    task2 = PythonOperator(name='producer_2',
                           python_callable=random_produce)
    task3 = PythonOperator(name='producer_3',
                           python_callable=random_produce)
    task4 = BashOperator(name='consumer',
                         bash_command='echo Got 100 records.')

    task4.action_on_condition(action=TaskAction.START,
                              condition=NumCondition(expect_event_keys=['num_event']))

    task1.action_on_task_status(action=TaskAction.STOP,
                                upstream_task_status_dict={task4: TaskStatus.SUCCESS})
    task2.action_on_task_status(action=TaskAction.STOP,
                                upstream_task_status_dict={task4: TaskStatus.SUCCESS})
    task3.action_on_task_status(action=TaskAction.STOP,
                                upstream_task_status_dict={task4: TaskStatus.SUCCESS})
`

// §9.9 (d): the docs' NumCondition has no consumed flag and keeps its sum
// below the threshold, so after the threshold further events can start
// the consumer again (once its run has finished).
func TestNumConditionDocs(t *testing.T) {
	h := enginetest.Start(t, engine.Options{Grace: 100 * time.Millisecond})
	h.Upload("docs.py", `from notification_service.model.event import Event

from ai_flow.model.action import TaskAction
from ai_flow.model.condition import Condition
from ai_flow.model.context import Context
from ai_flow.model.state import ValueState, ValueStateDescriptor
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator


class NumCondition(Condition):
    def is_met(self, event: Event, context: Context) -> bool:
        state: ValueState = context.get_state(ValueStateDescriptor(name='num_state'))
        num = 0 if state.value() is None else int(state.value())
        num += int(event.value)
        if num >= 100:
            return True
        else:
            state.update(num)
            return False


with Workflow(name='condition_workflow') as workflow:
    task1 = BashOperator(name='producer', bash_command='sleep 60')
    task2 = BashOperator(name='consumer', bash_command='echo Got 100 records.')
    task2.action_on_condition(action=TaskAction.START,
                              condition=NumCondition(expect_event_keys=['num_event']))
`)
	id := h.StartExecution("condition_workflow")
	consumed := func(n int) func(api.ExecutionDetail) bool {
		return func(x api.ExecutionDetail) bool {
			return strings.Count(enginetest.Runs(x), "consumer:") == n && strings.HasSuffix(enginetest.Runs(x), ":SUCCESS")
		}
	}
	send(t, h, "num_event", "60")
	send(t, h, "num_event", "50") // 110: met, the sum stays 60
	h.Wait(id, timeout, "the first consumer run", consumed(1))
	send(t, h, "num_event", "30") // 90: not met, stored
	send(t, h, "num_event", "20") // 110 again
	x := h.Wait(id, timeout, "the second consumer run", consumed(2))
	if got := enginetest.Runs(x); !strings.HasSuffix(got, " consumer:1:SUCCESS consumer:2:SUCCESS") {
		t.Errorf("runs %s", got)
	}
	r := rules(t, h, id, "4 evaluations", evaluated("consumer", 0, 4))
	if got := string(r.State["num_state"]); got != "90" {
		t.Errorf("num_state = %s, want 90", got)
	}
	if _, err := h.Client.StopExecution(context.Background(), id); err != nil {
		t.Fatal(err)
	}
}

// MeetAll and MeetAny with custom members: the engine evaluates the
// members that listen to the event, keeps the meet-all flags, and passes
// each custom member its own constructor arguments.
func TestCustomMembers(t *testing.T) {
	h := enginetest.Start(t, engine.Options{Grace: 100 * time.Millisecond})
	h.Upload("mix.py", `from ai_flow.model.action import TaskAction
from ai_flow.model.condition import Condition
from ai_flow.model.internal.conditions import MeetAllCondition, MeetAnyCondition, SingleEventCondition
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator


class Above(Condition):
    def __init__(self, expect_event_keys, limit):
        super().__init__(expect_event_keys)
        self.limit = limit

    def is_met(self, event, context):
        return int(event.value) > self.limit


class Even(Condition):
    def is_met(self, event, context):
        return int(event.value) % 2 == 0


with Workflow(name='mix') as w:
    wait = BashOperator(name='wait', bash_command='sleep 60')
    both = BashOperator(name='both', bash_command='true')
    either = BashOperator(name='either', bash_command='true')
    both.action_on_condition(TaskAction.START, MeetAllCondition(name='both_state', conditions=[
        Above(expect_event_keys=['x'], limit=5), SingleEventCondition('y')]))
    either.action_on_condition(TaskAction.START, MeetAnyCondition(conditions=[
        Even(expect_event_keys=['x']), SingleEventCondition('z')]))
`)
	id := h.StartExecution("mix")
	send(t, h, "x", "3") // Above false, Even false
	r := rules(t, h, id, "the first x", evaluated("either", 0, 1))
	if got := enginetest.Runs(h.Wait(id, timeout, "", func(api.ExecutionDetail) bool { return true })); strings.Contains(got, "both") || strings.Contains(got, "either") {
		t.Errorf("after x=3: %s", got)
	}
	if got := string(rule(t, r, "both", 0).State["both_state"]); got != "[false,false]" {
		t.Errorf("both_state after x=3: %s", got)
	}
	send(t, h, "x", "8") // Above true, Even true: either starts
	h.Wait(id, timeout, "either", func(x api.ExecutionDetail) bool { return strings.Contains(enginetest.Runs(x), "either:1:SUCCESS") })
	send(t, h, "y", "")
	x := h.Wait(id, timeout, "both", func(x api.ExecutionDetail) bool { return strings.Contains(enginetest.Runs(x), "both:1:SUCCESS") })
	if got := enginetest.Runs(x); !strings.HasSuffix(got, " either:1:SUCCESS both:1:SUCCESS") {
		t.Errorf("runs %s", got)
	}
	if _, err := h.Client.StopExecution(context.Background(), id); err != nil {
		t.Fatal(err)
	}
}

// A workflow trigger with a custom condition: its ValueState is kept per
// workflow, so the third "load" event starts an EVENT execution.
func TestCustomTrigger(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	h.Upload("trig.py", `from ai_flow import ops
from ai_flow.model.condition import Condition
from ai_flow.model.rule import WorkflowRule
from ai_flow.model.state import ValueStateDescriptor
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator


class Third(Condition):
    def is_met(self, event, context):
        state = context.get_state(ValueStateDescriptor('seen'))
        seen = (state.value() or 0) + 1
        state.update(seen)
        return seen % 3 == 0 and context.get_task_status('work') is None


with Workflow(name='triggered') as w:
    BashOperator(name='work', bash_command='true')

ops.add_workflow_trigger(rule=WorkflowRule(Third(expect_event_keys=['load'])), workflow_name='triggered')
`)
	ctx := context.Background()
	for i := range 2 {
		send(t, h, "load", strconv.Itoa(i))
	}
	offset := send(t, h, "load", "2").Offset
	deadline := time.Now().Add(timeout)
	for {
		xs, err := h.Client.Executions(ctx, "default", "triggered")
		if err != nil {
			t.Fatal(err)
		}
		if len(xs) == 1 && xs[0].Status == "SUCCESS" {
			if xs[0].RunType != "EVENT" {
				t.Errorf("run type %s", xs[0].RunType)
			}
			break
		}
		if len(xs) > 1 || time.Now().After(deadline) {
			t.Fatalf("executions: %+v", xs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	wf, err := h.Client.Workflow(ctx, "default", "triggered")
	if err != nil {
		t.Fatal(err)
	}
	if len(wf.Triggers) != 1 || wf.Triggers[0].Evaluations != 3 || wf.Triggers[0].Last == nil ||
		wf.Triggers[0].Last.Result != "met" || wf.Triggers[0].Last.EventOffset != offset {
		data, _ := json.Marshal(wf.Triggers)
		t.Errorf("triggers %s", data)
	}
}

// The running sum in YAML: the rule's when/update keeps a state map; the
// consumer starts exactly once (the fired flag), and the producers stop by
// their STOP rules.
func TestExpressionRunningSum(t *testing.T) {
	h := enginetest.Start(t, engine.Options{Grace: 100 * time.Millisecond})
	h.Upload("sum.yaml", `name: running_sum
tasks:
  - name: producer
    operator: bash
    bash_command: sleep 60
    rules:
      - {action: STOP, task_status: {consumer: SUCCESS}}
  - name: consumer
    operator: bash
    bash_command: echo enough
    rules:
      - action: START
        event: num_event
        when: "!state.fired && state.sum + double(event.value) >= 100.0"
        update:
          sum: state.sum + double(event.value)
          fired: state.fired || state.sum + double(event.value) >= 100.0
`)
	id := h.StartExecution("running_sum")
	for _, v := range []string{"40", "50", "x", "30", "30"} {
		send(t, h, "num_event", v)
	}
	x := h.Finished(id, timeout)
	check(t, x, "STOPPED", "producer:1:STOPPED consumer:1:SUCCESS")
	r := rules(t, h, id, "5 evaluations", evaluated("consumer", 0, 5))
	ru := rule(t, r, "consumer", 0)
	if got := string(r.State["expr:consumer#1"]); got != `{"fired":true,"sum":150.0}` {
		t.Errorf("state = %s", got)
	}
	if ru.Last.Result != "not met" || ru.State == nil {
		t.Errorf("last evaluation %+v, state %v", ru.Last, ru.State)
	}
	if !strings.Contains(ru.Condition, "when !state.fired && state.sum") {
		t.Errorf("condition %q", ru.Condition)
	}
}

// Hostile conditions end with a recorded error within their limits while
// another execution goes on: one raises (with its traceback), one loops,
// one allocates without bound, one returns a string, one stores a
// socket, one opens a file outside the snapshot.
func TestHostileConditions(t *testing.T) {
	h := enginetest.Start(t, engine.Options{Grace: 100 * time.Millisecond})
	h.Upload("hostile.py", `from ai_flow.model.action import TaskAction
from ai_flow.model.condition import Condition
from ai_flow.model.state import ValueStateDescriptor
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator


def divide(n):
    return n / 0


class Raises(Condition):
    def is_met(self, event, context):
        return divide(1) > 0


class Loops(Condition):
    def is_met(self, event, context):
        while True:
            pass


class Hoards(Condition):
    def is_met(self, event, context):
        hoard = []
        while True:
            hoard.append('x' * (50 << 20) + str(len(hoard)))


class Says(Condition):
    def is_met(self, event, context):
        return 'yes'


class Stores(Condition):
    def is_met(self, event, context):
        import socket
        context.get_state(ValueStateDescriptor('sock')).update(socket.socket)
        return True


class Opens(Condition):
    def is_met(self, event, context):
        return len(open('/etc/passwd').read()) > 0


with Workflow(name='hostile') as w:
    BashOperator(name='hold', bash_command='sleep 60')
    for cls in [Raises, Loops, Hoards, Says, Stores, Opens]:
        task = BashOperator(name=cls.__name__.lower(), bash_command='true')
        task.action_on_condition(TaskAction.START, cls(expect_event_keys=['h']))
`)
	h.Upload("calm.yaml", `name: calm
tasks:
  - {name: a, operator: bash, bash_command: "true", rules: [{action: START, event: c}]}
  - {name: b, operator: bash, bash_command: "true", start_after: a}
`)
	hostile := h.StartExecution("hostile")
	calm := h.StartExecution("calm")
	began := time.Now()
	send(t, h, "h", "1")
	send(t, h, "c", "1")
	check(t, h.Finished(calm, timeout), "SUCCESS", "a:1:SUCCESS b:1:SUCCESS")
	r := rules(t, h, hostile, "six evaluations", func(r api.ExecutionRules) bool {
		for _, tr := range r.Tasks[1:] {
			if tr.Rules[0].Last == nil {
				return false
			}
		}
		return true
	})
	if took := time.Since(began); took > 5*time.Second {
		t.Errorf("the hostile evaluations took %s", took)
	}
	for task, want := range map[string]string{
		"raises": `hostile\.py:9 in divide: ZeroDivisionError`,
		"loops":  "steps",
		// Whichever limit comes first: 256 MiB of growth or 250 ms.
		"hoards": "(memory|within 250ms)",
		"says":   "returned str, not bool",
		"stores": `state "sock"`,
		"opens":  `open\(\) outside the definition folder is not allowed`,
	} {
		ru := rule(t, r, task, 0)
		if ru.Last.Result != "error" || !regexp.MustCompile(want).MatchString(ru.Last.Error) {
			t.Errorf("%s: %s %q, want an error containing %q", task, ru.Last.Result, ru.Last.Error, want)
		}
	}
	if e := rule(t, r, "raises", 0).Last.Error; !strings.Contains(e, "Traceback (most recent call last):\n  hostile.py:14 in is_met\n  hostile.py:9 in divide") {
		t.Errorf("raises without its traceback: %q", e)
	}
	if _, ok := r.State["sock"]; ok {
		t.Errorf("the socket was stored: %s", r.State["sock"])
	}
	if got := enginetest.Runs(h.Wait(hostile, timeout, "", func(api.ExecutionDetail) bool { return true })); strings.Contains(got, ":1:SUCCESS") {
		t.Errorf("a hostile condition started its task: %s", got)
	}
	if _, err := h.Client.StopExecution(context.Background(), hostile); err != nil {
		t.Fatal(err)
	}
}

// A YAML rule names a condition class of a file uploaded with it; the
// engine imports it from the snapshot and passes the YAML's arguments.
func TestYAMLCustomCondition(t *testing.T) {
	h := enginetest.Start(t, engine.Options{})
	_, err := h.Client.Upload(context.Background(), api.UploadRequest{Path: "gate.yaml", Source: []byte(`name: gate
tasks:
  - name: open
    operator: bash
    bash_command: "true"
    rules:
      - action: START
        condition:
          custom:
            file: conds/gates.py
            class: AtLeast
            expect_event_keys: [level]
            kwargs: {expect_event_keys: [level], limit: 5}
`), Files: []api.File{{Path: "conds/gates.py", Mode: 0o644, Data: []byte(`from ai_flow.model.condition import Condition


class AtLeast(Condition):
    def __init__(self, expect_event_keys, limit):
        super().__init__(expect_event_keys)
        self.limit = limit

    def is_met(self, event, context):
        return int(event.value) >= self.limit
`)}}})
	if err != nil {
		t.Fatal(err)
	}
	id := h.StartExecution("gate")
	send(t, h, "level", "3")
	rules(t, h, id, "the first evaluation", evaluated("open", 0, 1))
	send(t, h, "level", "7")
	check(t, h.Finished(id, timeout), "SUCCESS", "open:1:SUCCESS")
}
