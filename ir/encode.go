package ir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"

	"github.com/aiflow-go/aiflow/operator"
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
		operator.Fill(t.Operator, t.Args, t.Name)
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
// not part of it and stay zero. Numbers in free-form values (config,
// operator and condition arguments) come back as int64 when they are
// integers that fit, float64 otherwise, as the front ends produce them: a
// plain float64 would round integers above 2^53 and make a re-encoded IR
// differ from the stored one.
func DecodeJSON(data []byte) ([]*Workflow, error) {
	var ws []*Workflow
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&ws); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid character after top-level value")
	}
	for _, w := range ws {
		fixNumbers(reflect.ValueOf(w))
	}
	return ws, nil
}

// DecodeWorkflow reads the one workflow of a stored snapshot's IR (the
// EncodeJSON form of a one-workflow list).
func DecodeWorkflow(data []byte) (*Workflow, error) {
	ws, err := DecodeJSON(data)
	if err == nil && (len(ws) != 1 || ws[0] == nil) {
		err = fmt.Errorf("want one workflow, got %d", len(ws))
	}
	if err != nil {
		return nil, fmt.Errorf("snapshot IR: %w", err)
	}
	return ws[0], nil
}

// fixNumbers replaces the json.Number values UseNumber left in the
// interface-typed parts of v by int64 or float64.
func fixNumbers(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			fixNumbers(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fixNumbers(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			fixNumbers(v.Index(i))
		}
	case reflect.Map:
		if v.Type().Elem().Kind() != reflect.Interface {
			for it := v.MapRange(); it.Next(); {
				fixNumbers(it.Value())
			}
			return
		}
		for it := v.MapRange(); it.Next(); {
			// A nil value (JSON null) must stay: SetMapIndex with the zero
			// Value would delete the key.
			if x := number(it.Value().Interface()); x != nil {
				v.SetMapIndex(it.Key(), reflect.ValueOf(x))
			}
		}
	case reflect.Interface:
		switch {
		case v.IsNil():
		case v.Elem().Kind() == reflect.Pointer: // a task's operator.Args
			fixNumbers(v.Elem())
		default:
			v.Set(reflect.ValueOf(number(v.Interface())))
		}
	}
}

// number converts json.Number inside a decoded free-form value.
func number(x any) any {
	switch x := x.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		for i, e := range x {
			x[i] = number(e)
		}
	case map[string]any:
		for k, e := range x {
			x[k] = number(e)
		}
	}
	return x
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

// MarshalJSON writes the task with its arguments under the operator's field
// name right after the operator, where the IR has always kept them.
func (t Task) MarshalJSON() ([]byte, error) {
	type fields Task
	b, err := marshal((*fields)(&t))
	if err != nil || t.Args == nil {
		return b, err
	}
	o := operator.Lookup(t.Operator)
	if o == nil || o.Field == "" {
		return nil, fmt.Errorf("task %q: operator %q takes no arguments", t.Name, t.Operator)
	}
	args, err := marshal(t.Args)
	if err != nil {
		return nil, err
	}
	head, err := marshal(struct {
		Name     string        `json:"name"`
		Operator operator.Kind `json:"operator"`
	}{t.Name, t.Operator})
	if err != nil {
		return nil, err
	}
	// b starts with head, less its closing brace: name and operator are
	// the first fields of Task.
	n := len(head) - 1
	return slices.Concat(b[:n], []byte(`,"`+o.Field+`":`), args, b[n:]), nil
}

// UnmarshalJSON reads a task written by MarshalJSON. Numbers stay
// json.Number for DecodeJSON to fix.
func (t *Task) UnmarshalJSON(data []byte) error {
	type fields Task
	if err := decode(data, (*fields)(t)); err != nil {
		return err
	}
	t.Args = nil
	o := operator.Lookup(t.Operator)
	if o == nil || o.New == nil {
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	if a, ok := raw[o.Field]; ok && string(a) != "null" {
		t.Args = o.New()
		if err := decode(a, t.Args); err != nil {
			return fmt.Errorf("task %q: %s: %w", t.Name, o.Field, err)
		}
	}
	return nil
}

// marshal is json.Marshal without HTML escapes, as EncodeJSON writes.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// decode is json.Unmarshal with numbers kept as json.Number.
func decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}
