package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aiflow-go/aiflow/celcond"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

// Event is an event as rules see it (§1.6). Offset and Time are the log's;
// events the engine publishes in a step carry them once appended.
type Event struct {
	Key       string
	Value     string
	Namespace string
	Sender    string
	Context   string // JSON object or ""
	Offset    int64
	Time      time.Time
	// Run is the run whose status a task-status event the engine
	// published in this step reports (PublishStatusChanged.Event); nil
	// for other events, whose context is parsed.
	Run *Run
}

// context returns what the rules read from the event's context.
func (ev Event) context() parsedContext {
	if ev.Run != nil {
		return parsedContext{id: ev.Run.Execution, status: ev.Run.Status}
	}
	return parseContext(ev.Context)
}

// eventContext holds the context fields rules read. AIFlow clients send the
// execution id as a number; a numeric string is accepted too.
type eventContext struct {
	ExecutionID json.RawMessage    `json:"workflow_execution_id"`
	TaskStatus  storage.TaskStatus `json:"task_status"`
}

// ExecutionID returns the workflow_execution_id of the event's context, or
// 0 when it has none (or the context is not a JSON object).
func (ev Event) ExecutionID() int64 { return ev.context().id }

type parsedContext struct {
	id     int64
	status storage.TaskStatus
}

func parseContext(s string) parsedContext {
	var c eventContext
	if s == "" || json.Unmarshal([]byte(s), &c) != nil {
		return parsedContext{}
	}
	var id int64
	raw := string(c.ExecutionID)
	if uq, err := strconv.Unquote(raw); err == nil {
		raw = uq
	}
	if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
		id = n
	}
	return parsedContext{id: id, status: c.TaskStatus}
}

// Values is the durable state of the conditions of one scope (an
// execution's task rules, or a workflow's triggers): a JSON value by name,
// one storage.State row each. Meet-all conditions keep their flags under
// their name, Python conditions their ValueStates under the names they
// choose, expression conditions their state map under a name of their
// position (Plan.StateName). A cleared value is JSON null.
type Values map[string]json.RawMessage

// Get returns the value of name; a cleared one is absent.
func (v Values) Get(name string) (json.RawMessage, bool) {
	b, ok := v[name]
	if !ok || string(b) == "null" {
		return nil, false
	}
	return b, true
}

// Put sets the value of name.
func (v Values) Put(name string, b json.RawMessage) { v[name] = b }

// Clear removes the value of name; it is stored as null, so that the
// removal is persisted like any other change.
func (v Values) Clear(name string) { v[name] = json.RawMessage("null") }

// Scope is whose conditions are evaluated: the task rules of an execution,
// or the triggers of a workflow (ExecutionID 0).
type Scope struct {
	WorkflowID  int64
	Namespace   string
	Workflow    string
	ExecutionID int64
}

// Input is what a custom condition sees when it is evaluated: AIFlow's
// event and context.
type Input struct {
	Event Event
	Scope Scope
	// Latest are the execution's latest runs by task; nil for a trigger.
	Latest map[string]Run
	// State holds the scope's values; a condition changes it only when
	// its evaluation succeeds.
	State Values
}

// Python evaluates custom Python conditions (ir.CustomCondition). The
// engine binds one to each plan's snapshot (Plan.Python, Trigger.Python).
// An error counts as "not met" and is recorded with the rule's evaluation.
type Python interface {
	IsMet(c *ir.Condition, in Input) (bool, error)
}

// Evaluation is the outcome of one rule's (or trigger's) evaluation: met or
// not, and the errors of the custom and expression conditions in it (a rule
// whose condition failed counts as not met unless another member made it
// met).
type Evaluation struct {
	Rule int // index in Plan.Workflow.Rules; 0 for a trigger
	Met  bool
	Err  error
}

// Result returns the stored form of the evaluation's outcome.
func (e Evaluation) Result() storage.Result {
	switch {
	case e.Met:
		return storage.Met
	case e.Err != nil:
		return storage.Failed
	}
	return storage.NotMet
}

// Decision is what one task's first met rule asks for.
type Decision struct {
	Task   string
	Action ir.Action
	// Stop is the live run to stop first, if any.
	Stop *Run
	// Seq is the sequence number of the new run to start, 0 for none.
	Seq int
}

