"""AIFlow's internal events: task status changes and scheduling commands.
They only build Event objects; sending one needs a notification client."""
import json
from enum import Enum

from notification_service.model.event import Event


class AIFlowEventType(object):
    TASK_STATUS_CHANGED = 'TASK_STATUS_CHANGED'
    AIFLOW_SCHEDULING_EVENT = 'AIFLOW_SCHEDULING_EVENT'


class SchedulingEventType(str, Enum):
    START_WORKFLOW_EXECUTION = 'START_WORKFLOW_EXECUTION'
    STOP_WORKFLOW_EXECUTION = 'STOP_WORKFLOW_EXECUTION'
    START_TASK_EXECUTION = 'START_TASK_EXECUTION'
    STOP_TASK_EXECUTION = 'STOP_TASK_EXECUTION'
    RESTART_TASK_EXECUTION = 'RESTART_TASK_EXECUTION'
    PERIODIC_RUN_WORKFLOW = 'PERIODIC_RUN_WORKFLOW'
    PERIODIC_RUN_TASK = 'PERIODIC_RUN_TASK'
    TASK_STATUS = 'TASK_STATUS'
    TASK_HEARTBEAT_TIMEOUT = 'TASK_HEARTBEAT_TIMEOUT'


HAS_WORKFLOW_EXECUTION_ID_SET = {
    SchedulingEventType.STOP_WORKFLOW_EXECUTION,
    SchedulingEventType.START_TASK_EXECUTION,
    SchedulingEventType.RESTART_TASK_EXECUTION,
    SchedulingEventType.STOP_TASK_EXECUTION,
    SchedulingEventType.PERIODIC_RUN_TASK,
    SchedulingEventType.TASK_STATUS,
    SchedulingEventType.TASK_HEARTBEAT_TIMEOUT,
}


class EventContextConstant(object):
    NAMESPACE = 'namespace'
    WORKFLOW_NAME = 'workflow_name'
    WORKFLOW_ID = 'workflow_id'
    WORKFLOW_EXECUTION_ID = 'workflow_execution_id'
    TASK_NAME = 'task_name'
    TASK_EXECUTION_ID = 'task_execution_id'
    WORKFLOW_SCHEDULE_ID = 'workflow_schedule_id'
    WORKFLOW_SNAPSHOT_ID = 'workflow_snapshot_id'
    SEQUENCE_NUMBER = 'sequence_number'
    TASK_STATUS = 'task_status'


def _value(status):
    # A TaskStatus member or the plain string it stands for.
    return getattr(status, 'value', status)


class TaskStatusChangedEvent(Event):

    def __init__(self, workflow_name, workflow_execution_id, task_name, status, namespace):
        key = TaskStatusChangedEvent.generate_task_status_changed_event_key(
            namespace, workflow_name, task_name)
        Event.__init__(self, key=key, value=AIFlowEventType.TASK_STATUS_CHANGED)
        self.context = json.dumps({EventContextConstant.NAMESPACE: namespace,
                                   EventContextConstant.WORKFLOW_EXECUTION_ID: workflow_execution_id,
                                   EventContextConstant.WORKFLOW_NAME: workflow_name,
                                   EventContextConstant.TASK_NAME: task_name,
                                   EventContextConstant.TASK_STATUS: _value(status)})

    @classmethod
    def event_key_prefix(cls):
        return '[task_status_change]'

    @classmethod
    def generate_task_status_changed_event_key(cls, namespace, workflow_name, task_name):
        return '%s.%s.%s.%s' % (cls.event_key_prefix(), namespace, workflow_name, task_name)


class SchedulingEvent(Event):

    def __init__(self, scheduling_type):
        Event.__init__(self, key=AIFlowEventType.AIFLOW_SCHEDULING_EVENT, value=scheduling_type)


class StartWorkflowExecutionEvent(SchedulingEvent):

    def __init__(self, workflow_id, snapshot_id):
        SchedulingEvent.__init__(self, SchedulingEventType.START_WORKFLOW_EXECUTION)
        self.context = json.dumps({EventContextConstant.WORKFLOW_ID: workflow_id,
                                   EventContextConstant.WORKFLOW_SNAPSHOT_ID: snapshot_id})


class StopWorkflowExecutionEvent(SchedulingEvent):

    def __init__(self, workflow_execution_id):
        SchedulingEvent.__init__(self, SchedulingEventType.STOP_WORKFLOW_EXECUTION)
        self.context = json.dumps({EventContextConstant.WORKFLOW_EXECUTION_ID: workflow_execution_id})


class StartTaskExecutionEvent(SchedulingEvent):

    def __init__(self, workflow_execution_id, task_name):
        SchedulingEvent.__init__(self, SchedulingEventType.START_TASK_EXECUTION)
        self.context = json.dumps({EventContextConstant.WORKFLOW_EXECUTION_ID: workflow_execution_id,
                                   EventContextConstant.TASK_NAME: task_name})


class ReStartTaskExecutionEvent(SchedulingEvent):

    def __init__(self, workflow_execution_id, task_name):
        SchedulingEvent.__init__(self, SchedulingEventType.RESTART_TASK_EXECUTION)
        self.context = json.dumps({EventContextConstant.WORKFLOW_EXECUTION_ID: workflow_execution_id,
                                   EventContextConstant.TASK_NAME: task_name})


class StopTaskExecutionEvent(SchedulingEvent):

    def __init__(self, workflow_execution_id, task_execution_id):
        SchedulingEvent.__init__(self, SchedulingEventType.STOP_TASK_EXECUTION)
        self.context = json.dumps({EventContextConstant.WORKFLOW_EXECUTION_ID: workflow_execution_id,
                                   EventContextConstant.TASK_EXECUTION_ID: task_execution_id})


class PeriodicRunTaskEvent(SchedulingEvent):

    def __init__(self, workflow_execution_id, task_name):
        SchedulingEvent.__init__(self, SchedulingEventType.PERIODIC_RUN_TASK)
        self.context = json.dumps({EventContextConstant.WORKFLOW_EXECUTION_ID: workflow_execution_id,
                                   EventContextConstant.TASK_NAME: task_name})


class PeriodicRunWorkflowEvent(SchedulingEvent):

    def __init__(self, workflow_id, schedule_id):
        SchedulingEvent.__init__(self, SchedulingEventType.PERIODIC_RUN_WORKFLOW)
        self.context = json.dumps({EventContextConstant.WORKFLOW_ID: workflow_id,
                                   EventContextConstant.WORKFLOW_SCHEDULE_ID: schedule_id})


class TaskStatusEvent(SchedulingEvent):

    def __init__(self, workflow_execution_id, task_name, sequence_number, status):
        SchedulingEvent.__init__(self, SchedulingEventType.TASK_STATUS)
        self.context = json.dumps({EventContextConstant.WORKFLOW_EXECUTION_ID: workflow_execution_id,
                                   EventContextConstant.TASK_NAME: task_name,
                                   EventContextConstant.SEQUENCE_NUMBER: sequence_number,
                                   EventContextConstant.TASK_STATUS: _value(status)})


class TaskHeartbeatTimeoutEvent(SchedulingEvent):

    def __init__(self, workflow_execution_id, task_name, sequence_number):
        SchedulingEvent.__init__(self, SchedulingEventType.TASK_HEARTBEAT_TIMEOUT)
        self.context = json.dumps({EventContextConstant.WORKFLOW_EXECUTION_ID: workflow_execution_id,
                                   EventContextConstant.TASK_NAME: task_name,
                                   EventContextConstant.SEQUENCE_NUMBER: sequence_number})
