package yamldef

import (
	"github.com/aiflow-go/aiflow/operator"
	"slices"
	"sync"
)

// kind is the shape a key's value takes. Scalar and collection kinds reuse
// the operator argument types of ir/operators.go so that operator arguments
// need no translation; the others are YAML structures of this format.
type kind string

// Value kinds beyond operator.ArgType.
const (
	kOperator    kind = "operator"         // one of the operator kinds
	kAction      kind = "action"           // START | STOP | RESTART
	kStatus      kind = "status"           // a task status
	kNumberValue kind = "number-value"     // seconds, or a Go duration string
	kTaskNames   kind = "task-names"       // a task name or a list of them
	kTasks       kind = "tasks"            // list of task mappings
	kRules       kind = "rules"            // list of rule mappings
	kSchedules   kind = "schedules"        // list of schedule expressions
	kCondition   kind = "condition"        // one condition mapping
	kConditions  kind = "conditions"       // list of condition mappings
	kStatusMap   kind = "status-map"       // task name -> status (rule shorthand)
	kTaskStatus  kind = "task-status"      // {task, status, workflow?, namespace?}
	kTaskStatusL kind = "task-status-list" // list of task-status mappings (all_met)
	kMeetAll     kind = "meet-all"         // {name, conditions}
	kCustomCond  kind = "custom-condition" // {file, class, expect_event_keys, args, kwargs}
	kExprCond    kind = "expression"       // {expect_event_keys, when, update}
	kEventKeys   kind = "event-keys"       // an event key or a list of them
)

// argKind maps an operator argument type onto the kind the YAML walker and
// the schema use; numbers also take duration strings.
func argKind(t operator.ArgType) kind {
	switch t {
	case operator.TNumber:
		return kNumberValue
	case operator.TCallable:
		return kind(operator.TString)
	}
	return kind(t)
}

// key is one key of a YAML mapping: the walker checks keys against these
// tables and the JSON Schema is generated from them, so the two agree.
type key struct {
	name string
	kind kind
	need need
	doc  string
}

// need says whether a key must be given and who reports its absence.
type need int

const (
	optional need = iota
	// required keys are reported missing by the walker: without them
	// there is nothing to build (a workflow or task without a name).
	required
	// validated keys are required in the schema, but the walker builds the
	// IR without them and ir.Validate reports them, once for both front ends.
	validated
)

// keyNames returns the names of keys, sorted.
func keyNames(keys []key) []string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.name
	}
	slices.Sort(names)
	return names
}

func findKey(keys []key, name string) *key {
	for i := range keys {
		if keys[i].name == name {
			return &keys[i]
		}
	}
	return nil
}

var workflowKeys = []key{
	{"name", kind(operator.TString), required, "The workflow name, unique in its namespace (Workflow(name=...))."},
	{"namespace", kind(operator.TString), optional, "The namespace the workflow belongs to; default \"default\"."},
	{"config", kind(operator.TMap), optional, "Free-form workflow configuration (Workflow(**config))."},
	{"schedules", kSchedules, optional, "Schedules that start executions: cron@<5 fields> or interval@<days> <hours> <minutes> <seconds> (ops.add_workflow_schedule)."},
	{"triggers", kConditions, optional, "Conditions that start an execution when met (ops.add_workflow_trigger with a WorkflowRule)."},
	{"tasks", kTasks, required, "The tasks of the workflow, in definition order."},
}

// taskBaseKeys are accepted by every task whatever its operator; the common
// operator arguments (operator.Common) follow them.
var taskBaseKeys = []key{
	{"name", kind(operator.TString), required, "The task name, unique in its workflow."},
	{"operator", kOperator, validated, "The operator that runs the task."},
	{"config", kind(operator.TMap), optional, "Free-form extra operator keyword arguments, kept in the task's config (AIFlow Operator config)."},
	{"start_after", kTaskNames, optional, "Start this task when every listed task is SUCCESS (Operator.start_after); the rule comes before those of rules."},
	{"rules", kRules, optional, "Rules that start, stop or restart the task; per task the first met rule decides."},
}

var ruleKeys = []key{
	{"action", kAction, required, "What the rule does to its task: START, STOP or RESTART, upper or lower case."},
	{"event", kEventKeys, optional, "Apply the action when an event with this key arrives (action_on_event_received); with when, the key or list of keys the expression listens to."},
	{"task_status", kStatusMap, optional, "Apply the action when every listed task has the given status, a map from task name to status (action_on_task_status)."},
	{"condition", kCondition, optional, "Apply the action when this condition is met (action_on_condition)."},
	{"when", kind(operator.TString), optional, "With event: apply the action when this CEL expression is true, an expression condition listening to the event keys (an aiflow-go extension)."},
	{"update", kind(operator.TStrMap), optional, "With when: the state keys to set after each evaluation, each to the value of its CEL expression."},
}