// Effects returns the decision as effects: StopTask before StartTask.
func (d Decision) Effects() []Effect {
	var fx []Effect
	if d.Stop != nil {
		fx = append(fx, StopTask{Run: *d.Stop, Replaced: d.Seq != 0})
	}
	if d.Seq != 0 {
		fx = append(fx, StartTask{Task: d.Task, Seq: d.Seq})
	}
	return fx
}

// decide applies action a to task (§3.2): START starts a new run unless the
// latest is alive; RESTART stops the live run and starts a new one; STOP
// stops the live run. A run that a new one replaces while it is alive or
// stopping is stopped with Replaced, which publishes its STOPPED event
// before the new run's. Unlike AIFlow, STOP on a task that never ran, or
// whose latest run finished, does nothing (decisions.md Fix 4), and RESTART
// does not "stop" a finished run (AIFlow published a STOPPED event for it).
func decide(x Execution, task string, a ir.Action) Decision {
	d := Decision{Task: task, Action: a}
	r, ran := x.Latest[task]
	live := ran && r.Status.Alive()
	switch a {
	case ir.Start:
		if !live {
			d.Seq = x.nextSeq(task)
		}
	case ir.Restart:
		if live {
			d.Stop = &r
		}
		d.Seq = x.nextSeq(task)
	case ir.Stop:
		if live {
			d.Stop = &r
		}
	}
	if d.Seq != 0 && ran && r.Status == tStopping {
		d.Stop = &r
	}
	return d
}

// Reaction is what one event does to an execution's rules.
type Reaction struct {
	// Decisions that change something, in task order.
	Decisions []Decision
	// State is the scope's next state; the input state is not modified.
	State Values
	// Evaluations has one entry per rule evaluated, in order.
	Evaluations []Evaluation
}

// EvaluateRules evaluates the task rules of execution x for ev (§3.2) with
// the condition state st.
//
// Scoping (§2.2): an event whose context names an execution reaches only
// that execution; any other event reaches executions of its namespace.
// Only RUNNING executions react: AIFlow kept firing rules of finished
// executions for events that named them, but with decisions.md Fix 3 a
// finished execution has nothing left to react to, and only a user's task
// start reopens it.
//
// Per task, only rules whose condition listens for ev's key are considered,
// in order; the first met rule decides and later ones are not evaluated. x.Latest
// must already hold the status a task-status event reports.
func EvaluateRules(x Execution, ev Event, st Values) Reaction {
	ctx := ev.context()
	switch {
	case x.Status != eRunning,
		ctx.id != 0 && ctx.id != x.ID,
		ctx.id == 0 && ev.Namespace != x.Plan.Workflow.Namespace:
		return Reaction{State: st}
	}
	p := x.Plan
	e := evaluator{plan: p.conds, python: p.Python, latest: x.Latest, ev: ev, ctx: ctx, st: st,
		scope: Scope{WorkflowID: x.WorkflowID, Namespace: p.Workflow.Namespace, Workflow: p.Workflow.Name, ExecutionID: x.ID}}
	var out Reaction
	for _, tr := range p.byKey[ev.Key] {
		for _, i := range tr.rules {
			r := p.Workflow.Rules[i]
			met := e.met(r.Condition)
			out.Evaluations = append(out.Evaluations, Evaluation{Rule: i, Met: met, Err: e.takeErr()})
			if met {
				if d := decide(x, tr.task, r.Action); d.Stop != nil || d.Seq != 0 {
					out.Decisions = append(out.Decisions, d)
				}
				break
			}
		}
	}
	out.State = e.st
	return out
}

// conds is what a plan or a trigger knows of its conditions: the event
// keys of every node, the compiled expression conditions and the names of
// their state.
type conds struct {
	keys  map[*ir.Condition][]string
	progs map[*ir.Condition]program
}

// program is a compiled expression condition, or why it did not compile.
type program struct {
	prog  *celcond.Program
	err   error
	state string // its name in Values
}

