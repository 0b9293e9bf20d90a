# want@1 no-workflow 1 "workflow"
# This file imports ai_flow but never creates a Workflow.
from ai_flow.operators.bash import BashOperator


def make(name):
    return BashOperator(name=name, bash_command='echo ' + name)
