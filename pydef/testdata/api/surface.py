#
# AIFlow's public Python API as a workflow file sees it: every name imported
# from AIFlow's own module path (re-exports included), objects built with
# AIFlow's keyword names, and attribute reads. check() raises when the shim
# disagrees with AIFlow, which fails the load.
#
import json

import ai_flow.model.internal.conditions as conditions_module
import ai_flow.model.internal.contexts as contexts
import ai_flow.model.operator as operator_module
import ai_flow.model.workflow as workflow_module
import ai_flow.operators.flink.flink_operator as flink_module
import ai_flow.operators.spark.spark_submit as spark_submit_module
import notification_service.client.notification_client as ns_client
from ai_flow import ops
from ai_flow.common.env import expand_env_var
from ai_flow.common.exception.exceptions import AIFlowConfigException, AIFlowDBException, AIFlowException, \
    AIFlowK8sException, AIFlowYAMLException, TaskFailedException, TaskForceStoppedException
from ai_flow.model.action import TaskAction
from ai_flow.model.condition import Condition
from ai_flow.model.context import Context
from ai_flow.model.execution_type import ExecutionType
from ai_flow.model.internal.conditions import MeetAllCondition, MeetAnyCondition, SingleEventCondition, \
    TaskStatusAllMetCondition, TaskStatusCondition, match_events
from ai_flow.model.internal.contexts import TaskExecutionContext, WorkflowContext, WorkflowExecutionContext, \
    get_runtime_task_context, set_runtime_task_context
from ai_flow.model.internal.events import HAS_WORKFLOW_EXECUTION_ID_SET, AIFlowEventType, EventContextConstant, \
    PeriodicRunTaskEvent, PeriodicRunWorkflowEvent, ReStartTaskExecutionEvent, SchedulingEvent, SchedulingEventType, \
    StartTaskExecutionEvent, StartWorkflowExecutionEvent, StopTaskExecutionEvent, StopWorkflowExecutionEvent, \
    TaskHeartbeatTimeoutEvent, TaskStatusChangedEvent, TaskStatusEvent
from ai_flow.model.operator import AIFlowOperator, Operator, OperatorConfigItem
from ai_flow.model.rule import TaskRule, WorkflowRule
from ai_flow.model.state import State, StateDescriptor, StateType, ValueState, ValueStateDescriptor
from ai_flow.model.status import TASK_ALIVE_SET, TASK_FINISHED_SET, WORKFLOW_ALIVE_SET, WORKFLOW_FINISHED_SET, \
    TaskStatus, WorkflowStatus
from ai_flow.model.task_execution import TaskExecution, TaskExecutionKey
from ai_flow.model.workflow import Workflow, WorkflowContextManager
from ai_flow.model.workflow_execution import WorkflowExecution
from ai_flow.notification.notification_client import AIFlowNotificationClient, Event, ListenerProcessor, \
    ListenerRegistrationId
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.flink.flink_operator import FlinkOperator
from ai_flow.operators.python import PythonOperator
from ai_flow.operators.spark.spark_sql import SparkSqlOperator
from ai_flow.operators.spark.spark_submit import SparkSubmitOperator
from ai_flow.ops.namespace_ops import list_namespace
from ai_flow.ops.task_execution_ops import start_task_execution
from ai_flow.ops.workflow_execution_ops import delete_workflow_execution
from ai_flow.ops.workflow_ops import upload_workflows
from ai_flow.ops.workflow_schedule_ops import add_workflow_schedule
from ai_flow.ops.workflow_snapshot_ops import list_workflow_snapshots
from ai_flow.ops.workflow_trigger_ops import add_workflow_trigger
from ai_flow.rpc.client.aiflow_client import get_notification_client, get_scheduler_client
from notification_service.client.embedded_notification_client import EmbeddedNotificationClient
from notification_service.client.notification_client import NotificationClient
from notification_service.model.event import ANY_CONDITION, DEFAULT_NAMESPACE
from notification_service.model.event import Event as ServiceEvent


def check(ok, what):
    if not ok:
        raise ValueError('shim differs from AIFlow: ' + what)


