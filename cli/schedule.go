package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/ir"
)

// scheduleCmd is AIFlow's "aiflow workflow-schedule" group.
type scheduleCmd struct {
	Add       scheduleAddCmd       `cmd:"" help:"Add a schedule to a workflow."`
	List      scheduleListCmd      `cmd:"" help:"List the schedules of a workflow."`
	Show      scheduleShowCmd      `cmd:"" help:"Show a schedule with its next three fire times."`
	Pause     schedulePauseCmd     `cmd:"" help:"Pause a schedule: it starts nothing until resumed."`
	Resume    scheduleResumeCmd    `cmd:"" help:"Resume a paused schedule."`
	Delete    scheduleDeleteCmd    `cmd:"" help:"Delete a schedule."`
	DeleteAll scheduleDeleteAllCmd `cmd:"" name:"delete-all" help:"Delete every schedule of a workflow."`
}

// scheduleID names one schedule.
type scheduleID struct {
	ID int64 `arg:"" predictor:"schedule" help:"Workflow schedule id."`
}

// yesFlag is AIFlow's -y of deletes.
type yesFlag struct {
	Yes bool `short:"y" help:"Accepted for AIFlow compatibility; delete never asks."`
}

type scheduleAddCmd struct {
	workflowRef
	Expression string `arg:"" help:"cron@<minute> <hour> <day-of-month> <month> <day-of-week> (optionally after CRON_TZ=Zone) or interval@<days> <hours> <minutes> <seconds>."`
}

// Help is the long help of aiflow workflow-schedule add.
func (c *scheduleAddCmd) Help() string {
	return `The schedule starts a PERIODIC execution of the workflow's latest snapshot
each time it fires: a cron expression on the clock (day-of-week 0 is
Sunday), an interval one interval after it was added, then on that grid.
The expression is checked like 'aiflow validate' checks a definition's.
Unlike the schedules a definition declares, one added here is never
changed by an upload.

  aiflow workflow-schedule add etl 'cron@0 2 * * *'
  aiflow workflow-schedule add etl 'cron@CRON_TZ=Europe/Paris 0 2 * * MON-FRI'
  aiflow workflow-schedule add etl 'interval@0 1 0 0'`
}

// Run adds the schedule and prints AIFlow's line, after the warnings
// about the expression.
func (c *scheduleAddCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	s, err := cl.AddSchedule(e.ctx, c.Namespace, c.Name, c.Expression)
	if err != nil {
		return err
	}
	warn(e.stderr, s.Diagnostics)
	_, err = fmt.Fprintf(e.stdout, "Workflow schedule: %d created.\n", s.ID)
	return err
}

// warn prints the warnings about an added schedule or trigger in the words
// of aiflow validate.
func warn(w io.Writer, ds []api.Diagnostic) {
	for _, d := range ds {
		fmt.Fprintf(w, "aiflow: warning: %s [%s]\n", d.Message, d.Code)
	}
}

type scheduleListCmd struct {
	workflowRef
	outputFlag
}

// Run lists with AIFlow's columns, the next fire time and the origin.
func (c *scheduleListCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	ss, err := cl.Schedules(e.ctx, c.Namespace, c.Name)
	if err != nil {
		return err
	}
	recs := make([]record, len(ss))
	for i, s := range ss {
		recs[i] = scheduleRecord(s)
	}
	return writeOutput(e.stdout, c.Output, recs, func(w io.Writer) error { return writeTable(w, recs) })
}

func scheduleRecord(s api.Schedule) record {
	return record{{"id", s.ID}, {"workflow_id", s.WorkflowID}, {"expression", s.Expression}, {"create_time", s.CreateTime},
		{"is_paused", s.Paused}, {"next_fire_time", s.NextFireTime}, {"origin", s.Origin}}
}

type scheduleShowCmd struct {
	scheduleID
	outputFlag
}

// Run prints the schedule and its next three fire times.
func (c *scheduleShowCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	s, err := cl.Schedule(e.ctx, c.ID)
	if err != nil {
		return err
	}
	fires := nextFires(s, 3)
	rec := append(scheduleRecord(s), field{"next_fire_times", fires})
	return writeOutput(e.stdout, c.Output, rec, func(w io.Writer) error {
		texts := make([]string, len(fires))
		for i, t := range fires {
			texts[i] = t.Format("2006-01-02 15:04:05 MST")
		}
		rec[len(rec)-1].val = strings.Join(texts, ", ")
		return writeFields(w, rec)
	})
}

