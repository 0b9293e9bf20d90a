#
# Modelled on AIFlow's samples/event_trigger_workflow: workflow_1 sends an
# event that triggers workflow_2. The __main__ block uploads and starts them
# when the file is run as a script; loading the definition never runs it.
#
import os

from ai_flow import ops
from ai_flow.model.internal.conditions import SingleEventCondition
from ai_flow.model.rule import WorkflowRule
from ai_flow.model.workflow import Workflow
from ai_flow.notification.notification_client import AIFlowNotificationClient
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator
from notification_service.model.event import Event


def send_event():
    notification_client = AIFlowNotificationClient(server_uri='localhost:50052')
    notification_client.send_event(Event(key='trigger_workflow', value=None))


with Workflow(name='workflow_1') as w1:
    event_task = PythonOperator(name='event_task', python_callable=send_event)

with Workflow(name='workflow_2') as w2:
    task1 = BashOperator(name='task1', bash_command='echo I am 1st task.')


if __name__ == '__main__':
    current_file = os.path.abspath(__file__)
    ops.upload_workflows(current_file)
    ops.add_workflow_trigger(rule=WorkflowRule(SingleEventCondition('trigger_workflow')),
                             workflow_name='workflow_2')
    ops.start_workflow_execution('workflow_1')
