package server

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/parser"
	"github.com/aiflow-go/aiflow/storage"
)

// The schedule and trigger endpoints. Declared ones (origin definition)
// come and go with uploads; these endpoints add others (origin added), and
// pause, resume and delete either kind.

// handler is the shape of every endpoint (see Handler).
type handler = func(*http.Request) (any, error)

func (s *Server) scheduleRoutes(route func(string, int, handler), changes func(handler) handler) {
	const wf = api.Prefix + "/namespaces/{ns}/workflows/{name}"
	const sc, tr = api.PathSchedules + "/{id}", api.PathTriggers + "/{id}"
	const ok, created = http.StatusOK, http.StatusCreated
	route("GET "+wf+"/schedules", ok, func(r *http.Request) (any, error) { return s.schedulesOf(r, false) })
	route("POST "+wf+"/schedules", created, s.addSchedule)
	route("DELETE "+wf+"/schedules", ok, func(r *http.Request) (any, error) { return s.schedulesOf(r, true) })
	route("GET "+api.PathSchedules, ok, s.allSchedules)
	route("GET "+sc, ok, s.showSchedule)
	route("DELETE "+sc, ok, s.deleteSchedule)
	route("POST "+sc+"/pause", ok, func(r *http.Request) (any, error) { return s.pauseSchedule(r, true) })
	route("POST "+sc+"/resume", ok, func(r *http.Request) (any, error) { return s.pauseSchedule(r, false) })
	// Trigger changes rebuild the engine's trigger index.
	route("GET "+wf+"/triggers", ok, func(r *http.Request) (any, error) { return s.triggersOf(r, false) })
	route("POST "+wf+"/triggers", created, changes(s.addTrigger))
	route("DELETE "+wf+"/triggers", ok, changes(func(r *http.Request) (any, error) { return s.triggersOf(r, true) }))
	route("GET "+api.PathTriggers, ok, s.allTriggers)
	route("GET "+tr, ok, s.showTrigger)
	route("DELETE "+tr, ok, changes(s.deleteTrigger))
	route("POST "+tr+"/pause", ok, changes(func(r *http.Request) (any, error) { return s.pauseTrigger(r, true) }))
	route("POST "+tr+"/resume", ok, changes(func(r *http.Request) (any, error) { return s.pauseTrigger(r, false) }))
}

func toSchedule(w storage.Workflow, sc storage.Schedule) api.Schedule {
	out := api.Schedule{ID: sc.ID, WorkflowID: sc.WorkflowID, Namespace: w.Namespace, Workflow: w.Name, Expression: sc.Expression,
		Paused: sc.Paused, CreateTime: sc.CreateTime, Origin: string(sc.Origin)}
	if !sc.NextFireTime.IsZero() {
		t := sc.NextFireTime
		out.NextFireTime = &t
	}
	return out
}

// toTriggers converts triggers of workflow w with their evaluations.
func toTriggers(ctx context.Context, tx storage.Tx, w storage.Workflow, trs []storage.Trigger) ([]api.Trigger, error) {
	evals, err := tx.ListTriggerEvaluations(ctx, w.ID)
	if err != nil {
		return nil, err
	}
	last := map[int64]storage.Evaluation{}
	for _, ev := range evals {
		last[ev.TriggerID] = ev
	}
	out := make([]api.Trigger, 0, len(trs))
	for _, tr := range trs {
		at := api.Trigger{ID: tr.ID, WorkflowID: tr.WorkflowID, Namespace: w.Namespace, Workflow: w.Name,
			Condition: json.RawMessage(tr.Condition), EventNamespace: tr.EventNamespace, Paused: tr.Paused,
			CreateTime: tr.CreateTime, Origin: string(tr.Origin)}
		if ev, ok := last[tr.ID]; ok {
			at.Evaluations, at.Last = ev.Count, toRuleEvaluation(ev)
		}
		out = append(out, at)
	}
	return out, nil
}

// allSchedules lists the schedules of every workflow (for completion).
func (s *Server) allSchedules(r *http.Request) (any, error) {
	ctx := r.Context()
	out := api.Schedules{Schedules: []api.Schedule{}}
	err := s.store.View(ctx, func(tx storage.Tx) error {
		scs, err := tx.ListSchedules(ctx, 0)
		if err != nil {
			return err
		}
		wfs := workflows{tx: tx}
		for _, sc := range scs {
			w, err := wfs.get(ctx, sc.WorkflowID)
			if err != nil {
				return err
			}
			out.Schedules = append(out.Schedules, toSchedule(w, sc))
		}
		return nil
	})
	return out, err
}

