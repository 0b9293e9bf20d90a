# Hostile: A million operators in one workflow.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
with Workflow(name='flood') as w:
    for i in range(1000000):
        BashOperator(name='t%d' % i, bash_command='true')
