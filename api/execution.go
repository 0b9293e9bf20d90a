package api

import (
	"encoding/json"
	"net/url"
	"strconv"
	"time"
)

// Paths of workflow executions and task executions. Executions and task
// executions have ids unique across namespaces, as in AIFlow. GET on
// PathExecutions lists the executions of every workflow, those with the
// statuses of its repeatable "status" parameter (all when absent).
const (
	PathExecutions     = Prefix + "/executions"
	PathTaskExecutions = Prefix + "/task-executions"
)

// WorkflowExecutionsPath lists (GET) and starts (POST) executions of a
// workflow; POST on its "/stop" stops all of them (StopAllResponse).
func WorkflowExecutionsPath(ns, name string) string { return WorkflowPath(ns, name) + "/executions" }

// ExecutionPath is the path of one execution: GET shows it
// (ExecutionDetail), DELETE deletes a finished one, POST on "/stop" stops
// it, GET on "/rules" explains its rules (ExecutionRules).
func ExecutionPath(id int64) string { return PathExecutions + "/" + strconv.FormatInt(id, 10) }

// ExecutionTaskPath is the path of a task of an execution: POST on
// "/start", "/restart" or "/stop" acts on its latest run (TaskAction).
func ExecutionTaskPath(id int64, task string) string {
	return ExecutionPath(id) + "/tasks/" + url.PathEscape(task)
}

// TaskExecutionPath is the path of one task execution: GET shows it, GET on
// "/log" reads its log (LogChunk), POST on "/report" is the supervisor's
// report (TaskReport).
func TaskExecutionPath(id int64) string { return PathTaskExecutions + "/" + strconv.FormatInt(id, 10) }

// Execution is a workflow execution.
type Execution struct {
	ID         int64     `json:"id"`
	Namespace  string    `json:"namespace"`
	Workflow   string    `json:"workflow"`
	WorkflowID int64     `json:"workflow_id"`
	SnapshotID int64     `json:"snapshot_id"`
	Status     string    `json:"status"`   // INIT, RUNNING, SUCCESS, FAILED, STOPPED
	RunType    string    `json:"run_type"` // MANUAL, EVENT, PERIODIC
	BeginTime  time.Time `json:"begin_time,omitzero"`
	EndTime    time.Time `json:"end_time,omitzero"`
	// EventOffset is the offset of the last event applied to the
	// execution, -1 before the first (AIFlow's event_offset).
	EventOffset int64 `json:"event_offset"`
	// Params are the execution's parameters, absent when it has none.
	Params map[string]string `json:"params,omitempty"`
}

