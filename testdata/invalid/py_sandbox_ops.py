# ops calls other than add_workflow_schedule/add_workflow_trigger would talk
# to a server; at the top level they are not allowed.
from ai_flow import ops
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='uploader') as w:
    BashOperator(name='t', bash_command='true')

ops.upload_workflows(__file__)  # want sandbox-violation 1 "upload_workflows"
