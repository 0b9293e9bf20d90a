// Package engine is aiflow's event-driven scheduler: it turns events (user
// events, task process reports, timer fires, commands from the API) into task
// runs, following AIFlow's scheduling semantics (aiflow-reference.md §1-§3)
// with the fixes of decisions.md.
//
// The engine is split the way temporal's hsm package splits its machines:
//
//   - engine/state is the pure core: the task-execution and
//     workflow-execution state machines and the evaluation of task rules. It
//     does no I/O, starts no goroutine and reads no clock; time arrives on
//     the events. Every step returns the new state and its side effects as
//     data (start a process, kill one, arm a timer, publish a task-status
//     event).
//   - the scheduler (this package) feeds it: for each event of an
//     execution, in offset order, it loads the execution, applies the
//     event, and persists the new states, the effects and the applied event
//     offset in one storage transaction; only then does it perform the
//     effects. Because effects are derived from states, recovery after a
//     crash re-derives the pending ones instead of replaying side effects.
//
// Contract between the scheduler and engine/state:
//
//  1. An execution uses its own snapshot IR for everything (decisions.md
//     Fix 6): start, rules, completion and task policies. The scheduler
//     builds one state.Plan per snapshot (it indexes the rules by event key)
//     and shares it between the executions of that snapshot.
//  2. Custom Python conditions run in the embedded interpreter behind
//     Options.Conditions, bound to each plan's snapshot (state.Plan.Python)
//     and to a trigger's workflow's latest snapshot; expression conditions
//     are compiled with the plan. Their evaluations never fail a step: an
//     error counts as "not met" and is recorded with the rule's evaluation.
//  3. A task-status change is stored first (state.ApplyTask) and its
//     task-status event is evaluated against the execution's rules after it
//     (state.EvaluateRules), with the stored status visible in the latest
//     runs, exactly as AIFlow's TASK_STATUS-then-status-changed ordering.
//  4. Completion (state.Settle) is asked only when every task-status event
//     the execution published about itself has been evaluated; otherwise a
//     downstream task that is about to start would look as if it never
//     could.
//  5. Disabled workflows (decisions.md Fix 7) are the caller's concern: the
//     scheduler creates no execution for them, but running executions of a
//     disabled workflow continue through the same machines.
//  6. Effects on runs are applied before anything else of the same step:
//     state.StartTask creates run Seq in INIT and applies state.Queue to it;
//     state.StopTask applies state.StopRequested to the run it names. The
//     condition state returned by state.EvaluateRules (meet-all flags,
//     ValueStates, expression state maps; one storage.State row per name)
//     and the rules' evaluations are stored with the step.
//  7. Transitions the machines reject (state.ErrInvalidTransition), such as
//     a late report for a run that already finished, are logged and
//     ignored: they change nothing.
package engine
