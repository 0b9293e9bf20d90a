package api

import (
	"encoding/json"
	"strconv"
)

// Paths of schedules and triggers by id; their ids are unique across
// namespaces, as in AIFlow.
const (
	PathSchedules = Prefix + "/schedules"
	PathTriggers  = Prefix + "/triggers"
)

// Origins of schedules and triggers (Schedule.Origin, Trigger.Origin).
const (
	// OriginDefinition: declared by the workflow's definition; every
	// upload brings these in line with the definition it stores.
	OriginDefinition = "definition"
	// OriginAdded: added through the API (aiflow workflow-schedule add,
	// aiflow workflow-trigger add); uploads never touch these.
	OriginAdded = "added"
)

// WorkflowSchedulesPath lists (GET), adds (POST, AddScheduleRequest) and
// deletes (DELETE) the schedules of a workflow.
func WorkflowSchedulesPath(ns, name string) string { return WorkflowPath(ns, name) + "/schedules" }

// SchedulePath is the path of one schedule: GET shows it, DELETE deletes it,
// POST on "/pause" and "/resume" pause and resume it.
func SchedulePath(id int64) string { return PathSchedules + "/" + strconv.FormatInt(id, 10) }

// WorkflowTriggersPath lists (GET), adds (POST, AddTriggerRequest) and
// deletes (DELETE) the triggers of a workflow.
func WorkflowTriggersPath(ns, name string) string { return WorkflowPath(ns, name) + "/triggers" }

// TriggerPath is the path of one trigger: GET shows it, DELETE deletes it,
// POST on "/pause" and "/resume" pause and resume it.
func TriggerPath(id int64) string { return PathTriggers + "/" + strconv.FormatInt(id, 10) }

// AddScheduleRequest is the body of POST .../schedules: a schedule
// expression, cron@<5 fields> or interval@<days> <hours> <minutes> <seconds>.
type AddScheduleRequest struct {
	Expression string `json:"expression"`
}

// Schedules is the answer of GET and DELETE .../schedules, ordered by id.
type Schedules struct {
	Schedules []Schedule `json:"schedules"`
}

// AddTriggerRequest is the body of POST .../triggers: EventKey, an event
// condition on that key, or Condition, an IR condition (the JSON of a
// trigger's condition in `aiflow workflow show -o json`). EventNamespace,
// when set, makes the trigger listen to the events of that namespace
// instead of its workflow's.
type AddTriggerRequest struct {
	EventKey       string          `json:"event_key,omitempty"`
	EventNamespace string          `json:"event_namespace,omitempty"`
	Condition      json.RawMessage `json:"condition,omitempty"`
}

// Triggers is the answer of GET and DELETE .../triggers, ordered by id.
type Triggers struct {
	Triggers []Trigger `json:"triggers"`
}
