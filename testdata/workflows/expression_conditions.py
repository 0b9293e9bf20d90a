"""
Expression conditions (an aiflow-go extension): CEL instead of a Python
Condition class. The consumer starts once the values of `num_event` add up
to 100, and stops when asked to or when training failed on a high alert; a
new execution starts on each of the first three `model_ready` events.
"""
from ai_flow import ops
from ai_flow.model.action import TaskAction
from ai_flow.model.internal.conditions import ExpressionCondition, MeetAnyCondition, SingleEventCondition
from ai_flow.model.rule import WorkflowRule
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='expression_conditions') as workflow:
    train = BashOperator(name='train', bash_command='echo train')
    consumer = BashOperator(name='consumer', bash_command='echo Got 100 records.')

    consumer.action_on_condition(TaskAction.START, ExpressionCondition(
        expect_event_keys='num_event',
        when='state.sum + double(event.value) >= 100.0',
        update={'sum': 'state.sum + double(event.value)'}))

    consumer.action_on_condition(TaskAction.STOP, MeetAnyCondition([
        SingleEventCondition('stop_now'),
        ExpressionCondition(['num_event', 'alert'],
                            "tasks.train.status == 'FAILED' || event.key == 'alert' && event.context.level == 'high'"),
    ]))

ops.add_workflow_trigger(
    WorkflowRule(ExpressionCondition(expect_event_keys=['model_ready'],
                                     when="event.value.startsWith('v') && state.seen < 3",
                                     update={'seen': 'state.seen + 1'})),
    workflow_name='expression_conditions')
