"""Workflow schedules. While a definition loads, add_workflow_schedule is
recorded for the workflow of that name in the file, never sent (see
ai_flow.ops._server for when calls reach a server)."""
from ai_flow._capture import ops_calls
from ai_flow._capture import site
from ai_flow.ops import _server


def add_workflow_schedule(expression, workflow_name, namespace=None):
    if _server.server() is None:
        ops_calls.append({'kind': 'schedule', 'expression': expression,
                          'workflow_name': workflow_name, 'namespace': namespace,
                          'site': site()})
        return None
    return _server.schedule(_server.call('add_workflow_schedule', 'add_schedule',
                                         [namespace, workflow_name, expression]))


def get_workflow_schedule(schedule_id):
    s = _server.find('get_workflow_schedule', 'schedule', [schedule_id])
    if s is None:
        return None
    return _server.schedule(s)


def list_workflow_schedules(workflow_name, namespace=None, limit=None, offset=None):
    return _server.page(_server.call('list_workflow_schedules', 'schedules', [namespace, workflow_name]),
                        limit, offset, _server.schedule)


def delete_workflow_schedule(schedule_id):
    _server.call('delete_workflow_schedule', 'delete_schedule', [schedule_id])


def delete_workflow_schedules(workflow_name, namespace=None):
    _server.call('delete_workflow_schedules', 'delete_schedules', [namespace, workflow_name])


def pause_workflow_schedule(schedule_id):
    _server.call('pause_workflow_schedule', 'set_schedule_paused', [schedule_id, True])


def resume_workflow_schedule(schedule_id):
    _server.call('resume_workflow_schedule', 'set_schedule_paused', [schedule_id, False])
