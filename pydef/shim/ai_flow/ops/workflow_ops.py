"""Workflow operations; each would reach the AIFlow server."""
from ai_flow._capture import forbid


def upload_workflows(workflow_file_path, artifacts=None):
    forbid('ai_flow.ops.upload_workflows')


def get_workflow(workflow_name, namespace='default'):
    forbid('ai_flow.ops.get_workflow')


def list_workflows(namespace='default', limit=None, offset=None):
    forbid('ai_flow.ops.list_workflows')


def delete_workflow(workflow_name, namespace='default'):
    forbid('ai_flow.ops.delete_workflow')


def disable_workflow(workflow_name, namespace='default'):
    forbid('ai_flow.ops.disable_workflow')


def enable_workflow(workflow_name, namespace='default'):
    forbid('ai_flow.ops.enable_workflow')
