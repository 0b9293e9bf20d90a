// Package celcond compiles and evaluates expression conditions, an
// aiflow-go extension to AIFlow's conditions: a rule or trigger whose
// condition is a CEL expression (github.com/google/cel-go) over the event
// that arrived, the task statuses of the execution and a durable state map.
//
// An expression condition (ir.ExpressionCondition) listens to the event keys
// Keys, is met when When is true, and after every evaluation sets the state
// key of every Update entry to the value of its expression. The expressions
// see three variables:
//
//   - event: key, value, namespace, sender (strings), context (a map parsed
//     from the event's JSON context; empty when there is none or it is not a
//     JSON object), offset (int) and create_time (timestamp).
//   - tasks: a map from the name of each task of the workflow to an object
//     whose status is the status of the task's latest run in this execution,
//     "" if it never ran: tasks.train.status == 'SUCCESS'. A trigger has no
//     execution and may not use tasks.
//   - state: the condition's durable map, with one field per Update key.
//
// Evaluation: When is evaluated first, then every Update expression, all
// against the state as it was before (a simultaneous assignment); the next
// state is the old one with the updated keys. If any expression fails, the
// evaluation is an error: the condition is not met and the state is kept.
// Before a key is first written (or when it holds a value of another type),
// state.<key> reads as the zero value of its update expression's type: 0,
// 0u, 0.0, "", false, [] or {}. has(state.<key>) tells whether it was
// written. So a running sum works from the first event:
//
//	when:   state.sum + double(event.value) >= 100.0
//	update: {sum: state.sum + double(event.value)}
//
// Types are checked when a definition is validated: When must be a bool,
// every Update expression must have a JSON-storable type (int, uint, double,
// string, bool, a list, a map with string keys), state.<key> must name an
// Update key and tasks.<name> a task of the workflow. The type of state.<key>
// is that of its update expression, inferred even when the expressions read
// each other's keys.
//
// Each expression may cost at most CostLimit units per evaluation (about one
// unit per operation, list element or map entry visited, and per few
// characters of a string compared or copied); a costlier evaluation, such as
// a comprehension over a huge list, stops with an error instead of running
// long.
//
// The state is stored as JSON (EncodeState, DecodeState) that keeps the CEL
// types apart: an int stays an int and a double a double.
package celcond
