# Hostile: 20,000 tasks, each after the 20 before it, then a duplicate name.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='many') as w:
    ts = []
    for i in range(20000):
        t = BashOperator(name='t%d' % i, bash_command='echo')
        if ts:
            t.start_after(ts[-20:])
        ts.append(t)
    BashOperator(name='t0', bash_command='echo')
