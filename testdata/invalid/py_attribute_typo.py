# A misspelled method: start_afterr.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='typo') as w:
    task1 = BashOperator(name='task1', bash_command='echo 1')
    task2 = BashOperator(name='task2', bash_command='echo 2')
    task2.start_afterr([task1])  # want python-error 5 "AttributeError.*start_afterr"
