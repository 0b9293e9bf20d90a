package engine

import (
	"encoding/json"
	"errors"

	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

// trigger is a workflow trigger of the engine's index.
type trigger struct {
	row storage.Trigger
	wf  storage.Workflow
	t   *state.Trigger
	// lastErr is the error of its last evaluation, to log changes.
	lastErr string
}

// TriggersChanged tells the engine that workflow triggers, or the
// workflows they start, changed (an upload, a delete, an enable or a
// disable, a trigger added, paused, resumed or deleted): the next step
// rebuilds its trigger index from the store.
func (e *Engine) TriggersChanged() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.triggers = nil
}

// triggerIndex returns the triggers of enabled workflows by the namespace
// whose events they see (their workflow's unless they name another), paused
// ones included (they are skipped when evaluated), in id order. A
// trigger's custom Python conditions run in its workflow's latest
// snapshot.
func (s *step) triggerIndex() (map[string][]*trigger, error) {
	e := s.e
	if e.triggers != nil {
		return e.triggers, nil
	}
	rows, err := s.tx.ListTriggers(s.ctx, 0)
	if err != nil {
		return nil, err
	}
	idx := map[string][]*trigger{}
	wfs := map[int64]storage.Workflow{}
	for _, row := range rows {
		w, ok := wfs[row.WorkflowID]
		if !ok {
			if w, err = s.tx.GetWorkflowByID(s.ctx, row.WorkflowID); err != nil {
				return nil, err
			}
			wfs[row.WorkflowID] = w
		}
		if !w.Enabled {
			continue
		}
		var c ir.Condition
		if err := json.Unmarshal(row.Condition, &c); err != nil {
			e.log.Error("unreadable trigger condition", "trigger", row.ID, "workflow", w.Name, "err", err)
			continue
		}
		t := state.NewTrigger(&c, state.TriggerStateName(row.ID))
		if t.HasPython() {
			t.Python = e.python(w.LatestSnapshotID)
		}
		ns := w.Namespace
		if row.EventNamespace != "" {
			ns = row.EventNamespace
		}
		idx[ns] = append(idx[ns], &trigger{row: row, wf: w, t: t})
	}
	e.triggers = idx
	e.keepInterpreters()
	return idx, nil
}

// trigger evaluates the triggers that see ev's namespace and listen to its
// key, per workflow in order, and starts one EVENT execution of each
// workflow whose trigger fires first (§3.9). Paused triggers never fire
// (decisions.md Fix 8).
func (s *step) trigger(ev storage.Event) error {
	idx, err := s.triggerIndex()
	if err != nil {
		return err
	}
	sev := eventOf(ev)
	fired := map[int64]bool{}
	for _, tr := range idx[ev.Namespace] {
		if tr.row.Paused || fired[tr.wf.ID] || !tr.t.Listens(ev.Key) {
			continue
		}
		v := s.triggerValues[tr.wf.ID]
		if v == nil {
			if v, err = s.values(tr.wf.ID, 0); err != nil {
				return err
			}
			if s.triggerValues == nil {
				s.triggerValues = map[int64]*values{}
			}
			s.triggerValues[tr.wf.ID] = v
		}
		sc := state.Scope{WorkflowID: tr.wf.ID, Namespace: tr.wf.Namespace, Workflow: tr.wf.Name}
		met, next, eval := tr.t.Evaluate(sev, sc, v.st)
		s.recordTrigger(tr, sev, eval)
		v.set(next)
		if !met {
			continue
		}
		fired[tr.wf.ID] = true
		// The index may be a moment behind a disable, a delete or an
		// upload that has just committed: start from the workflow as it is.
		w, err := s.tx.GetWorkflowByID(s.ctx, tr.wf.ID)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if !w.Enabled {
			continue
		}
		if _, err := s.create(w, storage.RunEvent, nil); err != nil {
			return err
		}
	}
	return nil
}
