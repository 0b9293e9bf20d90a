# An operator created outside any `with Workflow` block.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

stray = BashOperator(name='stray', bash_command='echo lost')  # want task-outside-workflow 9 "stray|with Workflow"

with Workflow(name='home') as w:
    BashOperator(name='t', bash_command='echo home')
