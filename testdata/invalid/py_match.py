# A match statement (Python 3.10) is not supported by the definition loader.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

MODE = 'daily'

with Workflow(name='matcher') as w:
    match MODE:  # want unsupported-syntax 5 "match"
        case 'daily':
            BashOperator(name='t', bash_command='echo daily')
        case _:
            BashOperator(name='t', bash_command='echo other')
