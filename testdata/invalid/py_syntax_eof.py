# An unclosed call runs into the end of the file.
# want@9 syntax-error 1 "EOF|unexpected|never closed|\\("
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='broken') as w:
    t1 = BashOperator(name='t1',
                      bash_command='echo 1'
