"""Workflow execution operations; ai_flow.ops._server says when they reach
a server."""
from ai_flow.ops import _server


def start_workflow_execution(workflow_name, namespace=None):
    """Starts an execution and returns its id."""
    return _server.call('start_workflow_execution', 'start_execution', [namespace, workflow_name]).get('id')


def stop_workflow_execution(workflow_execution_id):
    _server.call('stop_workflow_execution', 'stop_execution', [workflow_execution_id])


def stop_workflow_executions(workflow_name, namespace=None):
    _server.call('stop_workflow_executions', 'stop_executions', [namespace, workflow_name])


def get_workflow_execution(workflow_execution_id):
    e = _server.find('get_workflow_execution', 'execution', [workflow_execution_id])
    if e is None:
        return None
    return _server.execution(e)


def list_workflow_executions(workflow_name, namespace=None, limit=None, offset=None):
    return _server.page(_server.call('list_workflow_executions', 'executions', [namespace, workflow_name]),
                        limit, offset, _server.execution)


def delete_workflow_execution(workflow_execution_id):
    _server.call('delete_workflow_execution', 'delete_execution', [workflow_execution_id])
