"""
Two single-task workflows, each bound to a schedule so that a new execution
starts every minute.
"""
from ai_flow import ops
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='periodic_workflow_by_cron') as w1:
    task = BashOperator(name='task', bash_command='echo Hello World!')

with Workflow(name='periodic_workflow_by_interval') as w2:
    task = BashOperator(name='task', bash_command='echo Hello World!')

ops.add_workflow_schedule(expression="cron@*/1 * * * *",
                          workflow_name="periodic_workflow_by_cron")
ops.add_workflow_schedule("cron@0 9 1 * *", "periodic_workflow_by_cron")
ops.add_workflow_schedule("cron@CRON_TZ=Europe/Berlin 0 6 * * *", "periodic_workflow_by_cron")
ops.add_workflow_schedule(expression="interval@0 0 1 0",
                          workflow_name="periodic_workflow_by_interval")
