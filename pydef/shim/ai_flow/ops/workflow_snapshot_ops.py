"""Workflow snapshot operations. aiflow-go keeps snapshots with their
workflow and has no API for them; `aiflow workflow show` names the latest."""
from ai_flow.ops import _server

WHY = "'aiflow workflow show' names a workflow's latest snapshot"


def get_workflow_snapshot(snapshot_id):
    _server.unsupported('get_workflow_snapshot', WHY)


def list_workflow_snapshots(workflow_name, namespace=None, limit=None, offset=None):
    _server.unsupported('list_workflow_snapshots', WHY)


def delete_workflow_snapshot(snapshot_id):
    _server.unsupported('delete_workflow_snapshot', WHY)


def delete_workflow_snapshots(workflow_name, namespace=None):
    _server.unsupported('delete_workflow_snapshots', WHY)