// nextFires returns the next n fire times of s, none while it is paused, in
// its time zone: CRON_TZ's, else the local one, where the server (on this
// host, as a rule) evaluates cron fields. The first is the one the engine
// stored; the others follow it as the engine moves schedules on.
func nextFires(s api.Schedule, n int) []time.Time {
	expr, err := ir.ParseExpression(s.Expression)
	if err != nil || s.NextFireTime == nil {
		return nil
	}
	loc := time.Local
	if body, ok := strings.CutPrefix(s.Expression, string(ir.CronExpression)+"@"); ok {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(body), "CRON_TZ="); ok {
			zone, _, _ := strings.Cut(rest, " ")
			if l, err := time.LoadLocation(zone); err == nil {
				loc = l
			}
		}
	}
	out := []time.Time{s.NextFireTime.In(loc)}
	for len(out) < n {
		t := expr.NextAfter(s.CreateTime.Local(), out[len(out)-1].Local())
		if t.IsZero() {
			break
		}
		out = append(out, t.In(loc))
	}
	return out
}

type schedulePauseCmd struct{ scheduleID }

// Run pauses the schedule.
func (c *schedulePauseCmd) Run(e *env) error {
	return act(e, func(cl *client.Client) error { _, err := cl.SetSchedulePaused(e.ctx, c.ID, true); return err },
		"Workflow schedule: %d paused.\n", c.ID)
}

type scheduleResumeCmd struct{ scheduleID }

// Run resumes the schedule.
func (c *scheduleResumeCmd) Run(e *env) error {
	return act(e, func(cl *client.Client) error { _, err := cl.SetSchedulePaused(e.ctx, c.ID, false); return err },
		"Workflow schedule: %d resumed.\n", c.ID)
}

type scheduleDeleteCmd struct {
	scheduleID
	yesFlag
}

// Run deletes the schedule.
func (c *scheduleDeleteCmd) Run(e *env) error {
	return act(e, func(cl *client.Client) error { _, err := cl.DeleteSchedule(e.ctx, c.ID); return err },
		"Workflow schedule: %d deleted.\n", c.ID)
}

type scheduleDeleteAllCmd struct {
	workflowRef
	yesFlag
}

// Help is the long help of aiflow workflow-schedule delete-all.
func (c *scheduleDeleteAllCmd) Help() string {
	return `Deletes the schedules the definition declares too; the next upload
declares them again.`
}

// Run deletes every schedule of the workflow.
func (c *scheduleDeleteAllCmd) Run(e *env) error {
	return act(e, func(cl *client.Client) error { _, err := cl.DeleteSchedules(e.ctx, c.Namespace, c.Name); return err },
		"All schedules of workflow: %s.%s deleted.\n", c.Namespace, c.Name)
}

// act makes one call to the server and then prints AIFlow's line.
func act(e *env, do func(*client.Client) error, format string, args ...any) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	if err := do(cl); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, format, args...)
	return err
}

// triggerCmd is AIFlow's "aiflow workflow-trigger" group, with add, which
// AIFlow's CLI lacks (decisions Fix 10).
type triggerCmd struct {
	Add       triggerAddCmd       `cmd:"" help:"Add a trigger to a workflow: an execution starts when an event with the key is sent."`
	List      triggerListCmd      `cmd:"" help:"List the triggers of a workflow."`
	Show      triggerShowCmd      `cmd:"" help:"Show a trigger."`
	Pause     triggerPauseCmd     `cmd:"" help:"Pause a trigger: it starts nothing until resumed."`
	Resume    triggerResumeCmd    `cmd:"" help:"Resume a paused trigger."`
	Delete    triggerDeleteCmd    `cmd:"" help:"Delete a trigger."`
	DeleteAll triggerDeleteAllCmd `cmd:"" name:"delete-all" help:"Delete every trigger of a workflow."`
}

// triggerID names one trigger.
type triggerID struct {
	ID int64 `arg:"" predictor:"trigger" help:"Workflow trigger id."`
}

type triggerAddCmd struct {
	workflowRef
	EventKey       string `name:"event-key" required:"" placeholder:"KEY" help:"Start an execution on each event with this key."`
	EventNamespace string `name:"event-namespace" placeholder:"NS" predictor:"namespace" help:"Listen to the events of this namespace (default: the workflow's)."`
}

