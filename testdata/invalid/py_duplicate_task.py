# AIFlow silently replaces a task defined twice; aiflow-go reports it.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='dups') as w:
    a = BashOperator(name='extract', bash_command='echo 1')
    b = BashOperator(name='load', bash_command='echo 2')
    c = BashOperator(name='extract', bash_command='echo 3')  # want duplicate-task 27 "extract"