# Re-exports are the same objects as the originals.
check(Event is ServiceEvent, 'notification_client.Event')
check(ListenerProcessor is ns_client.ListenerProcessor, 'notification_client.ListenerProcessor')
check(ListenerRegistrationId is ns_client.ListenerRegistrationId, 'notification_client.ListenerRegistrationId')
check(ops.add_workflow_schedule is add_workflow_schedule, 'ops.add_workflow_schedule')
check(ops.add_workflow_trigger is add_workflow_trigger, 'ops.add_workflow_trigger')
for fn in [ops.upload_workflows, ops.list_namespace, ops.start_task_execution, ops.delete_workflow_execution,
           ops.list_workflow_snapshots, upload_workflows, list_namespace, start_task_execution,
           delete_workflow_execution, list_workflow_snapshots, get_notification_client, get_scheduler_client]:
    check(callable(fn), 'ops function')
check(issubclass(EmbeddedNotificationClient, NotificationClient), 'EmbeddedNotificationClient base')
# Names AIFlow's modules import are importable from them.
check(workflow_module.TaskAction is TaskAction and workflow_module.Condition is Condition, 'workflow module')
check(workflow_module.Operator is Operator and workflow_module.TaskStatus is TaskStatus, 'workflow module')
check(operator_module.Context is Context and operator_module.Condition is Condition, 'operator module')
check(conditions_module.Event is Event and conditions_module.ValueState is ValueState, 'conditions module')
check(conditions_module.EventContextConstant is EventContextConstant, 'conditions module')
check(flink_module.expand_env_var is expand_env_var and flink_module.AIFlowException is AIFlowException,
      'flink_operator module')
check(spark_submit_module.Context is Context, 'spark_submit module')
check(DEFAULT_NAMESPACE == 'DEFAULT' and ANY_CONDITION == '*', 'event constants')

# Values that only build objects.
event = Event(key='k', value='v')
check(event.key == 'k' and event.value == 'v', 'Event(key, value)')
check(event.namespace is None and event.sender is None and event.offset is None, 'Event defaults')
check(event.context is None and event.create_time is None, 'Event defaults')
check(Event('k', 'v') == event, 'Event equality')
check(match_events(event_keys=['x', 'k'], event=event), 'match_events')

status_key = TaskStatusChangedEvent.generate_task_status_changed_event_key('team', 'w', 't')
check(status_key == '[task_status_change].team.w.t', 'task status event key ' + status_key)
changed = TaskStatusChangedEvent(workflow_name='w', workflow_execution_id=7, task_name='t',
                                 status=TaskStatus.FAILED, namespace='team')
check(changed.key == status_key and changed.value == AIFlowEventType.TASK_STATUS_CHANGED, 'TaskStatusChangedEvent')
changed_context = json.loads(changed.context)
check(changed_context[EventContextConstant.TASK_STATUS] == 'FAILED', 'TaskStatusChangedEvent context')
check(changed_context[EventContextConstant.WORKFLOW_EXECUTION_ID] == 7, 'TaskStatusChangedEvent context')
scheduling = [
    StartWorkflowExecutionEvent(workflow_id=1, snapshot_id=2),
    StopWorkflowExecutionEvent(workflow_execution_id=3),
    StartTaskExecutionEvent(workflow_execution_id=3, task_name='t'),
    ReStartTaskExecutionEvent(workflow_execution_id=3, task_name='t'),
    StopTaskExecutionEvent(workflow_execution_id=3, task_execution_id=4),
    PeriodicRunTaskEvent(workflow_execution_id=3, task_name='t'),
    PeriodicRunWorkflowEvent(workflow_id=1, schedule_id=5),
    TaskStatusEvent(workflow_execution_id=3, task_name='t', sequence_number=1, status=TaskStatus.RUNNING),
    TaskHeartbeatTimeoutEvent(workflow_execution_id=3, task_name='t', sequence_number=1),
    SchedulingEvent(scheduling_type=SchedulingEventType.PERIODIC_RUN_TASK),
]
for e in scheduling:
    check(isinstance(e, Event) and e.key == AIFlowEventType.AIFLOW_SCHEDULING_EVENT, 'scheduling event')
check(scheduling[1].value == SchedulingEventType.STOP_WORKFLOW_EXECUTION, 'scheduling event value')
check(SchedulingEventType.TASK_STATUS in HAS_WORKFLOW_EXECUTION_ID_SET, 'HAS_WORKFLOW_EXECUTION_ID_SET')
check(SchedulingEventType.START_WORKFLOW_EXECUTION not in HAS_WORKFLOW_EXECUTION_ID_SET,
      'HAS_WORKFLOW_EXECUTION_ID_SET')

