"""Task execution operations; each would reach the AIFlow server."""
from ai_flow._capture import forbid


def start_task_execution(workflow_execution_id, task_name):
    forbid('ai_flow.ops.start_task_execution')


def stop_task_execution(workflow_execution_id, task_name):
    forbid('ai_flow.ops.stop_task_execution')


def get_task_execution(task_execution_id):
    forbid('ai_flow.ops.get_task_execution')


def list_task_executions(workflow_execution_id, limit=None, offset=None):
    forbid('ai_flow.ops.list_task_executions')
