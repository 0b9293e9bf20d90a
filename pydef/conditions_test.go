package pydef

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/yamldef"
)

// memState is a StateAccess over a map, as the engine's store keeps it.
type memState map[string]json.RawMessage

func (m memState) Get(name string) (json.RawMessage, bool) { v, ok := m[name]; return v, ok }
func (m memState) Put(name string, v json.RawMessage)      { m[name] = v }
func (m memState) Clear(name string)                       { delete(m, name) }

func newConditions(t testing.TB, o ConditionOptions) *Conditions {
	t.Helper()
	if o.Dir == "" {
		o.Dir = t.TempDir()
	}
	cs, err := NewConditions(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cs.Close)
	return cs
}

// corpusSnapshot reads a definition and the artifacts it needs (paths
// relative to its folder) from disk.
func corpusSnapshot(t testing.TB, id int64, def string, files ...string) Snapshot {
	t.Helper()
	src, err := os.ReadFile(def)
	if err != nil {
		t.Fatal(err)
	}
	snap := Snapshot{ID: id, SourceName: filepath.Base(def), Source: src}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(filepath.Dir(def), f))
		if err != nil {
			t.Fatal(err)
		}
		snap.Files = append(snap.Files, SnapshotFile{Path: f, Data: data})
	}
	return snap
}

// customConditions loads a Python definition from disk as an upload does
// and returns its custom conditions, in rule order.
func customConditions(t testing.TB, def string) []*ir.Condition {
	t.Helper()
	ws, diags := loadFile(t, newTestLoader(t), def)
	if diags.HasErrors() {
		t.Fatalf("load %s: %v", def, diags)
	}
	var out []*ir.Condition
	for _, w := range ws {
		for _, r := range w.Rules {
			if r.Condition.Kind == ir.CustomCondition {
				out = append(out, r.Condition)
			}
		}
	}
	return out
}

// custom names a class of a snapshot file, as the IR does.
func custom(file, class string, args ...any) *ir.Condition {
	return &ir.Condition{Kind: ir.CustomCondition, File: file, Class: class, Keys: []string{"k"}, Args: args}
}

// ask evaluates c with event value v in execution 7 of workflow 1.
func ask(t testing.TB, cs *Conditions, snap Snapshot, c *ir.Condition, value string, st StateAccess) (bool, error) {
	t.Helper()
	return cs.IsMet(context.Background(), snap.ID, func() (Snapshot, error) { return snap, nil }, ConditionCall{
		Condition: c,
		Event:     ConditionEvent{Key: "num_event", Value: value, Namespace: "default", Offset: 1},
		Namespace: "default", Workflow: "condition_workflow", WorkflowID: 1, ExecutionID: 7,
		State: st,
	})
}

// TestNumCondition runs the AIFlow sample's NumCondition (in a helper
// module of the corpus, and in the definition itself) over a fake store:
// it is met once, when the values reach 100, and its Consumer object
// survives between evaluations and interpreters as JSON.
func TestNumCondition(t *testing.T) {
	for _, tc := range []struct {
		name, def string
		files     []string
		sum       float64 // the sample keeps counting after it was met; pydef's variant stops
	}{
		{"helper module", "../testdata/workflows/custom_condition.py", []string{"lib/__init__.py", "lib/conditions.py"}, 270},
		{"definition", "testdata/workflows/custom_condition.py", nil, 108},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conds := customConditions(t, tc.def)
			snap := corpusSnapshot(t, 1, tc.def, tc.files...)
			dir := t.TempDir()
			cs := newConditions(t, ConditionOptions{Dir: dir})
			st := memState{}
			var met []int
			for i := 1; i <= 30; i++ {
				ok, err := ask(t, cs, snap, conds[0], "9", st)
				if err != nil {
					t.Fatalf("event %d: %v", i, err)
				}
				if ok {
					met = append(met, i)
				}
				if i == 5 {
					// The engine restarted: a fresh evaluator reads the stored JSON.
					cs.Close()
					cs = newConditions(t, ConditionOptions{Dir: dir})
				}
			}
			if diff := cmp.Diff([]int{12}, met); diff != "" {
				t.Errorf("met at events (-want +got):\n%s", diff)
			}
			var stored map[string]any
			for _, v := range st {
				if err := json.Unmarshal(v, &stored); err != nil {
					t.Fatal(err)
				}
			}
			if stored["accumulator"] != tc.sum || stored["is_consumed"] != true || !strings.HasSuffix(stored["__class__"].(string), ".Consumer") {
				t.Errorf("stored state %v", stored)
			}
		})
	}
}