// workflows reads workflows by id, each once.
type workflows struct {
	tx   storage.Tx
	byID map[int64]storage.Workflow
}

func (ws *workflows) get(ctx context.Context, id int64) (storage.Workflow, error) {
	if w, ok := ws.byID[id]; ok {
		return w, nil
	}
	w, err := ws.tx.GetWorkflowByID(ctx, id)
	if err != nil {
		return w, err
	}
	if ws.byID == nil {
		ws.byID = map[int64]storage.Workflow{}
	}
	ws.byID[id] = w
	return w, nil
}

func (s *Server) addSchedule(r *http.Request) (any, error) {
	ctx := r.Context()
	var in api.AddScheduleRequest
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	var out api.Schedule
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		w, err := s.workflow(ctx, tx, r)
		if err != nil {
			return err
		}
		warnings, err := validateAdded(&ir.Workflow{Name: w.Name, Namespace: w.Namespace,
			Schedules: []*ir.Schedule{{Expression: in.Expression, Span: mark}}})
		if err != nil {
			return err
		}
		expr, err := ir.ParseExpression(in.Expression)
		if err != nil {
			return err
		}
		sc, err := tx.CreateSchedule(ctx, storage.Schedule{WorkflowID: w.ID, Expression: in.Expression,
			NextFireTime: expr.Next(time.Now()), Origin: storage.OriginAdded})
		out = toSchedule(w, sc)
		out.Diagnostics = warnings
		return err
	})
	return out, err
}

// mark is the span of a schedule or trigger being added: the definition
// it joins is decoded from its IR, which has no spans, so the diagnostics
// at mark are about the new one alone.
var mark = ir.Span{File: "\x00added"}

// validateAdded checks w, a workflow with a schedule or trigger at mark, as
// aiflow validate checks definitions. An error refuses the addition (422,
// with the message and diagnostics of validate); the warnings are returned.
func validateAdded(w *ir.Workflow) ([]api.Diagnostic, error) {
	var ds ir.Diagnostics
	var errs []string
	for _, d := range parser.Validate([]*ir.Workflow{w}) {
		if d.Span.File != mark.File {
			continue
		}
		d.Span = ir.Span{}
		ds = append(ds, d)
		if d.Severity == ir.Error {
			errs = append(errs, d.Message)
		}
	}
	if len(errs) > 0 {
		return nil, &httpError{http.StatusUnprocessableEntity, api.Error{Code: api.CodeInvalid,
			Message: strings.Join(errs, "; "), Diagnostics: toDiagnostics(ds)}}
	}
	return toDiagnostics(ds), nil
}

// pathObject reads the object of kind what whose id a path names (a
// schedule, a trigger), with its workflow.
func pathObject[T any](ctx context.Context, tx storage.Tx, r *http.Request, what string,
	get func(context.Context, int64) (T, error), workflowID func(T) int64) (storage.Workflow, T, error) {
	var zero T
	id, err := pathID(r, what)
	if err != nil {
		return storage.Workflow{}, zero, err
	}
	o, err := get(ctx, id)
	if err != nil {
		return storage.Workflow{}, zero, err
	}
	w, err := tx.GetWorkflowByID(ctx, workflowID(o))
	return w, o, err
}

// schedule reads the schedule a path names, with its workflow.
func (s *Server) schedule(ctx context.Context, tx storage.Tx, r *http.Request) (storage.Workflow, storage.Schedule, error) {
	return pathObject(ctx, tx, r, "workflow schedule", tx.GetSchedule, func(sc storage.Schedule) int64 { return sc.WorkflowID })
}

func (s *Server) showSchedule(r *http.Request) (any, error) {
	ctx := r.Context()
	var out api.Schedule
	err := s.store.View(ctx, func(tx storage.Tx) error {
		w, sc, err := s.schedule(ctx, tx, r)
		out = toSchedule(w, sc)
		return err
	})
	return out, err
}

// pauseSchedule pauses or resumes a schedule. A paused schedule has no
// next fire time; resuming computes it from now, on the grid of the
// create time for intervals, as the engine moves schedules on.
func (s *Server) pauseSchedule(r *http.Request, paused bool) (any, error) {
	ctx := r.Context()
	var out api.Schedule
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		w, sc, err := s.schedule(ctx, tx, r)
		if err != nil || sc.Paused == paused {
			out = toSchedule(w, sc)
			return err
		}
		sc.Paused, sc.NextFireTime = paused, time.Time{}
		if !paused {
			expr, err := ir.ParseExpression(sc.Expression)
			if err != nil {
				return err
			}
			sc.NextFireTime = expr.NextAfter(sc.CreateTime, time.Now())
		}
		out = toSchedule(w, sc)
		return tx.UpdateSchedule(ctx, sc)
	})
	return out, err
}

