package server

import (
	"context"
	"errors"
	"strings"

	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/pydef"
	"github.com/aiflow-go/aiflow/storage"
)

// Conditions adapts pydef's interpreters of custom Python conditions to
// the engine, which cannot import pydef.
func Conditions(cs *pydef.Conditions) engine.Conditions { return conditions{cs} }

type conditions struct{ cs *pydef.Conditions }

// Bind implements engine.Conditions.
func (c conditions) Bind(id int64, load func() (storage.Snapshot, error)) state.Python {
	return boundConditions{cs: c.cs, id: id, load: func() (pydef.Snapshot, error) {
		sn, err := load()
		if err != nil {
			return pydef.Snapshot{}, err
		}
		files := make([]pydef.SnapshotFile, len(sn.Files))
		for i, f := range sn.Files {
			files[i] = pydef.SnapshotFile{Path: f.Path, Data: f.Data}
		}
		return pydef.Snapshot{ID: sn.ID, SourceName: sn.SourceName, Source: sn.Source, Files: files}, nil
	}}
}

// Keep implements engine.Conditions.
func (c conditions) Keep(ids []int64) { c.cs.Keep(ids) }

// boundConditions evaluates the custom conditions of one snapshot.
type boundConditions struct {
	cs   *pydef.Conditions
	id   int64
	load func() (pydef.Snapshot, error)
}

// IsMet implements state.Python.
func (b boundConditions) IsMet(c *ir.Condition, in state.Input) (bool, error) {
	ev := in.Event
	call := pydef.ConditionCall{
		Condition: c,
		Event: pydef.ConditionEvent{Key: ev.Key, Value: ev.Value, Namespace: ev.Namespace, Sender: ev.Sender,
			Context: ev.Context, Offset: ev.Offset, Time: ev.Time},
		Namespace: in.Scope.Namespace, Workflow: in.Scope.Workflow,
		WorkflowID: in.Scope.WorkflowID, ExecutionID: in.Scope.ExecutionID,
		State: in.State,
	}
	if in.Latest != nil {
		call.TaskStatus = func(task string) (string, bool) {
			r, ok := in.Latest[task]
			return string(r.Status), ok
		}
	}
	// The evaluation has limits of its own; the engine's step is not
	// cancelled midway.
	met, err := b.cs.IsMet(context.Background(), b.id, b.load, call)
	var ce *pydef.ConditionError
	if errors.As(err, &ce) && len(ce.Traceback) > 1 {
		err = tracebackError{ce}
	}
	return met, err
}

// tracebackError shows the user's frames of a condition's exception below
// its message, as the rule inspection and the server log print it.
type tracebackError struct{ *pydef.ConditionError }

func (e tracebackError) Error() string {
	return e.ConditionError.Error() + "\nTraceback (most recent call last):\n  " + strings.Join(e.Traceback, "\n  ")
}

func (e tracebackError) Unwrap() error { return e.ConditionError }
