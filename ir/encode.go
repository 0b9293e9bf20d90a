package ir

import (
	"bytes"
	"encoding/json"
	"slices"
)

// Canonicalize fills in defaults and puts the workflow in its canonical
// order, so that equivalent Python and YAML definitions compare equal. Front
// ends leave defaults to it. Rules are grouped by the position of their task
// (rules of unknown tasks last, by name), declaration order kept within a
// task.
func (w *Workflow) Canonicalize() {
	if w.Namespace == "" {
		w.Namespace = DefaultNamespace
	}
	for _, t := range w.Tasks {
		t.fillDefaults()
	}
	// A task-status condition that names no workflow means this workflow.
	for _, r := range w.Rules {
		w.fillCondition(r.Condition)
	}
	for _, tr := range w.Triggers {
		w.fillCondition(tr.Condition)
	}
	pos := make(map[string]int, len(w.Tasks))
	for i, t := range w.Tasks {
		if _, dup := pos[t.Name]; !dup {
			pos[t.Name] = i
		}
	}
	rank := func(r *Rule) (int, string) {
		if i, ok := pos[r.Task]; ok {
			return i, ""
		}
		return len(w.Tasks), r.Task
	}
	slices.SortStableFunc(w.Rules, func(a, b *Rule) int {
		ia, na := rank(a)
		ib, nb := rank(b)
		if ia != ib {
			return ia - ib
		}
		switch {
		case na < nb:
			return -1
		case na > nb:
			return 1
		}
		return 0
	})
}

// EncodeJSON returns the canonical JSON form of workflows: two-space indented,
// map keys sorted, spans left out, a trailing newline. It is what
// `aiflow workflow show --ir` prints and what the golden files hold.
func EncodeJSON(ws []*Workflow) ([]byte, error) {
	if ws == nil {
		ws = []*Workflow{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(ws); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DecodeJSON reads workflows back from their canonical JSON form. Spans are
// not part of it and stay zero.
func DecodeJSON(data []byte) ([]*Workflow, error) {
	var ws []*Workflow
	if err := json.Unmarshal(data, &ws); err != nil {
		return nil, err
	}
	return ws, nil
}

func (t *Task) fillDefaults() {
	if a := t.SparkSubmit; a != nil {
		if a.Master == "" {
			a.Master = "yarn"
		}
		if a.DeployMode == "" {
			a.DeployMode = "client"
		}
		if a.ApplicationName == "" {
			a.ApplicationName = "spark_submit_task_" + t.Name
		}
	}
	if a := t.SparkSQL; a != nil {
		if a.Master == "" {
			a.Master = "yarn"
		}
		if a.ApplicationName == "" {
			a.ApplicationName = "spark_sql_task_" + t.Name
		}
	}
	if a := t.Flink; a != nil && a.JobsInfoPollInterval == 0 {
		a.JobsInfoPollInterval = 1
	}
}

func (w *Workflow) fillCondition(c *Condition) {
	if c == nil {
		return
	}
	if c.Kind == TaskStatusCondition {
		if c.Workflow == "" {
			c.Workflow = w.Name
		}
		if c.Namespace == "" {
			c.Namespace = w.Namespace
		}
	}
	for _, sub := range c.Conditions {
		w.fillCondition(sub)
	}
}
