package pyhost

import (
	"github.com/go-python/gpython/py"
	"github.com/go-python/gpython/vm"
)

// startBudget gives the next entry point a fresh step budget: a budget
// that ran out stays exhausted (py.BudgetExceeded is sticky) until here.
func (c *hostContext) startBudget() {
	c.budget = py.NewBudget(py.ContextOpts{MaxSteps: c.s.opts.MaxSteps, MaxDepth: c.s.opts.MaxDepth, Done: c.s.opts.Done, MaxAlloc: c.s.opts.MaxAlloc})
}

// startLimitedBudget is startBudget for CallLimited: its own step limit,
// and done (which merges Options.Done with the call's limits) polled
// every doneEvery instructions.
func (c *hostContext) startLimitedBudget(steps int64, done <-chan struct{}) {
	c.budget = py.NewBudget(py.ContextOpts{MaxSteps: steps, MaxDepth: c.s.opts.MaxDepth, Done: done, DoneEvery: doneEvery, MaxAlloc: c.s.opts.MaxAlloc})
}

// Budget implements py.BudgetHolder: the VM counts instructions against it.
func (c *hostContext) Budget() *py.Budget { return c.budget }

// isBudgetExceeded reports whether typ is the interpreter's budget
// exception.
func isBudgetExceeded(typ *py.Type) bool { return typ.IsSubtype(py.BudgetExceeded) }

// evalCodeLocals runs code with separate globals and locals.
func evalCodeLocals(ctx py.Context, code *py.Code, globals, locals py.StringDict, closure py.Tuple) (py.Object, error) {
	return vm.EvalCode(ctx, code, globals, locals, nil, nil, nil, nil, closure)
}
