#
# A quickstart in the style of AIFlow's samples/quickstart: two bash tasks
# start at once, a python task runs when both succeeded and sends an event,
# and a fourth task starts on that event.
#
import time

from ai_flow.model.action import TaskAction
from ai_flow.model.workflow import Workflow
from ai_flow.notification.notification_client import AIFlowNotificationClient
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator
from notification_service.model.event import Event


def func():
    time.sleep(5)
    notification_client = AIFlowNotificationClient("localhost:50052")
    print(f"Sending event with key: {'key'!r} at {time.time():.0f}")
    notification_client.send_event(Event(key='key', value='value'))


with Workflow(name='quickstart_workflow') as w1:
    task1 = BashOperator(name='task1', bash_command='echo I am the 1st task.')
    task2 = BashOperator(name='task2', bash_command='echo I am the 2nd task.')
    task3 = PythonOperator(name='task3', python_callable=func)
    task4 = BashOperator(name='task4', bash_command='echo I am the 4th task.')

    task3.start_after([task1, task2])
    task4.action_on_event_received(event_key='key', action=TaskAction.START)
