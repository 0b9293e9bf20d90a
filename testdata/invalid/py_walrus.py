# The walrus operator is Python 3.8 syntax the definition loader does not run.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='walrus') as w:
    if (n := 3) > 2:  # want unsupported-syntax 11 "walrus|:="
        BashOperator(name='t', bash_command='echo ' + str(n))
