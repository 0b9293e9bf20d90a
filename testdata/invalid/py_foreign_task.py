# A rule of one workflow waits on a task of another: its status events never
# reach this workflow's executions.
from ai_flow.model.action import TaskAction
from ai_flow.model.internal.conditions import TaskStatusCondition
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='producer') as p:
    BashOperator(name='extract', bash_command='echo extract')

with Workflow(name='consumer') as c:
    load = BashOperator(name='load', bash_command='echo load')
    load.action_on_condition(TaskAction.START,
                             TaskStatusCondition('producer', 'extract', 'default', TaskStatus.SUCCESS))  # want foreign-task 30 "extract.*producer"
