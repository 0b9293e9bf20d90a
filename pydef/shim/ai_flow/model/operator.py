"""Operators. Creating one inside `with Workflow(...)` adds it to that
workflow as a task."""

from ai_flow._capture import current
from ai_flow._capture import error
from ai_flow._capture import site
from ai_flow.model.action import TaskAction
# Condition and Context are imported by AIFlow's module, so files may
# import them from it.
from ai_flow.model.condition import Condition
from ai_flow.model.context import Context
from ai_flow.model.internal.conditions import SingleEventCondition
from ai_flow.model.internal.conditions import TaskStatusAllMetCondition
from ai_flow.model.status import TaskStatus


class OperatorConfigItem(object):
    PERIODIC_EXPRESSION = 'periodic_expression'


class Operator(object):

    def __init__(self, name=None, **kwargs):
        self.name = name
        self.config = kwargs
        self.workflow = None
        # The operator kind and its own arguments; subclasses set them after
        # calling this constructor.
        self._kind = 'noop'
        self._args = {}
        self._site = site()
        wf = current()
        if wf is None:
            error('task-outside-workflow', self._site, name)
        else:
            self.workflow = wf
            wf._add_task(self)

    def start_after(self, tasks):
        if type(tasks) is not list and type(tasks) is not tuple:
            tasks = [tasks]
        # Duplicates collapse and the first-seen order is kept, as AIFlow's
        # dict.fromkeys(tasks) does.
        seen = []
        for op in tasks:
            dup = False
            for s in seen:
                if s is op:
                    dup = True
            if not dup:
                seen.append(op)
        if self.workflow is None:
            return
        conditions = []
        for op in seen:
            conditions.append(self.workflow._status_condition(op, TaskStatus.SUCCESS))
        self.workflow.action_on_condition(self.name, TaskAction.START,
                                          TaskStatusAllMetCondition(condition_list=conditions))

    def action_on_condition(self, action, condition):
        if self.workflow is not None:
            self.workflow.action_on_condition(self.name, action, condition)

    def action_on_event_received(self, action, event_key):
        if self.workflow is not None:
            self.workflow.action_on_condition(self.name, action, SingleEventCondition(expect_event_key=event_key))

    def action_on_task_status(self, action, upstream_task_status_dict):
        if self.workflow is not None:
            self.workflow.action_on_task_status(self.name, action, upstream_task_status_dict)

    def _export(self):
        return {'object': self, 'name': self.name, 'kind': self._kind, 'args': self._args,
                'config': self.config, 'site': self._site}


class AIFlowOperator(Operator):

    def __init__(self, task_name=None, **kwargs):
        # AIFlow names this parameter task_name; a subclass without its own
        # constructor is still called with name=..., which is accepted too.
        if task_name is None and 'name' in kwargs:
            task_name = kwargs['name']
            del kwargs['name']
        Operator.__init__(self, task_name, **kwargs)
        self._kind = 'custom'

    # The logger is made on first use: importing logging for every operator
    # of every definition load would cost more than the rest of the shim.
    @property
    def log(self):
        if getattr(self, '_log', None) is None:
            import logging
            self._log = logging.getLogger('aiflow.task.operator')
        return self._log

    @log.setter
    def log(self, value):
        self._log = value

    def start(self, context):
        raise NotImplementedError()

    def stop(self, context):
        pass

    def await_termination(self, context, timeout=None):
        pass

    def get_metrics(self, context):
        return None
