#
# Tasks for the runner tests, written as AIFlow users write them (the
# quickstart style of AIFlow's samples). Every task writes what it did into
# its working directory.
#
import os
import threading
import time

from ai_flow.model.action import TaskAction
from ai_flow.model.operator import AIFlowOperator, Operator
from ai_flow.model.workflow import Workflow
from ai_flow.notification.notification_client import AIFlowNotificationClient, ListenerProcessor
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator
from lib.helpers import shout
from notification_service.model.event import Event


def write(name, text):
    with open(name, 'w') as f:
        f.write(text)


def write_file(name, *words, sep=' ', suffix=''):
    write(name, sep.join(words) + suffix)


def boom():
    raise ValueError('the callable failed on purpose')


def use_helper():
    write('helper.txt', shout('hello'))


def notify():
    client = AIFlowNotificationClient("localhost:50052")
    client.send_event(key='model_ready', value='v1')
    client.send_event(Event(key='other', value='v2'))
    events = client.list_events(key='model_ready')
    write('listed.txt', ','.join('%s=%s@%d' % (e.key, e.value, e.offset) for e in events))


class Collector(ListenerProcessor):

    def __init__(self):
        self.events = []
        self.done = threading.Event()

    def process(self, events):
        self.events.extend(events)
        if any(e.key == 'go' for e in self.events):
            self.done.set()


def listen():
    client = AIFlowNotificationClient("localhost:50052")
    collector = Collector()
    rid = client.register_listener(collector, event_keys=['go'])
    client.send_event('go', 'now')
    ok = collector.done.wait(10)
    client.unregister_listener(rid)
    client.close()
    write('heard.txt', '%s %s' % (ok, ','.join('%s:%s:%s' % (e.key, e.value, e.sender) for e in collector.events)))


def forge():
    AIFlowNotificationClient("localhost:50052").send_event('AIFLOW_SCHEDULING_EVENT', 'STOP')


def sleep():
    write('ready.txt', 'ready')
    time.sleep(30)


def outside():
    # Threads see the task context too; only code outside a task does not.
    from ai_flow.model.internal.contexts import set_runtime_task_context
    set_runtime_task_context(None)
    AIFlowNotificationClient("localhost:50052")


def show_params(name, params=None):
    # The parameter and the runtime context hold the execution's parameters.
    from ai_flow.model.internal.contexts import get_runtime_task_context
    write(name, '%s %s' % (sorted(params.items()), sorted(get_runtime_task_context().params.items())))


def use_ops():
    from ai_flow import ops
    ops.list_workflows()


class CountOperator(AIFlowOperator):

    def __init__(self, name, limit=3, **kwargs):
        super().__init__(name, **kwargs)
        self.limit = limit
        self.seen = []

    def start(self, context):
        self.log.info('counting to %d', self.limit)
        key = context.task_execution_key
        self.seen.append('start %s %s %s %s %s' % (context.workflow.name, context.workflow.namespace,
                                                   key.workflow_execution_id, key.task_name, key.seq_num))
        for i in range(self.limit):
            self.seen.append(str(i))

    def await_termination(self, context, timeout=None):
        self.seen.append('awaited')
        write('custom.txt', '\n'.join(self.seen))


class ServeOperator(AIFlowOperator):
    """Runs until stopped, as a streaming job does."""

    def start(self, context):
        write('ready.txt', 'ready')

    def await_termination(self, context, timeout=None):
        while True:
            time.sleep(0.05)

    def stop(self, context):
        write('stopped.txt', 'stopped ' + context.task_execution_key.task_name)


with Workflow(name='runner_flow') as w1:
    task1 = BashOperator(name='task1', bash_command='echo I am the 1st task.')
    write_task = PythonOperator(name='write', python_callable=write_file,
                                op_args=['out.txt', 'a', 'b'], op_kwargs={'sep': '-', 'suffix': '.'})
    fail_task = PythonOperator(name='boom', python_callable=boom)
    helper_task = PythonOperator(name='helper', python_callable=use_helper)
    notify_task = PythonOperator(name='notify', python_callable=notify)
    listen_task = PythonOperator(name='listen', python_callable=listen)
    outside_task = PythonOperator(name='outside', python_callable=outside)
    forge_task = PythonOperator(name='forge', python_callable=forge)
    sleep_task = PythonOperator(name='sleep', python_callable=sleep)
    count = CountOperator('count', limit=2)
    serve = ServeOperator(name='serve')
    barrier = Operator(name='barrier')
    ops_task = PythonOperator(name='ops', python_callable=use_ops)
    params_task = PythonOperator(name='params', python_callable=show_params, op_args=['params.txt'])
    given_task = PythonOperator(name='given', python_callable=show_params, op_args=['given.txt', {'own': '1'}])

    write_task.start_after([task1])
    barrier.action_on_event_received(event_key='go', action=TaskAction.START)


with Workflow(name='other_flow', namespace='team') as w2:
    PythonOperator(name='write', python_callable=write_file, op_args=['other.txt', 'other'])