check(TaskStatus.SUCCESS in TASK_FINISHED_SET and TaskStatus.RUNNING in TASK_ALIVE_SET, 'task status sets')
check(WorkflowStatus.STOPPED in WORKFLOW_FINISHED_SET and WorkflowStatus.INIT in WORKFLOW_ALIVE_SET,
      'workflow status sets')
check(TaskStatus.SUCCESS == 'SUCCESS' and TaskAction.RESTART == 'RESTART', 'str enums')
check(ExecutionType.PERIODIC == 'PERIODIC', 'ExecutionType')
check(OperatorConfigItem.PERIODIC_EXPRESSION == 'periodic_expression', 'OperatorConfigItem')
check(StateType.VALUE == 'value' and ValueStateDescriptor(name='s').name == 's', 'state')
check(issubclass(ValueState, State) and issubclass(ValueStateDescriptor, StateDescriptor), 'state classes')
check(Context().get_state(state_descriptor=ValueStateDescriptor(name='s')) is None, 'Context.get_state')
check(Context().get_task_status(task_name='t') is None, 'Context.get_task_status')
check(expand_env_var(env_var='plain/path') == 'plain/path', 'expand_env_var')

task_key = TaskExecutionKey(workflow_execution_id=3, task_name='t', seq_num=2)
check(str(task_key) == '3_t_2', 'TaskExecutionKey')
execution = TaskExecution(workflow_execution_id=3, task_name='t', sequence_number=2,
                          execution_type=ExecutionType.MANUAL)
check(execution.status == TaskStatus.INIT and execution.id is None and execution.try_number == 0, 'TaskExecution')
run = WorkflowExecution(workflow_id=1, execution_type=ExecutionType.EVENT, begin_date=None, end_date=None,
                        status=WorkflowStatus.RUNNING, id=9)
check(run.id == 9 and run.status == WorkflowStatus.RUNNING, 'WorkflowExecution')
check(get_runtime_task_context() is None and contexts.get_runtime_task_context() is None, 'no task context')
task_context = TaskExecutionContext(workflow=None, task_execution_key=task_key)
check(task_context.task_execution_key is task_key, 'TaskExecutionContext')
check(WorkflowExecutionContext(workflow=None, workflow_execution=run).workflow_execution is run,
      'WorkflowExecutionContext')
check(WorkflowContext(namespace='team', workflow=None).namespace == 'team', 'WorkflowContext')

check(ListenerRegistrationId(id='42').id == '42', 'ListenerRegistrationId')
check(NotificationClient(namespace='team', sender='me').sender == 'me', 'NotificationClient')

caught = None
try:
    raise TaskFailedException('boom')
except AIFlowException as e:
    caught = e
check(caught is not None and str(caught) == 'boom', 'AIFlowException')
for cls in [AIFlowConfigException, AIFlowDBException, AIFlowYAMLException, TaskForceStoppedException,
            AIFlowK8sException]:
    check(issubclass(cls, AIFlowException), 'exception hierarchy')


class Counter(ListenerProcessor):

    def __init__(self):
        self.counter = 0

    def process(self, events):
        self.counter += len(events)


counter = Counter()
counter.process([event, event])
check(counter.counter == 2, 'ListenerProcessor subclass')


class Echo(AIFlowOperator):

    def __init__(self, name, text, **kwargs):
        super().__init__(name, **kwargs)
        self.text = text

    def start(self, context):
        print(self.text)


class Idle(AIFlowOperator):

    def start(self, context):
        pass


class EveryOther(Condition):

    def __init__(self, expect_event_keys, every=2):
        super().__init__(expect_event_keys=expect_event_keys)
        self.every = every

    def is_met(self, event, context):
        return True


def work(x, y=1):
    return x + y


