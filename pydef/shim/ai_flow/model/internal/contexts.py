"""The contexts rules and operators run in. There is no running task while a
workflow file loads, so the runtime task context is None."""
from ai_flow.model.context import Context


class WorkflowContext(Context):

    def __init__(self, namespace, workflow):
        self.namespace = namespace
        self.workflow = workflow


class WorkflowExecutionContext(Context):

    def __init__(self, workflow, workflow_execution):
        self.workflow = workflow
        self.workflow_execution = workflow_execution


class TaskExecutionContext(Context):

    def __init__(self, workflow, task_execution_key, params=None):
        self.workflow = workflow
        self.task_execution_key = task_execution_key
        # aiflow-go: the parameters of the task's execution, name -> value.
        self.params = params if params is not None else {}


_CURRENT_TASK_CONTEXT = None


def set_runtime_task_context(context):
    global _CURRENT_TASK_CONTEXT
    _CURRENT_TASK_CONTEXT = context


def get_runtime_task_context():
    return _CURRENT_TASK_CONTEXT
