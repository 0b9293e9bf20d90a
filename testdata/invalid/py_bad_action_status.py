# Actions and statuses that AIFlow does not have.
from ai_flow.model.action import TaskAction
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='values') as w:
    t1 = BashOperator(name='t1', bash_command='echo 1')
    t2 = BashOperator(name='t2', bash_command='echo 2')
    t3 = BashOperator(name='t3', bash_command='echo 3')
    t2.action_on_task_status('BEGIN', {t1: TaskStatus.SUCCESS})  # want bad-value 5 "BEGIN"
    t3.action_on_task_status(TaskAction.START, {t1: 'DONE'})  # want bad-condition 5 "DONE"
