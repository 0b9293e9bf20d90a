# A top-level loop that never ends exhausts the load budget.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='spin') as w:
    BashOperator(name='t', bash_command='true')

n = 0
while True: n += 1  # want load-budget-exceeded 1 "budget|loop"
