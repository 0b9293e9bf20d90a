# An extra closing parenthesis.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='broken') as w:
    t1 = BashOperator(name='t1', bash_command='echo 1'))  # want syntax-error 56 "invalid syntax|unmatched|\\)"
