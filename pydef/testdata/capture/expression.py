# ExpressionCondition (an aiflow-go extension) under both interpreters:
# keyword and positional arguments, a single key, nested in MeetAnyCondition,
# a trigger, and arguments of the wrong types.
from ai_flow import ops
from ai_flow.model.action import TaskAction
from ai_flow.model.internal.conditions import ExpressionCondition, MeetAnyCondition
from ai_flow.model.rule import WorkflowRule
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

SUM = 'state.sum + double(event.value)'

with Workflow(name='w') as w:
    t = BashOperator(name='t', bash_command='echo')
    t.action_on_condition(TaskAction.START, ExpressionCondition(expect_event_keys='n', when=SUM + ' >= 100.0', update={'sum': SUM}))
    t.action_on_condition(TaskAction.STOP, MeetAnyCondition([ExpressionCondition(['a', 'b'], "event.value == 'x'")]))
    t.action_on_condition(TaskAction.RESTART, ExpressionCondition(expect_event_keys=[1], when=True, update={'n': 1}))
    t.action_on_condition(TaskAction.RESTART, ExpressionCondition(expect_event_keys=5, when='true', update=['n']))
    keys = ExpressionCondition('k', 'true').expect_event_keys

ops.add_workflow_trigger(WorkflowRule(ExpressionCondition(['r'], 'state.n < 3', {'n': 'state.n + 1'})), 'w')
