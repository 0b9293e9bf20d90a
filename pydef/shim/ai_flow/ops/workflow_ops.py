"""Workflow operations; ai_flow.ops._server says when they reach a server."""
from ai_flow.common.exception.exceptions import AIFlowException
from ai_flow.ops import _server


def upload_workflows(workflow_file_path, artifacts=None):
    """Uploads the file with its artifacts as `aiflow workflow upload` does:
    the server loads and checks it, and stores each of its workflows as a new
    snapshot, with the schedules and triggers it declares."""
    answer = _server.call('upload_workflows', 'upload', [workflow_file_path, artifacts])
    out = []
    for w in answer.get('workflows') or []:
        out.append(_server.workflow(w))
    if not out:
        raise AIFlowException('No workflow objects found in %s, failed to upload workflow.' % workflow_file_path)
    return out


def get_workflow(workflow_name, namespace=None):
    w = _server.find('get_workflow', 'workflow', [namespace, workflow_name])
    if w is None:
        return None
    return _server.workflow(w)


def list_workflows(namespace=None, limit=None, offset=None):
    return _server.page(_server.call('list_workflows', 'workflows', [namespace]), limit, offset,
                        _server.workflow)


def delete_workflow(workflow_name, namespace=None):
    _server.call('delete_workflow', 'delete_workflow', [namespace, workflow_name])


def disable_workflow(workflow_name, namespace=None):
    _server.call('disable_workflow', 'set_workflow_enabled', [namespace, workflow_name, False])


def enable_workflow(workflow_name, namespace=None):
    _server.call('enable_workflow', 'set_workflow_enabled', [namespace, workflow_name, True])