// index adds condition c and its members; name is the state name of an
// expression condition at c (members get name/<i>, counted from 1).
func (cs *conds) index(c *ir.Condition, env celcond.Env, name string) {
	if c == nil {
		return
	}
	cs.keys[c] = c.EventKeys()
	if c.Kind == ir.ExpressionCondition {
		prog, diags := celcond.Compile(c, env)
		pr := program{prog: prog, state: name}
		if diags.HasErrors() {
			pr.err = diags.Err()
		}
		cs.progs[c] = pr
	}
	for i, sub := range c.Conditions {
		cs.index(sub, env, name+"/"+strconv.Itoa(i+1))
	}
}

// evaluator evaluates conditions for one event: those of an execution's
// task rules (latest holds its runs) or a workflow trigger's (no runs).
type evaluator struct {
	plan   conds
	python Python
	latest map[string]Run
	ev     Event
	ctx    parsedContext
	scope  Scope
	st     Values // copied on the first write
	owned  bool
	errs   []error // of the rule being evaluated
}

// listens reports whether c's keys contain the event's key.
func (e *evaluator) listens(c *ir.Condition) bool { return slices.Contains(e.plan.keys[c], e.ev.Key) }

// takeErr returns the errors of the rule just evaluated and forgets them.
func (e *evaluator) takeErr() error {
	err := errors.Join(e.errs...)
	e.errs = e.errs[:0]
	return err
}

// write returns the state to change, a copy of the caller's.
func (e *evaluator) write() Values {
	if !e.owned {
		e.st = maps.Clone(e.st)
		if e.st == nil {
			e.st = Values{}
		}
		e.owned = true
	}
	return e.st
}

// met evaluates c for the event (§1.4). Errors of custom and expression
// conditions make them unmet and are kept for the rule's evaluation.
func (e *evaluator) met(c *ir.Condition) bool {
	switch c.Kind {
	case ir.EventCondition:
		return true
	case ir.TaskStatusCondition:
		return string(e.ctx.status) == c.Status
	case ir.AllMetCondition:
		for _, sub := range c.Conditions {
			r, ran := e.latest[sub.Task]
			if !ran || string(r.Status) != sub.Status {
				return false
			}
		}
		return true
	case ir.MeetAllCondition:
		return e.meetAll(c)
	case ir.MeetAnyCondition:
		for _, sub := range c.Conditions {
			if e.listens(sub) && e.met(sub) {
				return true
			}
		}
		return false
	case ir.CustomCondition:
		return e.custom(c)
	case ir.ExpressionCondition:
		return e.expression(c)
	}
	e.errs = append(e.errs, fmt.Errorf("unknown condition kind %q", c.Kind))
	return false
}

// meetAll sets the flag of every member that listens to the event to its
// result, keeps the flags under the condition's name, and is met when all
// are set (§1.4; the flags are never reset).
func (e *evaluator) meetAll(c *ir.Condition) bool {
	flags := make([]bool, len(c.Conditions))
	if b, ok := e.st.Get(c.Name); ok {
		var old []bool
		if json.Unmarshal(b, &old) == nil && len(old) == len(flags) {
			copy(flags, old)
		}
	}
	for i, sub := range c.Conditions {
		if e.listens(sub) {
			flags[i] = e.met(sub)
		}
	}
	b, _ := json.Marshal(flags) // bools always marshal
	if old, ok := e.st[c.Name]; !ok || string(old) != string(b) {
		e.write().Put(c.Name, b)
	}
	return !slices.Contains(flags, false)
}

// custom evaluates a custom Python condition. Its state changes are kept
// only when it succeeds.
func (e *evaluator) custom(c *ir.Condition) bool {
	if e.python == nil {
		e.errs = append(e.errs, fmt.Errorf("condition %s: custom Python conditions cannot run without the embedded interpreter", c.Class))
		return false
	}
	in := Input{Event: e.ev, Scope: e.scope, Latest: e.latest, State: maps.Clone(e.st)}
	if in.State == nil {
		in.State = Values{}
	}
	met, err := e.python.IsMet(c, in)
	if err != nil {
		e.errs = append(e.errs, fmt.Errorf("condition %s: %w", c.Class, err))
		return false
	}
	for name, v := range in.State {
		if old, ok := e.st[name]; !ok || string(old) != string(v) {
			e.write().Put(name, v)
		}
	}
	return met
}

