"""AIFlow's built-in conditions, and aiflow-go's ExpressionCondition."""
from ai_flow._capture import export_condition
from ai_flow.model.condition import Condition
# Context, EventContextConstant, the state classes, TaskStatus and Event are
# imported by AIFlow's module, so files may import them from it.
from ai_flow.model.context import Context
from ai_flow.model.internal.events import EventContextConstant
from ai_flow.model.internal.events import TaskStatusChangedEvent
from ai_flow.model.state import ValueState
from ai_flow.model.state import ValueStateDescriptor
from ai_flow.model.status import TaskStatus
from notification_service.model.event import Event


def _export_all(conditions):
    out = []
    if conditions is None:
        return out
    for c in conditions:
        out.append(export_condition(c))
    return out


def _keys(conditions):
    keys = []
    if conditions is None:
        return keys
    for c in conditions:
        sub = getattr(c, 'expect_event_keys', None)
        if sub is None:
            continue
        for k in sub:
            if k not in keys:
                keys.append(k)
    return keys


def match_events(event_keys, event):
    for key in event_keys:
        if key == event.key:
            return True
    return False


class SingleEventCondition(Condition):

    def __init__(self, expect_event_key=None):
        Condition.__init__(self, [expect_event_key])
        self._kind = 'event'
        self.event_key = expect_event_key

    def is_met(self, event, context):
        return True

    def _export(self):
        return {'kind': 'event', 'site': self._site, 'event_key': self.event_key}


class TaskStatusCondition(Condition):

    def __init__(self, workflow_name=None, task_name=None, namespace=None, expect_status=None):
        key = TaskStatusChangedEvent.generate_task_status_changed_event_key(
            namespace, workflow_name, task_name)
        Condition.__init__(self, [key])
        self._kind = 'task-status'
        self.workflow_name = workflow_name
        self.task_name = task_name
        self.namespace = namespace
        self.expect_status = expect_status

    def _export(self):
        return {'kind': 'task-status', 'site': self._site, 'workflow': self.workflow_name,
                'task': self.task_name, 'namespace': self.namespace, 'status': self.expect_status}


class TaskStatusAllMetCondition(Condition):

    def __init__(self, condition_list=None):
        Condition.__init__(self, _keys(condition_list))
        self._kind = 'all-met'
        self.condition_list = condition_list

    def _export(self):
        return {'kind': 'all-met', 'site': self._site, 'conditions': _export_all(self.condition_list)}


class MeetAllCondition(Condition):

    def __init__(self, name=None, conditions=None):
        Condition.__init__(self, _keys(conditions))
        self._kind = 'meet-all'
        self.name = name
        self.conditions = conditions

    def _export(self):
        return {'kind': 'meet-all', 'site': self._site, 'name': self.name,
                'conditions': _export_all(self.conditions)}


class MeetAnyCondition(Condition):

    def __init__(self, conditions=None):
        Condition.__init__(self, _keys(conditions))
        self._kind = 'meet-any'
        self.conditions = conditions

    def _export(self):
        return {'kind': 'meet-any', 'site': self._site, 'conditions': _export_all(self.conditions)}


class ExpressionCondition(Condition):
    """An aiflow-go extension: a condition written as CEL expressions over
    the event, the task statuses and a durable state, which the aiflow-go
    engine evaluates. expect_event_keys is a key or a list of keys, when a
    bool expression and update a dict from state key to expression."""

    def __init__(self, expect_event_keys=None, when=None, update=None):
        keys = expect_event_keys
        if isinstance(keys, str):
            keys = [keys]
        Condition.__init__(self, keys)
        self._kind = 'expression'
        self.when = when
        self.update = update

    def is_met(self, event, context):
        raise RuntimeError('ExpressionCondition is evaluated by the aiflow-go engine; it cannot be called from Python')

    def _export(self):
        return {'kind': 'expression', 'site': self._site, 'expect_event_keys': self.expect_event_keys,
                'when': self.when, 'update': self.update}
