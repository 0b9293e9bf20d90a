# subprocess at load time is not allowed.
import subprocess

from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

VERSION = subprocess.check_output(['git', 'describe']).decode().strip()  # want sandbox-violation 1 "subprocess|process"

with Workflow(name='versioned') as w:
    BashOperator(name='t', bash_command='echo ' + VERSION)
