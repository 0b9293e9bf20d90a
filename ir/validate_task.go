package ir

import (
	"fmt"
	"math"

	"github.com/aiflow-go/aiflow/internal/spell"
	"github.com/aiflow-go/aiflow/operator"
)

// task checks one task of w: its operator and the operator's arguments,
// retries, durations and periodic expression.
func (v *validator) task(w *Workflow, t *Task) {
	where := fmt.Sprintf("task %q in workflow %q", t.Name, w.Name)
	at := func(field string) Span { return t.Fields.At(field, t.Span) }
	switch o := operator.Lookup(t.Operator); {
	case t.Operator == "":
		v.errorf(CodeMissingArgument, at("operator"), "%s has no operator", where)
	case o == nil:
		msg := fmt.Sprintf("%s has unknown operator %q", where, t.Operator)
		v.errorf(CodeBadValue, at("operator"), "%s", spell.Suggest(msg, string(t.Operator), operator.Kinds()))
	default:
		operator.Check(t.Operator, t.Args, func(p operator.Problem) {
			sp := t.Span
			for i := len(p.At) - 1; i >= 0; i-- {
				sp = t.Fields.At(o.Field+"."+p.At[i], sp)
			}
			v.errorf(problemCodes[p.Kind], sp, "%s %s %s", t.Operator, where, p.Msg)
		})
	}
	if t.Retries < 0 {
		v.errorf(CodeBadValue, at("retries"), "%s has retries %d; it must be 0 or more", where, t.Retries)
	}
	v.seconds(at("retry_delay"), where, "retry_delay", t.RetryDelay)
	v.seconds(at("timeout"), where, "timeout", t.Timeout)
	if t.PeriodicExpression != "" {
		v.expression(at("periodic_expression"), "periodic_expression", where, t.PeriodicExpression)
	}
}

// seconds checks a duration argument: a finite number of seconds, 0 or more.
func (v *validator) seconds(span Span, where, arg string, x float64) {
	if !(x >= 0) || math.IsInf(x, 0) {
		v.errorf(CodeBadValue, span, "%s has %s %v; it must be a number of seconds, 0 or more", where, arg, x)
	}
}

// problemCodes are the diagnostic codes of operator problems.
var problemCodes = map[operator.ProblemKind]Code{
	operator.Missing:     CodeMissingArgument,
	operator.Invalid:     CodeBadValue,
	operator.NotCallable: CodeBadCallable,
}
