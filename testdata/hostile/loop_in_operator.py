# Hostile: An operator whose constructor never returns.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
def cmd():
    while True:
        pass
with Workflow(name='w') as w:
    BashOperator(name='t', bash_command=cmd())
