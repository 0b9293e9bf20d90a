# Schedules and triggers must name a workflow defined in the same file.
from ai_flow import ops
from ai_flow.model.internal.conditions import SingleEventCondition
from ai_flow.model.rule import WorkflowRule
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='reports') as w:
    BashOperator(name='t', bash_command='true')

ops.add_workflow_schedule('cron@0 * * * *', 'report')  # want bad-value 45 "report.*did you mean .reports."
ops.add_workflow_trigger(WorkflowRule(SingleEventCondition('go')), workflow_name='billing')  # want bad-value 82 "billing"
