# Two workflows: the first sends `trigger_workflow`, which starts a new
# execution of the second through a workflow trigger.
from ai_flow import ops
from ai_flow.model.internal.conditions import SingleEventCondition
from ai_flow.model.rule import WorkflowRule
from ai_flow.model.workflow import Workflow
from ai_flow.notification.notification_client import AIFlowNotificationClient
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator


def send_event():
    print("Sending event...")
    client = AIFlowNotificationClient(server_uri='localhost:50052')
    client.send_event(key='trigger_workflow', value=None)


with Workflow(name='event_trigger_workflow_1') as w1:
    event_task = PythonOperator(name='event_task',
                                python_callable=send_event)

with Workflow(name='event_trigger_workflow_2') as w2:
    task1 = BashOperator(name='task1', bash_command='echo I am 1st task.')

trigger_rule = WorkflowRule(SingleEventCondition(expect_event_key="trigger_workflow"))
ops.add_workflow_trigger(rule=trigger_rule, workflow_name='event_trigger_workflow_2')


if __name__ == "__main__":
    # Only when run by hand: upload and start (never on load).
    ops.upload_workflows(__file__)
    ops.start_workflow_execution('event_trigger_workflow_1')