func (s *Server) deleteSchedule(r *http.Request) (any, error) {
	ctx := r.Context()
	var out api.Schedule
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		w, sc, err := s.schedule(ctx, tx, r)
		if err != nil {
			return err
		}
		out = toSchedule(w, sc)
		return tx.DeleteSchedule(ctx, sc.ID)
	})
	return out, err
}

// allTriggers lists the triggers of every workflow (for completion).
func (s *Server) allTriggers(r *http.Request) (any, error) {
	ctx := r.Context()
	out := api.Triggers{Triggers: []api.Trigger{}}
	err := s.store.View(ctx, func(tx storage.Tx) error {
		trs, err := tx.ListTriggers(ctx, 0)
		if err != nil {
			return err
		}
		// Rows are in id order: group them by workflow, then restore it.
		var order []int64
		byWF := map[int64][]storage.Trigger{}
		for _, tr := range trs {
			if byWF[tr.WorkflowID] == nil {
				order = append(order, tr.WorkflowID)
			}
			byWF[tr.WorkflowID] = append(byWF[tr.WorkflowID], tr)
		}
		for _, id := range order {
			w, err := tx.GetWorkflowByID(ctx, id)
			if err != nil {
				return err
			}
			ats, err := toTriggers(ctx, tx, w, byWF[id])
			if err != nil {
				return err
			}
			out.Triggers = append(out.Triggers, ats...)
		}
		slices.SortFunc(out.Triggers, func(a, b api.Trigger) int { return cmp.Compare(a.ID, b.ID) })
		return nil
	})
	return out, err
}

func (s *Server) addTrigger(r *http.Request) (any, error) {
	ctx := r.Context()
	var in api.AddTriggerRequest
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	cond, err := triggerCondition(in)
	if err != nil {
		return nil, err
	}
	if err := checkConditionKeys(cond); err != nil {
		return nil, err
	}
	if in.EventNamespace != "" {
		if err := checkName("namespace", in.EventNamespace); err != nil {
			return nil, err
		}
	}
	var out api.Trigger
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		w, err := s.workflow(ctx, tx, r)
		if err != nil {
			return err
		}
		// The workflow's tasks resolve task-status conditions on them.
		sn, err := tx.LatestSnapshotHeader(ctx, w.ID)
		if err != nil {
			return err
		}
		def, err := ir.DecodeWorkflow(sn.IR)
		if err != nil {
			return err
		}
		markConditions(cond)
		check := &ir.Workflow{Name: w.Name, Namespace: w.Namespace, Tasks: def.Tasks,
			Triggers: []*ir.Trigger{{Condition: cond, Span: mark}}}
		check.Canonicalize()
		warnings, err := validateAdded(check)
		if err != nil {
			return err
		}
		data, err := json.Marshal(cond)
		if err != nil {
			return err
		}
		ns := in.EventNamespace
		if ns == w.Namespace {
			ns = ""
		}
		tr, err := tx.CreateTrigger(ctx, storage.Trigger{WorkflowID: w.ID, Condition: data, EventNamespace: ns, Origin: storage.OriginAdded})
		if err != nil {
			return err
		}
		ats, err := toTriggers(ctx, tx, w, []storage.Trigger{tr})
		if err != nil {
			return err
		}
		out = ats[0]
		out.Diagnostics = warnings
		return nil
	})
	return out, err
}

// triggerCondition is the condition an add asks for: Condition read
// strictly, so that a misspelt field is reported rather than dropped, else
// an event condition on EventKey (which validation refuses when empty).
func triggerCondition(in api.AddTriggerRequest) (*ir.Condition, error) {
	raw := bytes.TrimSpace(in.Condition)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return &ir.Condition{Kind: ir.EventCondition, Key: in.EventKey}, nil
	case in.EventKey != "":
		return nil, errorf(http.StatusBadRequest, api.CodeBadRequest, "a trigger takes event_key or condition, not both")
	}
	var c ir.Condition
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, errorf(http.StatusBadRequest, api.CodeBadRequest, "bad trigger condition: %v", err)
	}
	return &c, nil
}

