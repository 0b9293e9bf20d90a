# Two tasks wait on each other's success: neither can ever start.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='loop') as w:
    a = BashOperator(name='a', bash_command='echo a')  # want cycle 9 "a.*b.*a"
    b = BashOperator(name='b', bash_command='echo b')
    c = BashOperator(name='c', bash_command='echo c')
    a.start_after(b)
    b.start_after([a])
    c.start_after(a)
