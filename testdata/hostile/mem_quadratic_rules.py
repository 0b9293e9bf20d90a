# Hostile: Every task starts after every earlier one: n^2 conditions.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
with Workflow(name='quad') as w:
    ts = []
    for i in range(20000):
        t = BashOperator(name='t%d' % i, bash_command='true')
        if ts:
            t.start_after(ts)
        ts.append(t)
