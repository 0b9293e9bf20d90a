# Adding a number to a string raises TypeError while the file loads.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

RUNS = 3

with Workflow(name='types') as w:
    task1 = BashOperator(name='task1', bash_command='echo run ' + RUNS)  # want python-error 5 "TypeError"