// checkConditionKeys refuses event keys of c and its members that no event
// could be sent with (ir.CheckName); an empty key is left to the
// validation, which says where it is missing.
func checkConditionKeys(c *ir.Condition) error {
	if c == nil {
		return nil
	}
	for _, k := range append([]string{c.Key}, c.Keys...) {
		if k != "" {
			if err := checkName("event key", k); err != nil {
				return err
			}
		}
	}
	for _, sub := range c.Conditions {
		if err := checkConditionKeys(sub); err != nil {
			return err
		}
	}
	return nil
}

// markConditions puts c and its members at mark, where the expression
// checks look for them.
func markConditions(c *ir.Condition) {
	if c == nil {
		return
	}
	c.Span = mark
	for _, sub := range c.Conditions {
		markConditions(sub)
	}
}

// trigger reads the trigger a path names, with its workflow.
func (s *Server) trigger(ctx context.Context, tx storage.Tx, r *http.Request) (storage.Workflow, storage.Trigger, error) {
	return pathObject(ctx, tx, r, "workflow trigger", tx.GetTrigger, func(tr storage.Trigger) int64 { return tr.WorkflowID })
}

// oneTrigger converts one trigger with its evaluations.
func oneTrigger(ctx context.Context, tx storage.Tx, w storage.Workflow, tr storage.Trigger) (api.Trigger, error) {
	ats, err := toTriggers(ctx, tx, w, []storage.Trigger{tr})
	if err != nil {
		return api.Trigger{}, err
	}
	return ats[0], nil
}

func (s *Server) showTrigger(r *http.Request) (any, error) {
	ctx := r.Context()
	var out api.Trigger
	err := s.store.View(ctx, func(tx storage.Tx) error {
		w, tr, err := s.trigger(ctx, tx, r)
		if err != nil {
			return err
		}
		out, err = oneTrigger(ctx, tx, w, tr)
		return err
	})
	return out, err
}

func (s *Server) pauseTrigger(r *http.Request, paused bool) (any, error) {
	ctx := r.Context()
	var out api.Trigger
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		w, tr, err := s.trigger(ctx, tx, r)
		if err != nil {
			return err
		}
		if err := tx.SetTriggerPaused(ctx, tr.ID, paused); err != nil {
			return err
		}
		tr.Paused = paused
		out, err = oneTrigger(ctx, tx, w, tr)
		return err
	})
	return out, err
}

func (s *Server) deleteTrigger(r *http.Request) (any, error) {
	ctx := r.Context()
	var out api.Trigger
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		w, tr, err := s.trigger(ctx, tx, r)
		if err != nil {
			return err
		}
		if out, err = oneTrigger(ctx, tx, w, tr); err != nil {
			return err
		}
		return tx.DeleteTrigger(ctx, tr.ID)
	})
	return out, err
}

// inTx runs fn in a read transaction, or in a write one when write is set.
func (s *Server) inTx(ctx context.Context, write bool, fn func(storage.Tx) error) error {
	if write {
		return s.store.Update(ctx, fn)
	}
	return s.store.View(ctx, fn)
}

// schedulesOf lists the schedules of the workflow a path names; with del
// it deletes them too, declared ones included (the next upload declares
// them again).
func (s *Server) schedulesOf(r *http.Request, del bool) (any, error) {
	ctx := r.Context()
	out := api.Schedules{Schedules: []api.Schedule{}}
	err := s.inTx(ctx, del, func(tx storage.Tx) error {
		w, err := s.workflow(ctx, tx, r)
		if err != nil {
			return err
		}
		scs, err := tx.ListSchedules(ctx, w.ID)
		if err != nil {
			return err
		}
		for _, sc := range scs {
			if del {
				if err := tx.DeleteSchedule(ctx, sc.ID); err != nil {
					return err
				}
			}
			out.Schedules = append(out.Schedules, toSchedule(w, sc))
		}
		return nil
	})
	return out, err
}

// triggersOf is schedulesOf for triggers.
func (s *Server) triggersOf(r *http.Request, del bool) (any, error) {
	ctx := r.Context()
	var out api.Triggers
	err := s.inTx(ctx, del, func(tx storage.Tx) error {
		w, err := s.workflow(ctx, tx, r)
		if err != nil {
			return err
		}
		trs, err := tx.ListTriggers(ctx, w.ID)
		if err != nil {
			return err
		}
		if out.Triggers, err = toTriggers(ctx, tx, w, trs); err != nil || !del {
			return err
		}
		for _, tr := range trs {
			if err := tx.DeleteTrigger(ctx, tr.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
