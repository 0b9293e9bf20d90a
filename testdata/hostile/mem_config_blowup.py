# Hostile: A workflow config that grows without end.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
cfg = {}
for i in range(10 ** 7):
    cfg['k%d' % i] = 'v' * 100
with Workflow(name='cfg', **cfg) as w:
    BashOperator(name='t', bash_command='true')