// Help is the long help of aiflow workflow-trigger add.
func (c *triggerAddCmd) Help() string {
	return `Each event with the key, sent to the workflow's namespace (or to
--event-namespace), starts one EVENT execution of the workflow's latest
snapshot, as a trigger declared in a definition does. Unlike those, a
trigger added here is never changed by an upload.

  aiflow workflow-trigger add train --event-key data_ready
  aiflow workflow-trigger add report --event-key model_ready --event-namespace ml`
}

// Run adds the trigger and prints its id.
func (c *triggerAddCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	t, err := cl.AddTrigger(e.ctx, c.Namespace, c.Name, api.AddTriggerRequest{EventKey: c.EventKey, EventNamespace: c.EventNamespace})
	if err != nil {
		return err
	}
	warn(e.stderr, t.Diagnostics)
	_, err = fmt.Fprintf(e.stdout, "Workflow trigger: %d created.\n", t.ID)
	return err
}

type triggerListCmd struct {
	workflowRef
	outputFlag
}

// Run lists with AIFlow's columns (the rule described in words), the
// origin, the events' namespace and the evaluations.
func (c *triggerListCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	ts, err := cl.Triggers(e.ctx, c.Namespace, c.Name)
	if err != nil {
		return err
	}
	recs := make([]record, len(ts))
	for i, t := range ts {
		recs[i] = triggerRecord(t)
	}
	return writeOutput(e.stdout, c.Output, recs, func(w io.Writer) error {
		// The raw condition is for json and yaml only.
		for i := range recs {
			recs[i] = recs[i][:len(recs[i])-1]
		}
		return writeTable(w, recs)
	})
}

// triggerRecord describes a trigger; its last field is the raw condition.
func triggerRecord(t api.Trigger) record {
	rule := string(t.Condition)
	var c ir.Condition
	if json.Unmarshal(t.Condition, &c) == nil {
		rule = state.Describe(&ir.Workflow{Name: t.Workflow, Namespace: t.Namespace}, &c)
	}
	var ns, last any
	if t.EventNamespace != "" {
		ns = t.EventNamespace
	}
	if t.Last != nil {
		last = evaluationText(*t.Last)
	}
	return record{{"id", t.ID}, {"workflow_id", t.WorkflowID}, {"rule", rule}, {"create_time", t.CreateTime},
		{"is_paused", t.Paused}, {"origin", t.Origin}, {"event_namespace", ns}, {"evaluations", t.Evaluations},
		{"last_evaluation", last}, {"condition", t.Condition}}
}

type triggerShowCmd struct {
	triggerID
	outputFlag
}

// Run prints the trigger.
func (c *triggerShowCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	t, err := cl.Trigger(e.ctx, c.ID)
	if err != nil {
		return err
	}
	rec := triggerRecord(t)
	return writeOutput(e.stdout, c.Output, rec, func(w io.Writer) error { return writeFields(w, rec) })
}

type triggerPauseCmd struct{ triggerID }

// Run pauses the trigger.
func (c *triggerPauseCmd) Run(e *env) error {
	return act(e, func(cl *client.Client) error { _, err := cl.SetTriggerPaused(e.ctx, c.ID, true); return err },
		"Workflow trigger: %d paused.\n", c.ID)
}

type triggerResumeCmd struct{ triggerID }

// Run resumes the trigger.
func (c *triggerResumeCmd) Run(e *env) error {
	return act(e, func(cl *client.Client) error { _, err := cl.SetTriggerPaused(e.ctx, c.ID, false); return err },
		"Workflow trigger: %d resumed.\n", c.ID)
}

type triggerDeleteCmd struct {
	triggerID
	yesFlag
}

// Run deletes the trigger.
func (c *triggerDeleteCmd) Run(e *env) error {
	return act(e, func(cl *client.Client) error { _, err := cl.DeleteTrigger(e.ctx, c.ID); return err },
		"Workflow trigger: %d deleted.\n", c.ID)
}

type triggerDeleteAllCmd struct {
	workflowRef
	yesFlag
}

// Help is the long help of aiflow workflow-trigger delete-all.
func (c *triggerDeleteAllCmd) Help() string {
	return `Deletes the triggers the definition declares too; the next upload
declares them again.`
}

// Run deletes every trigger of the workflow.
func (c *triggerDeleteAllCmd) Run(e *env) error {
	return act(e, func(cl *client.Client) error { _, err := cl.DeleteTriggers(e.ctx, c.Namespace, c.Name); return err },
		"All triggers of workflow: %s.%s deleted.\n", c.Namespace, c.Name)
}
