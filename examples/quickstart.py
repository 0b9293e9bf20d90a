# AIFlow's quickstart, unchanged: task1 and task2 start at once, task3 when
# both succeeded, and task4 when task3 sends the event "key".
import time

from ai_flow.model.action import TaskAction
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.notification.notification_client import AIFlowNotificationClient
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator


def func():
    time.sleep(5)
    notification_client = AIFlowNotificationClient("localhost:50052")
    print(f"Sending event with key: key")
    notification_client.send_event(key='key', value='')


with Workflow(name='quickstart_workflow') as w1:
    task1 = BashOperator(name='task1', bash_command='echo I am 1st task.')
    task2 = BashOperator(name='task2', bash_command='echo I am 2nd task.')
    task3 = PythonOperator(name='task3', python_callable=func)
    task4 = BashOperator(name='task4', bash_command='echo I am 4th task.')

    task3.action_on_task_status(TaskAction.START, {
        task1: TaskStatus.SUCCESS,
        task2: TaskStatus.SUCCESS
    })
    task4.action_on_event_received(action=TaskAction.START, event_key='key')
