package engine

import (
	"bytes"
	"errors"
	"time"

	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/storage"
)

// eventOf is a logged event as conditions see it.
func eventOf(ev storage.Event) state.Event {
	return state.Event{Key: ev.Key, Value: ev.Value, Namespace: ev.Namespace, Sender: ev.Sender,
		Context: ev.Context, Offset: ev.Offset, Time: ev.CreateTime}
}

// record notes the evaluation of a rule of x for ev. The last one per rule
// and the count are stored when the step ends (flush), so that a step that
// applies a batch of events writes each rule once. A failed evaluation is
// logged when its error differs from the rule's previous one, so that a
// condition failing on every event does not flood the log.
func (s *step) record(x *execState, ev state.Event, r state.Evaluation) {
	text := r.ErrorText()
	if text != "" && x.lastErr[r.Rule] != text {
		rule := x.wf().Rules[r.Rule]
		s.e.log.Warn("condition failed", "execution", x.row.ID, "workflow", x.wf().Name, "task", rule.Task,
			"action", rule.Action, "event_offset", ev.Offset, "event_key", ev.Key, "err", text)
	}
	if x.lastErr == nil {
		x.lastErr = map[int]string{}
	}
	x.lastErr[r.Rule] = text
	tally(&x.evals, r.Rule, storage.Evaluation{ExecutionID: x.row.ID, Rule: r.Rule}, ev, r, text, s.now)
}

// recordTrigger is record for a workflow trigger.
func (s *step) recordTrigger(tr *trigger, ev state.Event, r state.Evaluation) {
	text := r.ErrorText()
	if text != "" && tr.lastErr != text {
		s.e.log.Warn("trigger condition failed", "trigger", tr.row.ID, "workflow", tr.wf.Name,
			"event_offset", ev.Offset, "event_key", ev.Key, "err", text)
	}
	tr.lastErr = text
	tally(&s.triggerEvals, tr.row.ID, storage.Evaluation{TriggerID: tr.row.ID}, ev, r, text, s.now)
}

// tally makes evaluation r of ev the last of the pending record k of *m
// (created from blank) and counts it.
func tally[K comparable](m *map[K]*storage.Evaluation, k K, blank storage.Evaluation, ev state.Event, r state.Evaluation, text string, now time.Time) {
	if *m == nil {
		*m = map[K]*storage.Evaluation{}
	}
	p := (*m)[k]
	if p == nil {
		p = &blank
		(*m)[k] = p
	}
	p.Offset, p.Key, p.Result, p.Error, p.Time = ev.Offset, ev.Key, r.Result(), text, now
	p.Count++
}

// values is the condition state of one scope as steps change it; the
// names a step changed are stored when it ends (flush), once each however
// many events changed them.
type values struct {
	workflowID, executionID int64
	st                      state.Values
	dirty                   map[string]bool
}

// set takes the scope's next state and notes the names that changed.
func (v *values) set(next state.Values) {
	for name, b := range next {
		if old, ok := v.st[name]; !ok || !bytes.Equal(old, b) {
			if v.dirty == nil {
				v.dirty = map[string]bool{}
			}
			v.dirty[name] = true
		}
	}
	v.st = next
}

// flush stores the names that changed.
func (v *values) flush(s *step) error {
	for name := range v.dirty {
		if err := s.tx.PutState(s.ctx, storage.State{WorkflowID: v.workflowID, ExecutionID: v.executionID, Name: name, Value: v.st[name]}); err != nil {
			return err
		}
		delete(v.dirty, name)
	}
	return nil
}

// flush stores the condition state and the evaluations the step changed.
func (s *step) flush() error {
	for _, x := range s.touched {
		if err := x.cond.flush(s); err != nil {
			return err
		}
		for rule, p := range x.evals {
			if err := s.tx.PutEvaluation(s.ctx, *p); err != nil {
				return err
			}
			delete(x.evals, rule)
		}
	}
	for _, v := range s.triggerValues {
		// A workflow deleted after the index was built keeps nothing.
		if err := v.flush(s); err != nil && !errors.Is(err, storage.ErrNotFound) {
			return err
		}
	}
	for id, p := range s.triggerEvals {
		// A trigger deleted after the index was built has nothing to show.
		if err := s.tx.PutEvaluation(s.ctx, *p); err != nil && !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		delete(s.triggerEvals, id)
	}
	return nil
}
