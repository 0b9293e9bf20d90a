"""Workflow execution operations; each would reach the AIFlow server."""
from ai_flow._capture import forbid


def start_workflow_execution(workflow_name, namespace='default'):
    forbid('ai_flow.ops.start_workflow_execution')


def stop_workflow_execution(workflow_execution_id):
    forbid('ai_flow.ops.stop_workflow_execution')


def stop_workflow_executions(workflow_name, namespace='default'):
    forbid('ai_flow.ops.stop_workflow_executions')


def get_workflow_execution(workflow_execution_id):
    forbid('ai_flow.ops.get_workflow_execution')


def list_workflow_executions(workflow_name, namespace='default', limit=None, offset=None):
    forbid('ai_flow.ops.list_workflow_executions')


def delete_workflow_execution(workflow_execution_id):
    forbid('ai_flow.ops.delete_workflow_execution')
