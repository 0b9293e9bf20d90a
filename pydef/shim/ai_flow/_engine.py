"""The contexts the aiflow-go engine evaluates custom conditions in.

The engine runs a snapshot's definition in the embedded interpreter, then,
for each evaluation, calls evaluate(): a fresh instance of the condition
class gets an Event and a context whose state and task statuses come from
the engine. It replaces the four host functions below with its own, bound
to the evaluation that runs. Under CPython (task code) nothing calls this
module; it only has to import.

This file runs under both gpython and CPython, so it keeps to the subset
both accept (see ai_flow._capture).
"""
from ai_flow._capture import workflows
from ai_flow.common.exception.exceptions import AIFlowException
from ai_flow.model.internal.contexts import WorkflowContext
from ai_flow.model.internal.contexts import WorkflowExecutionContext
from ai_flow.model.state import ValueState
from ai_flow.model.state import ValueStateDescriptor
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.model.workflow_execution import WorkflowExecution
from notification_service.model.event import Event


def _outside_engine(*args):
    raise AIFlowException('custom condition state is only available in the aiflow-go engine')


# Host functions, replaced by the engine: state_get(name) returns the
# stored value decoded afresh (None if absent), state_put(name, value)
# stores a value, state_clear(name) removes it, task_status(name) returns
# the status string of the task's latest run in the execution, or None.
state_get = _outside_engine
state_put = _outside_engine
state_clear = _outside_engine
task_status = _outside_engine

class EngineValueState(ValueState):
    """A value state kept by the engine as JSON."""

    def __init__(self, name):
        self.name = name

    def value(self):
        return state_get(self.name)

    def update(self, state):
        state_put(self.name, state)

    def clear(self):
        state_clear(self.name)


def _value_state(descriptor):
    if not isinstance(descriptor, ValueStateDescriptor):
        raise AIFlowException('Now AIFlow only support value state.')
    return EngineValueState(descriptor.name)


class EngineWorkflowExecutionContext(WorkflowExecutionContext):
    """The context of a task rule: the execution's state and task runs."""

    def get_state(self, state_descriptor):
        return _value_state(state_descriptor)

    def get_task_status(self, task_name):
        status = task_status(task_name)
        if status is None:
            return None
        return TaskStatus(status)


class EngineWorkflowContext(WorkflowContext):
    """The context of a workflow trigger: the workflow's state; a trigger
    has no task runs, so get_task_status returns None."""

    def get_state(self, state_descriptor):
        return _value_state(state_descriptor)


def workflow(name, namespace):
    """The Workflow object the definition built under name, or one made
    with the name and namespace when the definition is not Python (a new
    Workflow records itself in workflows, so it is made once)."""
    for w in workflows:
        if w.name == name:
            return w
    return Workflow(name=name, namespace=namespace)


def evaluate(cls, args, kwargs, key, value, namespace, sender, context, offset, create_time,
             workflow_name, workflow_namespace, workflow_id, execution_id):
    """Builds a fresh condition and returns what its is_met says of the
    event: execution_id 0 means a workflow trigger."""
    event = Event(key, value)
    event.namespace = namespace
    event.sender = sender
    event.context = context
    event.offset = offset
    event.create_time = create_time
    w = workflow(workflow_name, workflow_namespace)
    if execution_id:
        execution = WorkflowExecution(workflow_id, None, None, None, None, id=execution_id)
        ctx = EngineWorkflowExecutionContext(w, execution)
    else:
        ctx = EngineWorkflowContext(workflow_namespace, w)
    return cls(*args, **kwargs).is_met(event, ctx)