// ExecutionsQuery encodes the query of GET PathExecutions: the executions
// whose status is one of statuses, all of them when there is none.
func ExecutionsQuery(statuses ...string) string {
	v := url.Values{}
	for _, s := range statuses {
		v.Add("status", s)
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// Executions is the answer of GET .../executions, ordered by id.
type Executions struct {
	Executions []Execution `json:"executions"`
}

// StartExecutionRequest is the body of POST .../executions; it may be empty.
type StartExecutionRequest struct {
	// RunType may only be MANUAL (or empty): EVENT and PERIODIC executions
	// are started by the engine's triggers and schedules.
	RunType string `json:"run_type,omitempty"`
	// Params are the execution's parameters by name: every task gets each
	// as AIFLOW_PARAM_<NAME> (see engine/operator.ParamVar), all of them
	// as the JSON object AIFLOW_PARAMS.
	Params map[string]string `json:"params,omitempty"`
}

// ExecutionDetail is the answer of GET /api/v1/executions/{id}: the
// execution, every run of its tasks ordered by id, and the snapshot's task
// names in definition order (tasks that never ran included).
type ExecutionDetail struct {
	Execution
	Tasks          []string        `json:"tasks"`
	TaskExecutions []TaskExecution `json:"task_executions"`
}

// ExecutionRules is the answer of GET /api/v1/executions/{id}/rules: every
// task in definition order with its rules, their last evaluation and
// state, and for a task that never ran what its START rules wait for.
type ExecutionRules struct {
	Execution
	Tasks []TaskRules `json:"tasks"`
	// Idle says that the RUNNING execution waits only for events from
	// outside: no run is alive or stopping and no task is periodic, so only
	// an event a user or a program sends (or a user's task action) can
	// move it.
	Idle bool `json:"idle"`
	// State is every condition value of the execution by name: meet-all
	// flags, expression state maps, the ValueStates of Python conditions.
	State map[string]json.RawMessage `json:"state"`
}

// TaskRules is one task of ExecutionRules.
type TaskRules struct {
	Task string `json:"task"`
	// Status is the status of its latest run, "" if it never ran.
	Status string `json:"status"`
	// Waiting is what a task that never ran waits for, e.g. "waits for
	// event key 'key'", "waits for task a to be SUCCESS (now RUNNING)", or
	// why it cannot run: "cannot run: upstream a FAILED"; in a finished
	// execution "never ran: ...".
	Waiting string `json:"waiting,omitempty"`
	Rules   []Rule `json:"rules"`
}

// Rule is one rule of a task with its last evaluation.
type Rule struct {
	// Index is the rule's position in the snapshot's rules.
	Index     int      `json:"index"`
	Action    string   `json:"action"`    // START, STOP, RESTART
	Condition string   `json:"condition"` // one readable line
	EventKeys []string `json:"event_keys"`
	// Evaluations counts the evaluations so far; Last is the latest one.
	Evaluations int64                      `json:"evaluations"`
	Last        *RuleEvaluation            `json:"last_evaluation,omitempty"`
	State       map[string]json.RawMessage `json:"state,omitempty"` // of its meet-all and expression conditions
}

// RuleEvaluation is the last evaluation of a rule or trigger.
type RuleEvaluation struct {
	EventOffset int64     `json:"event_offset"`
	EventKey    string    `json:"event_key"`
	Result      string    `json:"result"` // met, not met, error
	Error       string    `json:"error,omitempty"`
	Time        time.Time `json:"time,omitzero"`
}

// StopAllResponse is the answer of POST .../executions/stop: the
// executions that were asked to stop.
type StopAllResponse struct {
	Executions []Execution `json:"executions"`
}

// TaskExecution is one run of a task.
type TaskExecution struct {
	ID             int64     `json:"id"`
	ExecutionID    int64     `json:"execution_id"`
	Task           string    `json:"task"`
	SequenceNumber int       `json:"sequence_number"`
	TryNumber      int       `json:"try_number"`
	Status         string    `json:"status"` // INIT, QUEUED, RUNNING, SUCCESS, FAILED, STOPPING, STOPPED, RETRYING
	BeginTime      time.Time `json:"begin_time,omitzero"`
	EndTime        time.Time `json:"end_time,omitzero"`
	ExitCode       *int      `json:"exit_code,omitempty"`
	// LogPath is the run's log file on the server's machine.
	LogPath string `json:"log_path,omitempty"`
}

// TaskExecutions is the answer of GET .../executions/{id}/task-executions.
type TaskExecutions struct {
	TaskExecutions []TaskExecution `json:"task_executions"`
}

// TaskAction is the answer of POST .../tasks/{task}/start|restart|stop: the
// task's latest run after the action (nil when the task never ran), and
// whether the action changed anything (a START of a running task or a STOP
// of a finished one does not).
type TaskAction struct {
	Changed       bool           `json:"changed"`
	TaskExecution *TaskExecution `json:"task_execution,omitempty"`
}

// LogChunk is the answer of GET .../task-executions/{id}/log?offset=N: the
// bytes of the log from Offset (at most MaxLogChunk), the offset to ask
// next, and whether the run has finished (so a follower can stop once it
// has read everything).
type LogChunk struct {
	Offset   int64  `json:"offset"`
	Data     []byte `json:"data"`
	Next     int64  `json:"next"`
	Finished bool   `json:"finished"`
}

// MaxLogChunk bounds one LogChunk.
const MaxLogChunk = 1 << 20

// Report kinds of TaskReport.Event.
const (
	ReportStarted = "started"
	ReportExited  = "exited"
)

// TaskReport is the body of POST .../task-executions/{id}/report, sent by a
// run's supervisor: the try has started (with its process id) or has
// exited. A report the engine no longer expects (a try that was given up)
// is answered 409 and must not be retried. The engine acts on Try, Event,
// ExitCode and Time; the server logs the other fields of a failed try.
type TaskReport struct {
	Try      int       `json:"try"`
	Event    string    `json:"event"` // ReportStarted or ReportExited
	Pid      int       `json:"pid,omitempty"`
	ExitCode int       `json:"exit_code"`
	Signal   string    `json:"signal,omitempty"`
	Stopped  bool      `json:"stopped,omitempty"`
	TimedOut bool      `json:"timed_out,omitempty"`
	Error    string    `json:"error,omitempty"`
	Time     time.Time `json:"time"`
	// ExecutionBegan is the begin time of the run's execution, from the
	// supervisor's spec: a report of a run of an older database (before
	// aiflow db reset) names another begin time and is refused.
	ExecutionBegan time.Time `json:"execution_began,omitzero"`
	// Secret is the try's secret from its supervisor's spec (mode 0600):
	// only the supervisor that owns the try may report about it, and a
	// report without the secret is refused with 403.
	Secret string `json:"secret,omitempty"`
}
