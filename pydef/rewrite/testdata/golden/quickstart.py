# The AIFlow quickstart: two bash tasks, a Python task that starts when both
# succeeded and sends an event, and a bash task started by that event.
import time

from ai_flow.model.action import TaskAction
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.notification.notification_client import AIFlowNotificationClient
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator

EVENT_KEY = "key"


def func():
    time.sleep(5)
    notification_client = AIFlowNotificationClient("localhost:50052")
    notification_client.send_event(key=EVENT_KEY,
                                   value=f"task3 slept {5} seconds and says hello to {EVENT_KEY!r}")


with Workflow(name='quickstart_workflow') as w1:
    task1 = BashOperator(name='task1', bash_command='echo I am 1st task.')
    task2 = BashOperator(name='task2', bash_command='echo I am 2nd task.')
    task3 = PythonOperator(name='task3', python_callable=func)
    task4 = BashOperator(name='task4', bash_command='echo I am 4th task.')

    task3.action_on_task_status(TaskAction.START, {
        task1: TaskStatus.SUCCESS,
        task2: TaskStatus.SUCCESS
    })

    task4.action_on_event_received(action=TaskAction.START, event_key=EVENT_KEY)
