# Writing a file while the definition loads is not allowed.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='writer') as w:
    BashOperator(name='t', bash_command='true')

with open('/tmp/aiflow-loaded.txt', 'w') as f:  # want sandbox-violation 1 "open|write"
    f.write('loaded')
