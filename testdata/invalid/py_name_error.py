# A task refers to an upstream that was never defined.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='names') as w:
    task1 = BashOperator(name='task1', bash_command='echo 1')
    task2 = BashOperator(name='task2', bash_command='echo 2')
    task2.start_after(task0)  # want python-error 23 "NameError.*task0"
