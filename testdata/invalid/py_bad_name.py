# Names that would break event keys.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='names') as w:
    BashOperator(name='', bash_command='echo empty')  # want bad-name 23 "empty|no name"
    BashOperator(name='load.data', bash_command='echo dotted')  # want bad-name 23 "load\\.data"
