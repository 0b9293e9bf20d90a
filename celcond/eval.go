package celcond

import (
	"fmt"
	"maps"
	"math"
	"time"

	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/common/types/traits"
	"github.com/google/cel-go/interpreter"
)

// Event is the event an evaluation reacts to.
type Event struct {
	Key, Value, Namespace, Sender string
	// Context is the event's context as sent, usually a JSON object.
	Context string
	Offset  int64
	Time    time.Time
}

// Input is what one evaluation sees.
type Input struct {
	Event Event
	// Tasks returns the status of the latest run of a task of the
	// execution, ok false when it never ran; nil in a trigger.
	Tasks func(task string) (status string, ok bool)
	// State is the decoded state (DecodeState); nil means empty.
	State map[string]any
}

// activation binds the variables of one evaluation.
type activation struct {
	event *eventVal
	tasks *taskMap
	state *stateVal
}

func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case "event":
		return a.event, true
	case "tasks":
		return a.tasks, true
	case "state":
		return a.state, true
	}
	return nil, false
}

func (a *activation) Parent() interpreter.Activation { return nil }

// Eval returns whether when is met and the next state (a new map; in.State
// is not modified). On an error met is false and next nil: the state stays
// as it was.
func (p *Program) Eval(in Input) (met bool, next map[string]any, err error) {
	ev := in.Event
	act := &activation{
		event: &eventVal{opaque: opaque{eventType.typ}, ev: &ev},
		tasks: &taskMap{opaque: opaque{tasksType}, names: p.tasks, known: p.known, status: in.Tasks},
		state: &stateVal{opaque: opaque{p.state}, m: in.State},
	}
	out, _, err := p.when.Eval(act)
	if err != nil {
		return false, nil, fmt.Errorf("when: %w", err)
	}
	b, ok := out.(types.Bool)
	if !ok {
		return false, nil, fmt.Errorf("when: got %s, not a bool", out.Type().TypeName())
	}
	next = make(map[string]any, len(in.State)+len(p.updates))
	maps.Copy(next, in.State)
	for _, u := range p.updates {
		v, _, err := u.prog.Eval(act)
		if err == nil {
			next[u.key], err = native(v)
		}
		if err != nil {
			return false, nil, fmt.Errorf("update %q: %w", u.key, err)
		}
	}
	return bool(b), next, nil
}

// native converts a CEL value to the Go form of the state: int64, uint64,
// float64, string, bool, nil, []any or map[string]any.
func native(v ref.Val) (any, error) {
	switch v := v.(type) {
	case types.Int:
		return int64(v), nil
	case types.Uint:
		return uint64(v), nil
	case types.Double:
		if f := float64(v); !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f, nil
		}
		return nil, fmt.Errorf("cannot store %v: JSON has no NaN or infinity", v)
	case types.String:
		return string(v), nil
	case types.Bool:
		return bool(v), nil
	case types.Null:
		return nil, nil
	case traits.Mapper:
		out := map[string]any{}
		for it := v.Iterator(); it.HasNext() == types.True; {
			k := it.Next()
			s, ok := k.(types.String)
			if !ok {
				return nil, fmt.Errorf("cannot store a map with %s keys; the state's maps have string keys", k.Type().TypeName())
			}
			x, err := native(v.Get(k))
			if err != nil {
				return nil, err
			}
			out[string(s)] = x
		}
		return out, nil
	case traits.Lister:
		out := []any{}
		for it := v.Iterator(); it.HasNext() == types.True; {
			x, err := native(it.Next())
			if err != nil {
				return nil, err
			}
			out = append(out, x)
		}
		return out, nil
	}
	return nil, fmt.Errorf("cannot store a value of type %s", v.Type().TypeName())
}
