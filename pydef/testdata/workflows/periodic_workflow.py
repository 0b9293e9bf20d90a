#
# Modelled on AIFlow's samples/periodic_workflow: two single-task workflows,
# one scheduled by cron and one by interval. The schedules are declared at
# the top level, where the loader records them with the workflows.
#
from ai_flow import ops
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='cron_workflow') as w1:
    BashOperator(name='hello', bash_command='echo "Hello World!"')

with Workflow(name='interval_workflow', namespace='default') as w2:
    BashOperator(name='hello', bash_command='echo "Hello World!"', retries=2, retry_delay=5.5)

ops.add_workflow_schedule('cron@*/1 * * * *', workflow_name='cron_workflow')
ops.add_workflow_schedule(expression='interval@0 0 1 0', workflow_name=w2.name, namespace='default')

if __name__ == '__main__':
    for workflow in ops.list_workflows():
        print(workflow.name)
