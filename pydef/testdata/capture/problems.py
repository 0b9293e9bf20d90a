# Problems the shim records instead of failing: a task outside any
# workflow, a nested workflow, an unbound workflow, a caught server call.
from ai_flow import ops
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

orphan = BashOperator(name='orphan', bash_command='echo')

with Workflow(name='outer') as outer:
    BashOperator(name='a', bash_command='echo a')
    with Workflow(name='inner') as inner:
        BashOperator(name='b', bash_command='echo b')

with Workflow(name='unbound'):
    BashOperator(name='c')

try:
    ops.upload_workflows('x.py')
except RuntimeError:
    pass