func TestConditionErrorString(t *testing.T) {
	e := &ConditionError{Kind: CondException, Message: "ZeroDivisionError: division by zero",
		Traceback: []string{"wf.py:9 in is_met", "wf.py:3 in half"}}
	if got, want := e.Error(), "wf.py:3 in half: ZeroDivisionError: division by zero"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// BenchmarkIsMet evaluates the AIFlow sample's NumCondition, which reads
// and updates a Consumer object in its state at every event.
func BenchmarkIsMet(b *testing.B) {
	def := "../testdata/workflows/custom_condition.py"
	c := customConditions(b, def)[0]
	snap := corpusSnapshot(b, 1, def, "lib/__init__.py", "lib/conditions.py")
	cs := newConditions(b, ConditionOptions{})
	st := memState{}
	if _, err := ask(b, cs, snap, c, "1", st); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := ask(b, cs, snap, c, "1", st); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
}

// BenchmarkSnapshotHeap measures the heap one cached snapshot interpreter
// holds: the sample's definition run, its shim modules and its compiled
// code.
func BenchmarkSnapshotHeap(b *testing.B) {
	const n = 8
	def := "../testdata/workflows/custom_condition.py"
	c := customConditions(b, def)[0]
	var total uint64
	for b.Loop() {
		cs := newConditions(b, ConditionOptions{MaxSnapshots: n})
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for id := range int64(n) {
			snap := corpusSnapshot(b, id, def, "lib/__init__.py", "lib/conditions.py")
			if _, err := ask(b, cs, snap, c, "1", memState{}); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		total += after.HeapAlloc - before.HeapAlloc
		cs.Close()
	}
	b.ReportMetric(float64(total)/float64(b.N*n), "heap-bytes/snapshot")
}

// hostile is a definition whose conditions misbehave in every way the
// evaluator must survive.
const hostile = `from ai_flow.model.condition import Condition
from ai_flow.model.state import ValueStateDescriptor


def half(n):
    return n / 0


class Raises(Condition):
    def is_met(self, event, context):
        return half(1)


class Loops(Condition):
    def is_met(self, event, context):
        while True:
            try:
                pass
            except BaseException:
                pass


class Grows(Condition):
    def is_met(self, event, context):
        keep = []
        while True:
            keep.append('x' * 10000000)


class Huge(Condition):
    def is_met(self, event, context):
        return len('x' * 10 ** 10) > 0


class Answers(Condition):
    def __init__(self, answer, **kwargs):
        Condition.__init__(self, **kwargs)
        self.answer = answer

    def is_met(self, event, context):
        return self.answer


class Holder(object):
    def __init__(self):
        self.callback = half


class Stores(Condition):
    def __init__(self, what):
        Condition.__init__(self, ['k'])
        self.what = what

    def is_met(self, event, context):
        state = context.get_state(ValueStateDescriptor('x'))
        state.update(1)
        if self.what == 'socket':
            import socket
            state.update(socket)
        if self.what == 'function':
            state.update(Holder())
        if self.what == 'caught':
            try:
                state.update({1, 2})
            except Exception:
                pass
        return True


class Reads(Condition):
    def is_met(self, event, context):
        return len(open('/etc/passwd').read()) > 0


class Recurses(Condition):
    def is_met(self, event, context):
        return self.is_met(event, context)


class Writes(Condition):
    def is_met(self, event, context):
        open('out.txt', 'w')
        return True


class UsesNumpy(Condition):
    def is_met(self, event, context):
        import numpy
        return numpy.zeros(3) is not None
`

// TestHostileConditions checks that each misbehaving condition comes back
// as the right ConditionError within its limit, without changing state,
// and that the evaluator still works afterwards.
func TestHostileConditions(t *testing.T) {
	snap := Snapshot{ID: 3, SourceName: "hostile.py", Source: []byte(hostile)}
	cs := newConditions(t, ConditionOptions{MaxMemory: 64 << 20, Timeout: 5 * time.Second}) // TestConditionTimeout tests the time limit
	for _, tc := range []struct {
		name string
		cond *ir.Condition
		kind string
		msg  string   // a substring of the message
		tb   []string // the traceback, when checked
	}{
		{"raises", custom("hostile.py", "Raises"), CondException, "ZeroDivisionError: division by zero",
			[]string{"hostile.py:11 in is_met", "hostile.py:6 in half"}},
		{"loops", custom("hostile.py", "Loops"), CondBudget, "did not finish within 7500000 steps", nil},
		{"grows", custom("hostile.py", "Grows"), CondMemory, "over the limit of 64 MiB", nil},
		{"huge object", custom("hostile.py", "Huge"), CondMemory, "MemoryError", []string{"hostile.py:32 in is_met"}},
		{"returns str", custom("hostile.py", "Answers", "yes"), CondResult, "is_met of Answers returned str, not bool", nil},
		{"returns None", custom("hostile.py", "Answers", nil), CondResult, "returned None, not bool", nil},
		{"returns int", custom("hostile.py", "Answers", int64(1)), CondResult, "returned int, not bool", nil},
		{"stores a socket", custom("hostile.py", "Stores", "socket"), CondState, `state "x" cannot hold a value of type module (at value)`,
			[]string{"hostile.py:59 in is_met"}},
		{"stores a function", custom("hostile.py", "Stores", "function"), CondState, "a value of type function (at value.callback)", nil},
		{"caught state error", custom("hostile.py", "Stores", "caught"), CondState, "a value of type set", nil},
		{"reads /etc/passwd", custom("hostile.py", "Reads"), CondSandbox, "open() outside the definition folder", []string{"hostile.py:72 in is_met"}},
		{"recurses", custom("hostile.py", "Recurses"), CondException, "RecursionError", nil},
		{"writes a file", custom("hostile.py", "Writes"), CondSandbox, "open(..., 'w') is not allowed in a condition", []string{"hostile.py:82 in is_met"}},
		{"uses numpy", custom("hostile.py", "UsesNumpy"), CondSandbox, "numpy is only available inside tasks", []string{"hostile.py:89 in is_met"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := memState{}
			start := time.Now()
			met, err := ask(t, cs, snap, tc.cond, "1", st)
			took := time.Since(start)
			var ce *ConditionError
			if !errors.As(err, &ce) {
				t.Fatalf("IsMet = %v, %v; want a ConditionError", met, err)
			}
			if ce.Kind != tc.kind || !strings.Contains(ce.Message, tc.msg) {
				t.Errorf("got %s error %q, want %s error with %q", ce.Kind, ce.Message, tc.kind, tc.msg)
			}
			if tc.tb != nil {
				if diff := cmp.Diff(tc.tb, ce.Traceback); diff != "" {
					t.Errorf("traceback (-want +got):\n%s", diff)
				}
			}
			if len(st) != 0 {
				t.Errorf("a failed evaluation stored %v", st)
			}
			if took > 3*time.Second {
				t.Errorf("took %v", took)
			}
			t.Logf("%s in %v", err, took)
		})
	}
	// The evaluator still works, in the same snapshot and in another.
	if met, err := ask(t, cs, snap, custom("hostile.py", "Answers", true), "1", memState{}); !met || err != nil {
		t.Errorf("after the hostile conditions: %v, %v", met, err)
	}
	def := "../testdata/workflows/custom_condition.py"
	if _, err := ask(t, cs, corpusSnapshot(t, 4, def, "lib/__init__.py", "lib/conditions.py"), customConditions(t, def)[0], "1", memState{}); err != nil {
		t.Errorf("another snapshot: %v", err)
	}
}

// TestConditionTimeout ends a loop whose step budget is too large to
// stop it at the wall-time limit.
func TestConditionTimeout(t *testing.T) {
	snap := Snapshot{ID: 1, SourceName: "hostile.py", Source: []byte(hostile)}
	cs := newConditions(t, ConditionOptions{MaxSteps: 1 << 40, Timeout: 100 * time.Millisecond})
	start := time.Now()
	_, err := ask(t, cs, snap, custom("hostile.py", "Loops"), "1", memState{})
	var ce *ConditionError
	if !errors.As(err, &ce) || ce.Kind != CondTimeout || ce.Message != "condition Loops did not finish within 100ms" {
		t.Fatalf("err = %#v, want a timeout", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %v", took)
	}
}

// TestConditionCancel stops an evaluation when its context is cancelled.
func TestConditionCancel(t *testing.T) {
	snap := Snapshot{ID: 1, SourceName: "hostile.py", Source: []byte(hostile)}
	cs := newConditions(t, ConditionOptions{MaxSteps: 1 << 40, Timeout: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := cs.IsMet(ctx, 1, func() (Snapshot, error) { return snap, nil }, ConditionCall{
		Condition: custom("hostile.py", "Loops"), State: memState{},
	})
	var ce *ConditionError
	if !errors.Is(err, context.Canceled) || errors.As(err, &ce) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// probe is a definition whose conditions report what they see.
const probe = `import enum

from ai_flow.model.condition import Condition
from ai_flow.model.internal.contexts import WorkflowContext
from ai_flow.model.internal.contexts import WorkflowExecutionContext
from ai_flow.model.operator import Operator
from ai_flow.model.state import ValueStateDescriptor
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from notification_service.model.event import Event
import numpy


class Color(enum.Enum):
    RED = 'red'


class Point(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Outer(object):
    class Inner(object):
        pass


def cycle():
    a = []
    a.append({'a': a})
    return a


def deep(n):
    v = None
    for i in range(n):
        v = [v]
    return v


class Probe(Condition):
    def is_met(self, event, context):
        seen = {
            'event': [type(event) is Event, event.key, event.value, event.namespace, event.sender,
                      event.context, event.offset, event.create_time],
            'contexts': [isinstance(context, WorkflowExecutionContext), isinstance(context, WorkflowContext)],
            'workflow': [context.workflow.name, len(context.workflow.tasks)],
            'status': [context.get_task_status('a'), context.get_task_status('a') == TaskStatus.SUCCESS,
                       context.get_task_status('never')],
        }
        if isinstance(context, WorkflowExecutionContext):
            seen['execution'] = [context.workflow_execution.id, context.workflow_execution.workflow_id]
        else:
            seen['namespace'] = context.namespace
        context.get_state(ValueStateDescriptor('seen')).update(seen)
        self.calls = getattr(self, 'calls', 0) + 1
        return self.calls == 1


class RoundTrip(Condition):
    def is_met(self, event, context):
        state = context.get_state(ValueStateDescriptor('v'))
        v = state.value()
        if v is None:
            state.update({'f': 1.0, 'g': 2.5e20, 'i': 2 ** 80, 'n': -3, 't': (1, 'a'), 'l': [None, True],
                          'c': Color.RED, 's': TaskStatus.RUNNING, 'p': Point(1, [Point(2, None)]), 'u': 'é"\n'})
            return False
        return (type(v['f']) is float and v['f'] == 1.0 and v['i'] == 2 ** 80 and v['t'] == [1, 'a']
                and v['c'] == 'red' and v['s'] == 'RUNNING' and type(v['p']) is Point
                and v['p'].y[0].x == 2 and v['u'] == 'é"\n')


class Fresh(Condition):
    def is_met(self, event, context):
        state = context.get_state(ValueStateDescriptor('v'))
        a = state.value()
        a.append(1)
        return state.value() == [0] and a is not state.value()


class Clears(Condition):
    def is_met(self, event, context):
        context.get_state(ValueStateDescriptor('v')).clear()
        return context.get_state(ValueStateDescriptor('v')).value() is None


class OtherState(Condition):
    def is_met(self, event, context):
        context.get_state(object())
        return True


BAD = {
    'nan': lambda: float('nan'),
    'inf': lambda: [float('-inf')],
    'set': lambda: {1},
    'bytes': lambda: b'x',
    'class': lambda: Point,
    'module': lambda: enum,
    'cycle': cycle,
    'deep': lambda: deep(101),
    'large': lambda: ['x' * 1000] * 1100,
    'class key': lambda: {'__class__': 'Point'},
    'object keys': lambda: {Point(1, 2): 1},
    'foreign object': lambda: Event('k', 'v'),
    'nested class': lambda: Outer.Inner(),
    'big int': lambda: 10 ** 5000,
    'stub': lambda: numpy.zeros,
}


class Stores(Condition):
    def __init__(self, what):
        Condition.__init__(self, ['k'])
        self.what = what

    def is_met(self, event, context):
        context.get_state(ValueStateDescriptor('x')).update(BAD[self.what]())
        return True


with Workflow(name='condition_workflow') as w:
    Operator(name='a')
    Operator(name='b')
`

// probeSnap is the probe definition as snapshot id.
func probeSnap(id int64) Snapshot {
	return Snapshot{ID: id, SourceName: "probe.py", Source: []byte(probe)}
}

// TestConditionContext checks what is_met gets: the event, and the context
// of a task rule (execution, task statuses) or of a trigger, with the
// workflow object the definition built; and that attributes set on the
// condition do not survive an evaluation.
func TestConditionContext(t *testing.T) {
	cs := newConditions(t, ConditionOptions{})
	snap := probeSnap(1)
	at := time.UnixMilli(1_700_000_000_123)
	for _, tc := range []struct {
		name string
		call ConditionCall
		want string
	}{
		{"task rule", ConditionCall{
			Event:     ConditionEvent{Key: "k", Value: "v", Namespace: "ns", Sender: "s", Context: `{"workflow_execution_id": 7}`, Offset: 42, Time: at},
			Namespace: "ns", Workflow: "condition_workflow", WorkflowID: 3, ExecutionID: 7,
			TaskStatus: func(task string) (string, bool) { return "SUCCESS", task == "a" },
		}, `{"contexts":[true,false],"event":[true,"k","v","ns","s","{\"workflow_execution_id\": 7}",42,1700000000123],` +
			`"execution":[7,3],"status":["SUCCESS",true,null],"workflow":["condition_workflow",2]}`},
		{"trigger", ConditionCall{
			Event:     ConditionEvent{Key: "k", Value: "v", Namespace: "ns"},
			Namespace: "ns", Workflow: "condition_workflow", WorkflowID: 3,
		}, `{"contexts":[false,true],"event":[true,"k","v","ns",null,null,0,null],` +
			`"namespace":"ns","status":[null,false,null],"workflow":["condition_workflow",2]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for range 2 {
				st := memState{}
				call := tc.call
				call.Condition, call.State = custom("probe.py", "Probe"), st
				met, err := cs.IsMet(context.Background(), 1, func() (Snapshot, error) { return snap, nil }, call)
				if !met || err != nil {
					t.Fatalf("IsMet = %v, %v; want true (a fresh instance each time)", met, err)
				}
				if diff := cmp.Diff(tc.want, string(st["seen"])); diff != "" {
					t.Errorf("is_met saw (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestConditionState checks the value rules: what round-trips, reads
// decode afresh, clear removes, and what cannot be stored.
func TestConditionState(t *testing.T) {
	cs := newConditions(t, ConditionOptions{})
	snap := probeSnap(1)
	t.Run("round trip", func(t *testing.T) {
		st := memState{}
		fresh := newConditions(t, ConditionOptions{}) // another interpreter reads the same JSON
		for i, want := range []bool{false, true, true} {
			met, err := ask(t, []*Conditions{cs, cs, fresh}[i], snap, custom("probe.py", "RoundTrip"), "1", st)
			if met != want || err != nil {
				t.Fatalf("evaluation %d: %v, %v; want %v", i, met, err, want)
			}
		}
		want := `{"c":"red","f":1.0,"g":2.5e+20,"i":1208925819614629174706176,"l":[null,true],"n":-3,` +
			`"p":{"__class__":"probe.Point","x":1,"y":[{"__class__":"probe.Point","x":2,"y":null}]},` +
			`"s":"RUNNING","t":[1,"a"],"u":"é\"\n"}`
		if diff := cmp.Diff(want, string(st["v"])); diff != "" {
			t.Errorf("stored (-want +got):\n%s", diff)
		}
	})
	t.Run("afresh", func(t *testing.T) {
		st := memState{"v": json.RawMessage(`[0]`)}
		if met, err := ask(t, cs, snap, custom("probe.py", "Fresh"), "1", st); !met || err != nil {
			t.Errorf("IsMet = %v, %v", met, err)
		}
	})
	t.Run("clear", func(t *testing.T) {
		st := memState{"v": json.RawMessage(`[0]`), "other": json.RawMessage(`1`)}
		if met, err := ask(t, cs, snap, custom("probe.py", "Clears"), "1", st); !met || err != nil {
			t.Errorf("IsMet = %v, %v", met, err)
		}
		if diff := cmp.Diff(memState{"other": json.RawMessage(`1`)}, st); diff != "" {
			t.Errorf("state (-want +got):\n%s", diff)
		}
	})
	t.Run("other descriptor", func(t *testing.T) {
		_, err := ask(t, cs, snap, custom("probe.py", "OtherState"), "1", memState{})
		var ce *ConditionError
		if !errors.As(err, &ce) || ce.Kind != CondException || ce.Message != "AIFlowException: Now AIFlow only support value state." {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("bad stored JSON", func(t *testing.T) {
		st := memState{"v": json.RawMessage(`{"__class__": "subprocess.Popen"}`)}
		_, err := ask(t, cs, snap, custom("probe.py", "Fresh"), "1", st)
		var ce *ConditionError
		if !errors.As(err, &ce) || ce.Kind != CondState || !strings.Contains(ce.Message, `state "v" stored value cannot be read back: class "subprocess.Popen" is not defined in the workflow's files`) {
			t.Errorf("err = %v", err)
		}
	})
	for what, msg := range map[string]string{
		"nan":            "cannot hold the float nan, which JSON cannot represent (at value)",
		"inf":            "cannot hold the float -inf, which JSON cannot represent (at value[0])",
		"set":            "a value of type set",
		"bytes":          "a value of type bytes",
		"class":          "a value of type type",
		"module":         "a value of type module",
		"cycle":          `holds a reference cycle (at value[0]["a"])`,
		"deep":           "nests deeper than 100 levels",
		"large":          "is over 1 MiB encoded",
		"class key":      `a dict with a "__class__" key`,
		"object keys":    "a dict with keys that are not str",
		"foreign object": "an object of class Event, which is not a top-level class of the workflow's files",
		"nested class":   "an object of class Inner",
		"big int":        "an int of more than 4300 digits",
		"stub":           "a value of type stub",
	} {
		t.Run(what, func(t *testing.T) {
			st := memState{}
			_, err := ask(t, cs, snap, custom("probe.py", "Stores", what), "1", st)
			var ce *ConditionError
			if !errors.As(err, &ce) || ce.Kind != CondState || !strings.Contains(ce.Message, msg) || !strings.HasPrefix(ce.Message, `state "x" `) {
				t.Errorf("err = %v, want a state error with %q", err, msg)
			}
			if len(st) != 0 {
				t.Errorf("stored %v", st)
			}
		})
	}
}

// TestYAMLConditions evaluates the conditions of a YAML definition: their
// modules are imported from the snapshot's files on first use.
func TestYAMLConditions(t *testing.T) {
	def := "../testdata/workflows/custom_condition.yaml"
	src, err := os.ReadFile(def)
	if err != nil {
		t.Fatal(err)
	}
	ws, diags := yamldef.Parse(def, src)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var num, threshold *ir.Condition
	for _, r := range ws[0].Rules {
		switch r.Task {
		case "consumer":
			num = r.Condition
		case "alert":
			threshold = r.Condition
		}
	}
	snap := corpusSnapshot(t, 1, def, "lib/__init__.py", "lib/conditions.py")
	cs := newConditions(t, ConditionOptions{})
	for value, want := range map[string]bool{"8": false, "9": true} {
		if met, err := ask(t, cs, snap, threshold, value, memState{}); met != want || err != nil {
			t.Errorf("ThresholdCondition(%s) = %v, %v; want %v", value, met, err, want)
		}
	}
	st := memState{}
	var got []bool
	for range 3 {
		met, err := ask(t, cs, snap, num, "50", st)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, met)
	}
	if diff := cmp.Diff([]bool{false, true, false}, got); diff != "" {
		t.Errorf("NumCondition (-want +got):\n%s", diff)
	}
	if want := `{"__class__":"lib.conditions.Consumer","accumulator":150,"is_consumed":true}`; string(st["consumer"]) != want {
		t.Errorf("stored %s, want %s", st["consumer"], want)
	}
}

// TestConditionLoad checks snapshot problems: each is a load error, and
// the next evaluation tries again.
func TestConditionLoad(t *testing.T) {
	for _, tc := range []struct {
		name string
		snap Snapshot
		cond *ir.Condition
		msg  string
	}{
		{"syntax", Snapshot{SourceName: "wf.py", Source: []byte("def f(:\n")}, custom("wf.py", "C"), "snapshot 1: wf.py:1:7: invalid syntax"},
		{"raises", Snapshot{SourceName: "wf.py", Source: []byte("x = 1\nundefined_name\n")}, custom("wf.py", "C"), "snapshot 1: wf.py:2:1: NameError: name 'undefined_name' is not defined"},
		{"no class", probeSnap(1), custom("probe.py", "Missing"), `"probe.py" defines no class "Missing"`},
		{"not a condition", probeSnap(1), custom("probe.py", "Point"), `class "Point" is not a subclass of Condition`},
		{"not a class", probeSnap(1), custom("probe.py", "BAD"), `"BAD" in "probe.py" is not a class`},
		{"no module", probeSnap(1), custom("lib/missing.py", "C"), `cannot import "lib/missing.py"`},
		{"bad path", Snapshot{SourceName: "wf.py", Files: []SnapshotFile{{Path: "../x.py"}}}, custom("wf.py", "C"), `snapshot 1: bad file path "../x.py"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs := newConditions(t, ConditionOptions{})
			loads := 0
			load := func() (Snapshot, error) { loads++; return tc.snap, nil }
			for range 2 {
				_, err := cs.IsMet(context.Background(), 1, load, ConditionCall{Condition: tc.cond, State: memState{}})
				var ce *ConditionError
				if !errors.As(err, &ce) || ce.Kind != CondLoad || !strings.Contains(ce.Message, tc.msg) {
					t.Fatalf("err = %v, want a load error with %q", err, tc.msg)
				}
			}
			if want := map[bool]int{true: 2, false: 1}[tc.snap.SourceName != "probe.py"]; loads != want {
				t.Errorf("load called %d times, want %d", loads, want)
			}
		})
	}
	t.Run("read error", func(t *testing.T) {
		cs := newConditions(t, ConditionOptions{})
		_, err := cs.IsMet(context.Background(), 1, func() (Snapshot, error) { return Snapshot{}, errors.New("disk on fire") },
			ConditionCall{Condition: custom("probe.py", "Probe"), State: memState{}})
		var ce *ConditionError
		if !errors.As(err, &ce) || ce.Kind != CondLoad || ce.Message != "cannot read snapshot 1: disk on fire" {
			t.Fatalf("err = %v", err)
		}
		if _, err := ask(t, cs, probeSnap(1), custom("probe.py", "Probe"), "1", memState{}); err != nil {
			t.Errorf("retry: %v", err)
		}
	})
}

// TestConditionCache checks that interpreters are kept per snapshot, the
// least recently used dropped beyond MaxSnapshots, and that Keep drops
// the others with their folders.
func TestConditionCache(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "stale"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cs := newConditions(t, ConditionOptions{Dir: dir, MaxSnapshots: 2})
	if _, err := os.Stat(filepath.Join(dir, "stale")); !os.IsNotExist(err) {
		t.Errorf("NewConditions left old content: %v", err)
	}
	loads := map[int64]int{}
	eval := func(id int64) {
		t.Helper()
		_, err := cs.IsMet(context.Background(), id, func() (Snapshot, error) { loads[id]++; return probeSnap(id), nil },
			ConditionCall{Condition: custom("probe.py", "Probe"), State: memState{}})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []int64{1, 2, 1, 3, 1, 2} {
		eval(id)
	}
	if diff := cmp.Diff(map[int64]int{1: 1, 2: 2, 3: 1}, loads); diff != "" {
		t.Errorf("loads (-want +got):\n%s", diff)
	}
	cs.Keep([]int64{2})
	for id, want := range map[int64]bool{1: false, 2: true, 3: false} {
		if _, err := os.Stat(filepath.Join(dir, strconv.FormatInt(id, 10))); (err == nil) != want {
			t.Errorf("folder of snapshot %d: %v, want kept %v", id, err, want)
		}
	}
	eval(2)
	eval(1)
	if loads[2] != 2 || loads[1] != 2 {
		t.Errorf("after Keep: loads %v", loads)
	}
}

// TestConditionsConcurrent evaluates two snapshots from several goroutines
// while their interpreters are evicted and rebuilt.
func TestConditionsConcurrent(t *testing.T) {
	cs := newConditions(t, ConditionOptions{MaxSnapshots: 1})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for g := range 4 {
		wg.Go(func() {
			id := int64(g%2 + 1)
			for range 10 {
				st := memState{}
				_, err := cs.IsMet(context.Background(), id, func() (Snapshot, error) { return probeSnap(id), nil },
					ConditionCall{Condition: custom("probe.py", "Probe"), State: st, Workflow: "condition_workflow"})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestEngineShimCPython imports ai_flow._engine under CPython, as task
// code gets the same shim, and runs evaluate with host functions written
// in Python.
func TestEngineShimCPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	script := `import json, sys
sys.path.insert(0, 'shim')
import ai_flow._engine as engine
from ai_flow.common.exception.exceptions import AIFlowException
from ai_flow.model.condition import Condition
from ai_flow.model.state import ValueStateDescriptor

try:
    engine.state_get('x')
    print('no exception outside the engine')
except AIFlowException:
    pass
store = {}
engine.state_get = store.get
engine.state_put = store.__setitem__
engine.state_clear = store.pop
engine.task_status = {'a': 'SUCCESS'}.get


class C(Condition):
    def is_met(self, event, context):
        s = context.get_state(ValueStateDescriptor('x'))
        s.update((s.value() or 0) + int(event.value))
        a = context.get_task_status('a')
        return [s.value(), a and a.value, context.get_task_status('b'), context.workflow.name,
                getattr(context, 'workflow_execution', None) and context.workflow_execution.id,
                event.create_time]


print(json.dumps([engine.evaluate(C, [], {'expect_event_keys': ['k']}, 'k', '5', 'ns', None, None, 1, 99,
                                  'wf', 'ns', 3, 7),
                  engine.evaluate(C, [['k']], {}, 'k', '2', 'ns', None, None, 2, None, 'wf', 'ns', 3, 0)]))
`
	cmd := exec.Command(python, "-c", script)
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), `[[5, "SUCCESS", null, "wf", 7, 99], [7, null, null, "wf", null, null]]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestCheckConditionClasses checks the classes that YAML conditions name:
// the corpus' are fine; in a namespace package, static and class methods
// are accepted and problems are reported at the condition's fields.
func TestCheckConditionClasses(t *testing.T) {
	l := newTestLoader(t)
	check := func(def string) []string {
		t.Helper()
		src, err := os.ReadFile(def)
		if err != nil {
			t.Fatal(err)
		}
		ws, diags := yamldef.Parse(def, src)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		var out []string
		_, diags = l.CheckConditionClasses(context.Background(), def, ws)
		for _, d := range diags {
			out = append(out, d.Span.String()+": "+d.Message+" ["+string(d.Code)+"]")
		}
		return out
	}
	if got := check("../testdata/workflows/custom_condition.yaml"); got != nil {
		t.Errorf("corpus: %v", got)
	}
	dir := t.TempDir()
	for name, content := range map[string]string{
		"helpers/conds.py": `from ai_flow.model.condition import Condition


class Static(Condition):
    @staticmethod
    def is_met(event, context):
        return True


class ByClass(Condition):
    @classmethod
    def is_met(cls, event, context):
        return True


class StaticTooMany(Condition):
    @staticmethod
    def is_met(self, event, context):
        return True
`,
		"wf.yaml": `name: w
tasks:
  - name: t
    operator: noop
    rules:
      - action: START
        condition:
          meet_all:
            name: all
            conditions:
              - custom: {file: helpers/conds.py, class: Static, expect_event_keys: [k]}
              - custom: {file: helpers/conds.py, class: ByClass, expect_event_keys: [k]}
              - custom: {file: helpers/conds.py, class: StaticTooMany, expect_event_keys: [k]}
              - custom: {file: helpers/conds.py, class: Statics, expect_event_keys: [k]}
`,
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		filepath.Join(dir, "wf.yaml") + `:13:57: is_met of condition "StaticTooMany" takes (self, event, context), but the engine calls it with an event and a context [bad-condition]`,
		filepath.Join(dir, "wf.yaml") + `:14:57: class "Statics" is not defined in "helpers/conds.py"; did you mean "Static"? [bad-condition]`,
	}
	if diff := cmp.Diff(want, check(filepath.Join(dir, "wf.yaml"))); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}
