// Package state is the pure core of the engine: the task-execution state
// machine (ApplyTask), the workflow-execution state machine
// (ApplyExecution) and task-rule evaluation (EvaluateRules). Nothing here
// performs I/O or reads a clock: events carry their time, and every step
// returns the new state together with its side effects as data (Effect
// values) for the scheduler to persist and then perform.
//
// An Execution holds its status, the latest Run of every task and the Plan
// of its snapshot (NewPlan), which indexes task rules by event key so that an
// event costs time in proportion to the rules it reaches.
//
// Both machines are transition tables of {From, Event, When, To} rows,
// printed by TaskTransitions and ExecutionTransitions; a step that no row
// allows fails with an error wrapping ErrInvalidTransition that names the
// state and the event, and changes nothing. Statuses are the storage string
// types (storage.TaskStatus, storage.ExecutionStatus), whose values are
// AIFlow's.
//
// Where aiflow-go departs from AIFlow (decisions.md Fix 1-5), the doc comment
// of the row or function says so; every such difference has a test.
package state
