"""Workflow snapshot operations; each would reach the AIFlow server."""
from ai_flow._capture import forbid


def get_workflow_snapshot(snapshot_id):
    forbid('ai_flow.ops.get_workflow_snapshot')


def list_workflow_snapshots(workflow_name, namespace='default', limit=None, offset=None):
    forbid('ai_flow.ops.list_workflow_snapshots')


def delete_workflow_snapshot(snapshot_id):
    forbid('ai_flow.ops.delete_workflow_snapshot')


def delete_workflow_snapshots(workflow_name, namespace='default'):
    forbid('ai_flow.ops.delete_workflow_snapshots')
