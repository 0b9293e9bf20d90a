package ir

import "github.com/aiflow-go/aiflow/operator"

// Workflow is one AIFlow workflow: tasks, the rules that start, stop and
// restart them, and the schedules and triggers declared with it.
type Workflow struct {
	Name      string         `json:"name"`
	Namespace string         `json:"namespace"`
	Config    map[string]any `json:"config,omitempty"`
	Tasks     []*Task        `json:"tasks"`
	// Rules are kept in one list in canonical order (see Canonicalize): by the
	// position of their task, then in declaration order. A rule may name a task
	// the workflow lacks; Validate reports it.
	Rules     []*Rule     `json:"rules,omitempty"`
	Schedules []*Schedule `json:"schedules,omitempty"`
	Triggers  []*Trigger  `json:"triggers,omitempty"`

	Span   Span  `json:"-"` // the whole definition (Python: the with statement)
	Fields Spans `json:"-"`
}

// Task is one node of a workflow.
type Task struct {
	Name     string        `json:"name"`
	Operator operator.Kind `json:"operator"`
	// Args are the operator's arguments, nil for an operator that takes
	// none; the JSON form keeps them under the operator's field name
	// ("bash", "spark_submit"), after the operator (see MarshalJSON).
	Args operator.Args `json:"-"`

	// PeriodicExpression restarts the task on a schedule (cron@ or interval@).
	PeriodicExpression string `json:"periodic_expression,omitempty"`
	// Retries is how many times a failed run is tried again.
	Retries int `json:"retries,omitempty"`
	// RetryDelay is the wait in seconds before a retry.
	RetryDelay float64 `json:"retry_delay,omitempty"`
	// RetryExponentialBackoff doubles the delay after every failed try.
	RetryExponentialBackoff bool `json:"retry_exponential_backoff,omitempty"`
	// Timeout in seconds after which a run is killed and FAILED; 0 = none.
	Timeout float64 `json:"timeout,omitempty"`
	// Config holds every other operator keyword argument, as AIFlow keeps them.
	Config map[string]any `json:"config,omitempty"`

	Span   Span  `json:"-"` // the operator call or the YAML task entry
	Fields Spans `json:"-"`
}

// Action is what a rule does to its task.
type Action string

// Task actions (AIFlow TaskAction).
const (
	Start   Action = "START"
	Stop    Action = "STOP"
	Restart Action = "RESTART"
)

// Rule is AIFlow's TaskRule bound to a task: when Condition is met, apply
// Action to Task. Per task, the first met rule in order decides.
type Rule struct {
	Task      string     `json:"task"`
	Action    Action     `json:"action"`
	Condition *Condition `json:"condition"`

	Span   Span  `json:"-"`
	Fields Spans `json:"-"`
}

// ConditionKind selects which fields of a Condition are used.
type ConditionKind string

// Condition kinds (AIFlow §1.4).
const (
	// EventCondition (SingleEventCondition) is met by any event with Key.
	EventCondition ConditionKind = "event"
	// TaskStatusCondition is met by a task-status-changed event of Task with Status.
	TaskStatusCondition ConditionKind = "task-status"
	// AllMetCondition (TaskStatusAllMetCondition) is met when the latest run
	// of every sub-condition's task has its expected status.
	AllMetCondition ConditionKind = "all-met"
	// MeetAllCondition remembers which sub-conditions were met (state Name).
	MeetAllCondition ConditionKind = "meet-all"
	// MeetAnyCondition is met when a sub-condition matching the event is met.
	MeetAnyCondition ConditionKind = "meet-any"
	// CustomCondition is a user Condition subclass evaluated in the engine.
	CustomCondition ConditionKind = "custom"
	// ExpressionCondition is a CEL expression over the event, the task
	// statuses and a durable state map (an aiflow-go extension).
	ExpressionCondition ConditionKind = "expression"
)