// expression evaluates an expression condition with its state map.
func (e *evaluator) expression(c *ir.Condition) bool {
	pr := e.plan.progs[c]
	if pr.err != nil {
		e.errs = append(e.errs, fmt.Errorf("expression %q: %w", c.When, pr.err))
		return false
	}
	var old map[string]any
	if b, ok := e.st.Get(pr.state); ok {
		m, err := celcond.DecodeState(b)
		if err != nil {
			e.errs = append(e.errs, fmt.Errorf("expression %q: stored state: %w", c.When, err))
			return false
		}
		old = m
	}
	in := celcond.Input{
		Event: celcond.Event{Key: e.ev.Key, Value: e.ev.Value, Namespace: e.ev.Namespace, Sender: e.ev.Sender,
			Context: e.ev.Context, Offset: e.ev.Offset, Time: e.ev.Time},
		State: old,
	}
	if e.latest != nil {
		in.Tasks = func(task string) (string, bool) {
			r, ok := e.latest[task]
			return string(r.Status), ok
		}
	}
	met, next, err := pr.prog.Eval(in)
	if err == nil && len(c.Update) > 0 {
		var b []byte
		if b, err = celcond.EncodeState(next); err == nil {
			if cur, ok := e.st[pr.state]; !ok || string(cur) != string(b) {
				e.write().Put(pr.state, b)
			}
		}
	}
	if err != nil {
		e.errs = append(e.errs, fmt.Errorf("expression %q: %w", c.When, err))
		return false
	}
	return met
}

// Trigger is a workflow trigger prepared for evaluation: a condition that
// starts an execution of its workflow when an event meets it (§3.9).
type Trigger struct {
	Condition *ir.Condition
	// Python evaluates its custom conditions (in the workflow's latest
	// snapshot); nil when it has none.
	Python Python
	conds  conds
}

// NewTrigger indexes the event keys of a trigger's condition and compiles
// its expression conditions; name prefixes the state names of the latter.
func NewTrigger(c *ir.Condition, name string) *Trigger {
	t := &Trigger{Condition: c, conds: conds{keys: map[*ir.Condition][]string{}, progs: map[*ir.Condition]program{}}}
	t.conds.index(c, celcond.Env{Trigger: true}, name)
	return t
}

// Listens reports whether the trigger's condition listens to key.
func (t *Trigger) Listens(key string) bool { return slices.Contains(t.conds.keys[t.Condition], key) }

// HasPython reports whether the trigger has a custom Python condition.
func (t *Trigger) HasPython() bool { return hasCustom(t.Condition) }

// Evaluate evaluates the trigger for ev with its workflow's condition
// state st, and returns whether it fires, the new state (st is not
// modified) and the evaluation. The caller routes events by namespace and
// key: a trigger sees the events of its workflow's namespace, whatever
// execution they name. A trigger has no runs of its own, so a task_status
// map condition (all_met) is never met in one.
func (t *Trigger) Evaluate(ev Event, sc Scope, st Values) (bool, Values, Evaluation) {
	if !t.Listens(ev.Key) {
		return false, st, Evaluation{}
	}
	e := evaluator{plan: t.conds, python: t.Python, ev: ev, ctx: ev.context(), scope: sc, st: st}
	met := e.met(t.Condition)
	return met, e.st, Evaluation{Met: met, Err: e.takeErr()}
}

func hasCustom(c *ir.Condition) bool {
	if c == nil {
		return false
	}
	return c.Kind == ir.CustomCondition || slices.ContainsFunc(c.Conditions, hasCustom)
}

// ErrorText returns the evaluation's error as stored and shown (one line
// per error, at most maxErrText bytes), or "".
func (e Evaluation) ErrorText() string {
	if e.Err == nil {
		return ""
	}
	s := e.Err.Error()
	if len(s) > maxErrText {
		s = s[:maxErrText] + "..."
	}
	return strings.TrimSpace(s)
}

// maxErrText bounds a stored evaluation error (tracebacks included).
const maxErrText = 4096
