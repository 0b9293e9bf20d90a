# Two workflows of one namespace share a name.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='daily') as first:
    BashOperator(name='t', bash_command='echo 1')

with Workflow(name='other', namespace='daily') as fine:
    BashOperator(name='t', bash_command='echo 2')

with Workflow(name='daily') as second:  # want duplicate-workflow 20 "daily"
    BashOperator(name='t', bash_command='echo 3')