with Workflow(name='api_surface', namespace='team', owner='me') as wf:
    check(WorkflowContextManager.get_current_workflow() is wf, 'WorkflowContextManager')
    bash = BashOperator(name='bash', bash_command='echo hi', periodic_expression='cron@0 * * * *', retries=2)
    python = PythonOperator(name='python', python_callable=work, op_args=[1], op_kwargs={'y': 2})
    flink = FlinkOperator(name='flink', application='app.jar', target='yarn-per-job', application_args=['a'],
                          executable_path='/opt/flink/bin/flink', application_mode=False,
                          stop_with_savepoint=True, kubernetes_cluster_id=None, command_options='-p 2',
                          jobs_info_poll_interval=3)
    submit = SparkSubmitOperator(name='submit', application='pi.py', application_args=['10'],
                                 executable_path=None, master='local[2]', deploy_mode='client',
                                 application_name='pi', submit_options='--conf a=b', k8s_namespace=None,
                                 env_vars={'A': 'b'})
    sql = SparkSqlOperator(name='sql', sql='select 1', master='local', application_name='q',
                           executable_path=None)
    echo = Echo('echo', text='x', timeout=30)
    idle = Idle(task_name='idle')
    plain = Operator(name='plain')

    python.start_after(tasks=[bash])
    flink.action_on_task_status(action=TaskAction.START, upstream_task_status_dict={python: TaskStatus.SUCCESS})
    submit.action_on_event_received(action=TaskAction.RESTART, event_key='retrain')
    sql.action_on_condition(
        action=TaskAction.STOP,
        condition=MeetAnyCondition(conditions=[
            SingleEventCondition(expect_event_key='a'),
            TaskStatusCondition(workflow_name='api_surface', task_name='bash', namespace='team',
                                expect_status=TaskStatus.FAILED)]))
    echo.action_on_condition(TaskAction.START,
                             MeetAllCondition(name='both', conditions=[SingleEventCondition('a'),
                                                                       SingleEventCondition('b')]))
    wf.action_on_condition(task_name='idle', action=TaskAction.START,
                           condition=EveryOther(expect_event_keys=['tick'], every=3))
    wf.action_on_event_received(task_name='plain', event_key='go', action=TaskAction.START)
    wf.action_on_task_status(task_name='plain', action=TaskAction.STOP,
                             upstream_task_status_dict={bash: TaskStatus.STOPPED})
    plain.action_on_condition(action=TaskAction.RESTART, condition=TaskStatusAllMetCondition(condition_list=[
        TaskStatusCondition(workflow_name='api_surface', task_name='sql', namespace='team',
                            expect_status=TaskStatus.SUCCESS)]))

check(WorkflowContextManager.get_current_workflow() is None, 'with block left')
check(wf.name == 'api_surface' and wf.namespace == 'team' and wf.config == {'owner': 'me'}, 'Workflow attributes')
check(len(wf.tasks) == 8 and wf.tasks['bash'] is bash and wf.tasks['idle'] is idle, 'Workflow.tasks')
check(bash.workflow is wf and bash.name == 'bash' and bash.bash_command == 'echo hi', 'BashOperator attributes')
check(bash.config == {'periodic_expression': 'cron@0 * * * *', 'retries': 2}, 'Operator.config')
check(python.python_callable is work and python.op_args == [1] and python.op_kwargs == {'y': 2},
      'PythonOperator attributes')
check(idle.name == 'idle' and idle.log is not None and echo.text == 'x', 'AIFlowOperator subclasses')
check(len(wf.rules['plain']) == 3, 'Workflow.rules')
start_rule = wf.rules['python'][0]
check(isinstance(start_rule, TaskRule) and start_rule.action == TaskAction.START, 'start_after rule')
check(isinstance(start_rule.condition, TaskStatusAllMetCondition), 'start_after condition')
check(start_rule.condition.expect_event_keys == ['[task_status_change].team.api_surface.bash'],
      'start_after event keys')
check(start_rule.condition.condition_list[0].expect_status == TaskStatus.SUCCESS, 'start_after status')
any_rule = wf.rules['sql'][0]
check(any_rule.condition.expect_event_keys == ['a', '[task_status_change].team.api_surface.bash'],
      'MeetAnyCondition keys')
check(wf.rules['echo'][0].condition.name == 'both', 'MeetAllCondition name')
check(wf.rules['idle'][0].condition.every == 3, 'custom condition')

ops.add_workflow_schedule(expression='cron@0 0 * * *', workflow_name='api_surface', namespace='team')
add_workflow_schedule('interval@0 1 0 0', 'api_surface')
ops.add_workflow_trigger(rule=WorkflowRule(condition=SingleEventCondition(expect_event_key='start')),
                         workflow_name='api_surface', namespace='team')
