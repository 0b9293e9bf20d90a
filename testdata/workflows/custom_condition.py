"""
Three producers keep sending `num_event` with a random value; the consumer
starts once the values add up to 100 (NumCondition, kept in lib/conditions.py
so that the YAML twin can name it), and the producers stop when it succeeded.
"""
import random
import time

from ai_flow.model.action import TaskAction
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.notification.notification_client import AIFlowNotificationClient
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator

from lib.conditions import NumCondition, ThresholdCondition


def random_produce():
    notification_client = \
        AIFlowNotificationClient(server_uri='localhost:50052')
    while True:
        num = random.randint(0, 9)
        notification_client.send_event(key='num_event', value=str(num))
        print(f"Produced {num} records")
        time.sleep(1)


with Workflow(name='condition_workflow') as workflow:
    task1 = PythonOperator(name='producer_1',
                           python_callable=random_produce)
    task2 = PythonOperator(name='producer_2',
                           python_callable=random_produce)
    task3 = PythonOperator(name='producer_3',
                           python_callable=random_produce)
    task4 = BashOperator(name='consumer',
                         bash_command='echo Got 100 records.')

    task4.action_on_condition(action=TaskAction.START,
                              condition=NumCondition(expect_event_keys=['num_event']))

    task1.action_on_task_status(action=TaskAction.STOP,
                                upstream_task_status_dict={task4: TaskStatus.SUCCESS})
    task2.action_on_task_status(action=TaskAction.STOP,
                                upstream_task_status_dict={task4: TaskStatus.SUCCESS})
    task3.action_on_task_status(action=TaskAction.STOP,
                                upstream_task_status_dict={task4: TaskStatus.SUCCESS})

    alert = BashOperator(name='alert', bash_command='echo a producer sent a 9')
    alert.action_on_condition(TaskAction.RESTART, ThresholdCondition('num_event', threshold=9))
