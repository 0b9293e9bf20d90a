# Running a process while the definition loads is not allowed.
import os

from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

os.system('touch /tmp/loaded')  # want sandbox-violation 1 "system"

with Workflow(name='sys') as w:
    BashOperator(name='t', bash_command='true')
