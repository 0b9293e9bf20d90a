package pydef

import (
	"context"
	"testing"

	"github.com/aiflow-go/aiflow/ir"
)

// TestExpressionSpans checks the spans of an ExpressionCondition's fields:
// when is its literal's text when the literal is plain, so that CEL errors
// get exact columns, and the value's start otherwise.
func TestExpressionSpans(t *testing.T) {
	src := header + // 5 lines
		"from ai_flow.model.internal.conditions import ExpressionCondition\n" + // 6
		"with Workflow(name='w') as w:\n" + // 7
		"    t = BashOperator(name='t', bash_command='x')\n" + // 8
		"    t.action_on_condition(TaskAction.START, ExpressionCondition(expect_event_keys='k', when='é == 1', update={'n': '1'}))\n" + // 9
		"    t.action_on_condition(TaskAction.STOP, ExpressionCondition('k', \"a == 'b'\"))\n" + // 10
		"    t.action_on_condition(TaskAction.STOP, ExpressionCondition('k', 'a\\'b'))\n" + // 11
		"    t.action_on_condition(TaskAction.STOP, ExpressionCondition(f'{1}', r'x'))\n" // 12
	ws, _, diags := newTestLoader(t).Load(context.Background(), "wf.py", []byte(src))
	if diags.HasErrors() || len(ws) != 1 || len(ws[0].Rules) != 4 {
		t.Fatalf("load: %v", diags)
	}
	sp := func(l1, c1, l2, c2 int) ir.Span {
		return ir.Span{File: "wf.py", Start: ir.Pos{Line: l1, Col: c1}, End: ir.Pos{Line: l2, Col: c2}}
	}
	rules := ws[0].Rules
	tests := []struct {
		name string
		got  ir.Span
		want ir.Span
	}{
		{"plain keyword", rules[0].Condition.Fields.At("when", ir.Span{}), sp(9, 94, 9, 100)},
		{"keys", rules[0].Condition.Fields.At("expect_event_keys", ir.Span{}), sp(9, 83, 0, 0)},
		{"update (gpython places a dict at its first key)", rules[0].Condition.Fields.At("update", ir.Span{}), sp(9, 111, 0, 0)},
		{"plain positional", rules[1].Condition.Fields.At("when", ir.Span{}), sp(10, 70, 10, 78)},
		{"escape", rules[2].Condition.Fields.At("when", ir.Span{}), sp(11, 69, 0, 0)},
		{"raw after an f-string", rules[3].Condition.Fields.At("when", ir.Span{}), sp(12, 72, 0, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("span %v-%v, want %v-%v", tc.got, tc.got.End, tc.want, tc.want.End)
			}
		})
	}
}
