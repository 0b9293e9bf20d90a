# Numeric days of week: AIFlow read 0 as Monday, aiflow-go reads it as Sunday.
from ai_flow import ops
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='weekly') as w:
    BashOperator(name='monday', bash_command='true', periodic_expression='cron@0 9 * * 1')  # want numeric-weekday 74 "Monday|Sunday|day-of-week"

ops.add_workflow_schedule('cron@30 6 * * 0-4', 'weekly')  # want numeric-weekday 1 "Monday|Sunday|day-of-week"
