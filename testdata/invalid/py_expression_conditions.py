# Expression conditions: CEL errors at their column inside a plain string
# literal, at the literal otherwise, names that do not exist, bad arguments.
from ai_flow import ops
from ai_flow.model.action import TaskAction
from ai_flow.model.internal.conditions import ExpressionCondition, MeetAnyCondition, SingleEventCondition
from ai_flow.model.rule import WorkflowRule
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='cel') as w:
    train = BashOperator(name='train', bash_command='echo train')
    serve = BashOperator(name='serve', bash_command='echo serve')
    serve.action_on_condition(TaskAction.START, ExpressionCondition('num_event', 'state.sum + double(event.value) >=', {'sum': 'state.sum + double(event.value)'}))  # want bad-condition-expression 117 "syntax error in .when.*mismatched input '<EOF>'"
    serve.action_on_condition(TaskAction.START, ExpressionCondition(['a', 'b'], when="event.valu == 'x'"))  # want bad-condition-expression 92 "type error in .when.*undefined field 'valu'$"
    serve.action_on_condition(TaskAction.STOP, ExpressionCondition('a', when='event.value'))  # want bad-condition-expression 79 "must be a bool, not string"
    serve.action_on_condition(TaskAction.STOP, ExpressionCondition('a', when="tasks.trainn.status == 'FAILED'"))  # want unknown-task 85 "unknown task .trainn.; did you mean .train.\\?"
    serve.action_on_condition(TaskAction.STOP, ExpressionCondition('a', when='state.count > 2', update={'cnt': 'state.cnt + 1'}))  # want bad-condition 85 "reads state.count, which no update sets; the state keys are .cnt.$"
    serve.action_on_condition(TaskAction.STOP, ExpressionCondition('a', when='true', update={'seen': 'event.context.seen'}))  # want bad-condition-expression 94 "update .seen.*has a type only known when it runs"
    serve.action_on_condition(TaskAction.RESTART, MeetAnyCondition([
        SingleEventCondition('restart_now'),
        ExpressionCondition('b', when='event.key == \'b\' && 1 + \'x\' == 2'),  # want bad-condition-expression 39 "applied to '\\(int, string\\)' \\(column 23 of the expression\\)$"
    ]))
    serve.action_on_condition(TaskAction.RESTART, ExpressionCondition(when='true'))  # want bad-condition 51 "has no expect_event_keys"
    serve.action_on_condition(TaskAction.RESTART, ExpressionCondition('c', when=''))  # want bad-condition 82 "has no when expression"
    serve.action_on_condition(TaskAction.RESTART, ExpressionCondition('c', when=1, update={'n': 2}))  # want bad-type 81 "when of an ExpressionCondition must be a string, got int" want bad-condition 81 "has no when expression" want bad-type 92 "update .n. of an ExpressionCondition must be a string, got int"

ops.add_workflow_trigger(WorkflowRule(ExpressionCondition('model_ready', "tasks.train.status == 'SUCCESS'")), 'cel')  # want bad-condition 75 "reads tasks, but a trigger belongs to no execution"