// ruleConditionKeys are the rule keys of which exactly one must be given.
var ruleConditionKeys = []string{"condition", "event", "task_status"}

var conditionKeys = []key{
	{"event", kind(operator.TString), optional, "Met by any event with this key (SingleEventCondition)."},
	{"task_status", kTaskStatus, optional, "Met when a task changes to a status (TaskStatusCondition)."},
	{"all_met", kTaskStatusL, optional, "Met when the latest run of every listed task has its status (TaskStatusAllMetCondition)."},
	{"meet_all", kMeetAll, optional, "Met once every sub-condition has been met, remembered in a named state (MeetAllCondition)."},
	{"meet_any", kConditions, optional, "Met when a sub-condition that listens to the event is met (MeetAnyCondition)."},
	{"custom", kCustomCond, optional, "A user Condition subclass defined in a Python file."},
	{"expression", kExprCond, optional, "Met when a CEL expression over the event, the task statuses and a durable state is true (an aiflow-go extension)."},
}

var taskStatusKeys = []key{
	{"task", kind(operator.TString), required, "The task whose status is watched."},
	{"status", kStatus, required, "The expected task status, upper or lower case."},
	{"workflow", kind(operator.TString), optional, "The workflow of the task; default this workflow."},
	{"namespace", kind(operator.TString), optional, "The namespace of the workflow; default this workflow's namespace."},
}

var meetAllKeys = []key{
	{"name", kind(operator.TString), required, "The name of the state that remembers which sub-conditions were met."},
	{"conditions", kConditions, required, "The sub-conditions."},
}

var customConditionKeys = []key{
	{"file", kind(operator.TString), required, "The Python file that defines the class, relative to this YAML file."},
	{"class", kind(operator.TString), required, "The name of the Condition subclass in file."},
	{"expect_event_keys", kind(operator.TStrings), validated, "The event keys the condition listens to."},
	{"args", kind(operator.TList), optional, "Positional constructor arguments."},
	{"kwargs", kind(operator.TMap), optional, "Keyword constructor arguments."},
}

var expressionConditionKeys = []key{
	{"expect_event_keys", kind(operator.TStrings), validated, "The event keys the condition listens to."},
	{"when", kind(operator.TString), validated, "The CEL expression that meets the condition, a bool over event, tasks and state."},
	{"update", kind(operator.TStrMap), optional, "The state keys to set after each evaluation, each to the value of its CEL expression; state.<key> reads them."},
}

// opKeys are the keys one operator accepts beyond taskBaseKeys and the
// common arguments.
type opKeys struct {
	kind operator.Kind
	doc  string
	keys []key
}

// operatorTable lists every operator the format accepts, in the order of
// operator.All.
var operatorTable = sync.OnceValue(func() []opKeys {
	var ops []opKeys
	for _, o := range operator.All() {
		var keys []key
		for _, a := range o.Args {
			need := optional
			if a.Required {
				need = validated
			}
			keys = append(keys, key{a.Name, argKind(a.Type), need, a.Doc})
		}
		ops = append(ops, opKeys{o.Kind, o.Class + ": " + o.Doc, keys})
	}
	return ops
})

// commonKeys are operator.Common as keys.
var commonKeys = sync.OnceValue(func() []key {
	keys := make([]key, len(operator.Common))
	for i, a := range operator.Common {
		keys[i] = key{a.Name, argKind(a.Type), optional, a.Doc}
	}
	return keys
})

// operatorNames returns the operator kinds, sorted.
var operatorNames = sync.OnceValue(func() []string {
	var names []string
	for _, o := range operatorTable() {
		names = append(names, string(o.kind))
	}
	slices.Sort(names)
	return names
})

func operatorKeys(op operator.Kind) *opKeys {
	for i, o := range operatorTable() {
		if o.kind == op {
			return &operatorTable()[i]
		}
	}
	return nil
}

// taskKeys returns the keys a task of operator op accepts; for an unknown
// operator ("" included) the keys of every operator are accepted so that
// only the operator itself is reported.
func taskKeys(op operator.Kind) []key {
	if ks, ok := taskKeysByOp()[op]; ok {
		return ks
	}
	return taskKeysByOp()[""]
}

var taskKeysByOp = sync.OnceValue(func() map[operator.Kind][]key {
	build := func(ops ...opKeys) []key {
		keys := slices.Concat(taskBaseKeys, commonKeys())
		for _, o := range ops {
			for _, k := range o.keys {
				if findKey(keys, k.name) == nil {
					keys = append(keys, k)
				}
			}
		}
		return keys
	}
	m := map[operator.Kind][]key{"": build(operatorTable()...)}
	for _, o := range operatorTable() {
		m[o.kind] = build(o)
	}
	return m
})

// ownersOf returns the operators whose specific keys include name.
func ownersOf(name string) []string {
	var owners []string
	for _, o := range operatorTable() {
		if findKey(o.keys, name) != nil {
			owners = append(owners, string(o.kind))
		}
	}
	return owners
}
