"""Task execution operations; ai_flow.ops._server says when they reach a
server."""
from ai_flow.common.exception.exceptions import AIFlowException
from ai_flow.ops import _server


def start_task_execution(workflow_execution_id, task_name):
    """Starts a new run of the task and returns its key,
    <execution>_<task>_<sequence number>; as in AIFlow it fails while the
    task's latest run is alive."""
    answer = _server.call('start_task_execution', 'task_action', [workflow_execution_id, task_name, 'start'])
    te = answer.get('task_execution')
    if not answer.get('changed') or te is None:
        raise AIFlowException('Start task execution failed.')
    return '%s_%s_%s' % (te.get('execution_id'), te.get('task'), te.get('sequence_number'))


def stop_task_execution(workflow_execution_id, task_name):
    _server.call('stop_task_execution', 'task_action', [workflow_execution_id, task_name, 'stop'])


def get_task_execution(task_execution_id):
    te = _server.find('get_task_execution', 'task_execution', [task_execution_id])
    if te is None:
        return None
    return _server.task_execution(te)


def list_task_executions(workflow_execution_id, limit=None, offset=None):
    return _server.page(_server.call('list_task_executions', 'task_executions', [workflow_execution_id]),
                        limit, offset, _server.task_execution)
