# Rules that name tasks the workflow does not have.
from ai_flow.model.action import TaskAction
from ai_flow.model.internal.conditions import TaskStatusCondition
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='ghosts') as w:
    t1 = BashOperator(name='t1', bash_command='echo 1')
    t1.action_on_condition(TaskAction.START,
                           TaskStatusCondition('ghosts', 'prepare', 'default', TaskStatus.SUCCESS))  # want unknown-task 28 "prepare"
    w.action_on_event_received('t2', 'go', TaskAction.START)  # want unknown-task 5 "t2"
