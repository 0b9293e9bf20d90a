# The task_rules.md examples: start_after, STOP when two tasks succeeded,
# reacting to FAILED, and the general condition forms.
from ai_flow.model.action import TaskAction
from ai_flow.model.internal.conditions import (MeetAllCondition, MeetAnyCondition,
                                               SingleEventCondition, TaskStatusAllMetCondition,
                                               TaskStatusCondition)
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='task_rules_workflow') as workflow:
    task_1 = BashOperator(name='task_1', bash_command='sleep 10')
    task_2 = BashOperator(name='task_2', bash_command='sleep 20')
    task_3 = BashOperator(name='task_3', bash_command='sleep 100')
    # task_3 is stopped once task_1 and task_2 both succeeded
    task_3.action_on_task_status(TaskAction.STOP, {
        task_1: TaskStatus.SUCCESS,
        task_2: TaskStatus.SUCCESS,
    })

    alert = BashOperator(name='alert', bash_command='echo "task_1 failed"')
    alert.action_on_task_status(action=TaskAction.START,
                                upstream_task_status_dict={task_1: TaskStatus.FAILED})

    both = BashOperator(name='both_events', bash_command='echo both arrived')
    both.action_on_condition(action=TaskAction.START,
                             condition=MeetAllCondition(name='both_events_state',
                                                        conditions=[SingleEventCondition('a'),
                                                                    SingleEventCondition('b')]))

    either = BashOperator(name='either', bash_command='echo one of them')
    either.action_on_condition(TaskAction.START,
                               MeetAnyCondition(conditions=[
                                   SingleEventCondition('a'),
                                   TaskStatusCondition('task_rules_workflow', 'task_2', 'default',
                                                       TaskStatus.STOPPED),
                               ]))

    explicit = BashOperator(name='explicit_all_met', bash_command='echo all met')
    explicit.action_on_condition(TaskAction.START, TaskStatusAllMetCondition([
        TaskStatusCondition(workflow_name='task_rules_workflow', task_name='task_1',
                            namespace='default', expect_status=TaskStatus.SUCCESS),
        TaskStatusCondition(workflow_name='task_rules_workflow', task_name='alert',
                            namespace='default', expect_status=TaskStatus.SUCCESS),
    ]))
    explicit.action_on_condition(TaskAction.RESTART,
                                 TaskStatusCondition('task_rules_workflow', 'either', 'default',
                                                     TaskStatus.SUCCESS))

    nested = BashOperator(name='nested', bash_command='echo nested')
    nested.action_on_condition(TaskAction.START, MeetAnyCondition([
        MeetAllCondition('nested_state', [SingleEventCondition('x'), SingleEventCondition('y')]),
        SingleEventCondition('z'),
    ]))