// Condition is a node of a rule's condition tree.
type Condition struct {
	Kind ConditionKind `json:"kind"`

	// event
	Key string `json:"event_key,omitempty"`

	// task-status
	Namespace string `json:"namespace,omitempty"`
	Workflow  string `json:"workflow,omitempty"`
	Task      string `json:"task,omitempty"`
	Status    string `json:"status,omitempty"`

	// meet-all: the name of the state that remembers met sub-conditions
	Name string `json:"name,omitempty"`
	// all-met (task-status conditions only), meet-all, meet-any
	Conditions []*Condition `json:"conditions,omitempty"`

	// custom: the class in File (relative to the definition's folder), the
	// event keys it listens to, and its constructor arguments
	File   string         `json:"file,omitempty"`
	Class  string         `json:"class,omitempty"`
	Keys   []string       `json:"expect_event_keys,omitempty"` // also expression
	Args   []any          `json:"args,omitempty"`
	Kwargs map[string]any `json:"kwargs,omitempty"`

	// expression: met when When (CEL) is true; after each evaluation the
	// state key of every Update entry is set to its expression's value.
	// Fields holds "when" and "update.<key>" spans.
	When   string            `json:"when,omitempty"`
	Update map[string]string `json:"update,omitempty"`

	Span   Span  `json:"-"`
	Fields Spans `json:"-"`
}

// Schedule starts a new execution of the workflow periodically.
type Schedule struct {
	Expression string `json:"expression"`
	Span       Span   `json:"-"`
}

// Trigger starts a new execution when its condition is met (AIFlow's
// WorkflowRule stored as a workflow trigger).
type Trigger struct {
	Condition *Condition `json:"condition"`
	Span      Span       `json:"-"`
}

// Task statuses (AIFlow TaskStatus), as stored and compared.
const (
	StatusInit     = "INIT"
	StatusQueued   = "QUEUED"
	StatusRunning  = "RUNNING"
	StatusSuccess  = "SUCCESS"
	StatusFailed   = "FAILED"
	StatusStopping = "STOPPING"
	StatusStopped  = "STOPPED"
	StatusRetrying = "RETRYING"
)

// TaskStatuses lists every task status.
var TaskStatuses = []string{StatusInit, StatusQueued, StatusRunning, StatusSuccess,
	StatusFailed, StatusStopping, StatusStopped, StatusRetrying}

// DefaultNamespace is the namespace of workflows that name none.
const DefaultNamespace = "default"

// Spans maps a field name (the JSON name, such as "periodic_expression" or
// "bash.bash_command") to where its value was written. A node has a
// handful of fields, so a short list costs less than a map: in a large
// definition the spans are the better part of the IR's memory.
type Spans []FieldSpan

// FieldSpan is where field Name was written.
type FieldSpan struct {
	Name string
	Span Span
}

// Get returns the span of field name and whether it is known.
func (s Spans) Get(name string) (Span, bool) {
	for _, f := range s {
		if f.Name == name {
			return f.Span, true
		}
	}
	return Span{}, false
}

// At returns the span of field name, or fallback when it is unknown.
func (s Spans) At(name string, fallback Span) Span {
	if sp, ok := s.Get(name); ok && sp.Start.IsValid() {
		return sp
	}
	return fallback
}

// Set records the span of field name.
func (s *Spans) Set(name string, sp Span) {
	for i := range *s {
		if (*s)[i].Name == name {
			(*s)[i].Span = sp
			return
		}
	}
	*s = append(*s, FieldSpan{name, sp})
}

// TaskStatusKey is the event key of task-status-changed events of a task.
func TaskStatusKey(namespace, workflow, task string) string {
	return "[task_status_change]." + namespace + "." + workflow + "." + task
}

// EventKeys returns the event keys a condition listens to, duplicates
// removed, in first-seen order.
func (c *Condition) EventKeys() []string {
	var keys []string
	seen := map[string]bool{}
	var walk func(*Condition)
	walk = func(c *Condition) {
		if c == nil {
			return
		}
		var own []string
		switch c.Kind {
		case EventCondition:
			own = []string{c.Key}
		case TaskStatusCondition:
			own = []string{TaskStatusKey(c.Namespace, c.Workflow, c.Task)}
		case CustomCondition, ExpressionCondition:
			own = c.Keys
		}
		for _, k := range own {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
		for _, sub := range c.Conditions {
			walk(sub)
		}
	}
	walk(c)
	return keys
}

// Task returns the task with the given name, or nil.
func (w *Workflow) Task(name string) *Task {
	for _, t := range w.Tasks {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// RulesFor returns the rules of one task, in order.
func (w *Workflow) RulesFor(task string) []*Rule {
	var rs []*Rule
	for _, r := range w.Rules {
		if r.Task == task {
			rs = append(rs, r)
		}
	}
	return rs
}
