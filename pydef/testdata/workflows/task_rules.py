#
# The examples of AIFlow's docs/content/concepts/task_rules.md, one workflow
# each, plus the combined conditions.
#
from ai_flow import ops
from ai_flow.model.action import TaskAction
from ai_flow.model.condition import Condition
from ai_flow.model.internal.conditions import MeetAllCondition, MeetAnyCondition, SingleEventCondition
from ai_flow.model.rule import TaskRule, WorkflowRule
from ai_flow.model.state import ValueState, ValueStateDescriptor
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

# (a) start_after
with Workflow(name='start_after') as w1:
    task_1 = BashOperator(name='task_1', bash_command='echo 1')
    task_2 = BashOperator(name='task_2', bash_command='echo 2')
    task_2.start_after([task_1, task_1])

# (b) stop a task when two others succeeded
with Workflow(name='stop_on_status') as w2:
    task_1 = BashOperator(name='task_1', bash_command='sleep 10')
    task_2 = BashOperator(name='task_2', bash_command='sleep 20')
    task_3 = BashOperator(name='task_3', bash_command='sleep 100')
    task_3.action_on_task_status(action=TaskAction.STOP,
                                 upstream_task_status_dict={task_1: TaskStatus.SUCCESS,
                                                            task_2: TaskStatus.SUCCESS})

# (c) start on an event, through the workflow's own helper
with Workflow(name='on_event') as w3:
    task_1 = BashOperator(name='task_1', bash_command='echo 1')
    w3.action_on_event_received(task_name='task_1', event_key='key', action=TaskAction.START)


# (d) a condition without a consumed flag fires again after the threshold
class NumCondition(Condition):

    def __init__(self, expect_event_keys, threshold=100):
        super().__init__(expect_event_keys)
        self.threshold = threshold

    def is_met(self, event, context) -> bool:
        state: ValueState = context.get_state(ValueStateDescriptor(name='num'))
        total = (state.value() or 0) + int(event.value)
        state.update(total)
        return total >= self.threshold


with Workflow(name='custom_threshold') as w4:
    consumer = BashOperator(name='consumer', bash_command='echo consumed')
    consumer.action_on_condition(TaskAction.START, NumCondition(['num_event'], threshold=50))

# combined conditions and an explicit TaskRule
with Workflow(name='combined', namespace='rules') as w5:
    task_1 = BashOperator(name='task_1', bash_command='echo 1')
    task_2 = BashOperator(name='task_2', bash_command='echo 2')
    both = MeetAllCondition(name='both_events',
                            conditions=[SingleEventCondition('a'), SingleEventCondition('b')])
    task_1.action_on_condition(action=TaskAction.RESTART, condition=both)
    either = MeetAnyCondition([SingleEventCondition('c'), SingleEventCondition('d')])
    rule = TaskRule(condition=either, action=TaskAction.STOP)
    w5.action_on_condition(task_name='task_2', action=rule.action, condition=rule.condition)

# a trigger declared at the top level: recorded with the workflow, never sent
ops.add_workflow_trigger(WorkflowRule(condition=SingleEventCondition(expect_event_key='start_combined')),
                         workflow_name='combined', namespace='rules')
