# Hostile: 100 tasks with 60 MB commands.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
with Workflow(name='big') as w:
    for i in range(100):
        BashOperator(name='t%d' % i, bash_command='echo ' + 'x' * (60 << 20))
