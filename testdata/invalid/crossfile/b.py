# The same workflow name as a.yaml, in the same namespace.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='shared') as w:  # want duplicate-workflow 20 "shared"
    BashOperator(name='from_python', bash_command='echo python')

with Workflow(name='shared', namespace='elsewhere') as w2:
    BashOperator(name='fine', bash_command='echo fine')
