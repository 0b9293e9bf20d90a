#
# Modelled on AIFlow's samples/custom_condition: three producers send random
# numbers; the consumer starts when NumCondition has summed 100 of them, and
# the producers stop when the consumer succeeded.
#
import random
import time

from ai_flow.model.action import TaskAction
from ai_flow.model.condition import Condition
from ai_flow.model.context import Context
from ai_flow.model.state import ValueState, ValueStateDescriptor
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.notification.notification_client import AIFlowNotificationClient
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator
from notification_service.model.event import Event


class Consumer(object):
    def __init__(self):
        self.accumulator = 0
        self.is_consumed = False


class NumCondition(Condition):

    def is_met(self, event: Event, context: Context) -> bool:
        state: ValueState = context.get_state(ValueStateDescriptor(name='count'))
        consumer: Consumer = state.value()
        if consumer is None:
            consumer = Consumer()
        if consumer.is_consumed:
            return False
        consumer.accumulator += int(event.value)
        state.update(consumer)
        if consumer.accumulator >= 100:
            consumer.is_consumed = True
            state.update(consumer)
            return True
        return False


def random_produce():
    notification_client = AIFlowNotificationClient(server_uri='localhost:50052')
    while True:
        num = random.randint(0, 9)
        print(f"Sending number {num}")
        notification_client.send_event(Event(key='num_event', value=str(num)))
        time.sleep(1)


with Workflow(name='condition_workflow') as workflow:
    task1 = PythonOperator(name='producer_1', python_callable=random_produce)
    task2 = PythonOperator(name='producer_2', python_callable=random_produce)
    task3 = PythonOperator(name='producer_3', python_callable=random_produce)
    task4 = BashOperator(name='consumer', bash_command='echo "100 numbers consumed!"')

    task4.action_on_condition(action=TaskAction.START,
                              condition=NumCondition(expect_event_keys=['num_event']))
    task1.action_on_task_status(TaskAction.STOP, {task4: TaskStatus.SUCCESS})
    task2.action_on_task_status(TaskAction.STOP, {task4: TaskStatus.SUCCESS})
    task3.action_on_task_status(TaskAction.STOP, {task4: TaskStatus.SUCCESS})
