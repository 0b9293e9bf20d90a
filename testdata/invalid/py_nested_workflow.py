# A workflow defined inside another one.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='outer') as outer:
    BashOperator(name='t1', bash_command='echo 1')
    with Workflow(name='inner') as inner:  # want nested-workflow 10 "inner|nested|inside"
        BashOperator(name='t2', bash_command='echo 2')
