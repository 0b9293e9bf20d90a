# Cron expressions that can never fire.
from ai_flow import ops
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='never') as w:
    BashOperator(name='feb30', bash_command='true', periodic_expression='cron@0 0 30 2 *')  # want impossible-cron 73 "never"

ops.add_workflow_schedule(expression='cron@0 12 31 4,6,9,11 *', workflow_name='never')  # want impossible-cron 1 "never"
