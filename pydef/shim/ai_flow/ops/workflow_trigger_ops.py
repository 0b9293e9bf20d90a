"""Workflow event triggers. While a definition loads, add_workflow_trigger
is recorded for the workflow of that name in the file, never sent (see
ai_flow.ops._server for when calls reach a server)."""
from ai_flow._capture import export_condition
from ai_flow._capture import ops_calls
from ai_flow._capture import site
from ai_flow.ops import _server


def add_workflow_trigger(rule, workflow_name, namespace=None):
    condition = export_condition(getattr(rule, 'condition', None))
    if _server.server() is None:
        ops_calls.append({'kind': 'trigger', 'condition': condition,
                          'workflow_name': workflow_name, 'namespace': namespace,
                          'site': site()})
        return None
    return _server.trigger(_server.call('add_workflow_trigger', 'add_trigger',
                                        [namespace, workflow_name, condition, site()]))


def get_workflow_trigger(trigger_id):
    t = _server.find('get_workflow_trigger', 'trigger', [trigger_id])
    if t is None:
        return None
    return _server.trigger(t)


def list_workflow_triggers(workflow_name, namespace=None, limit=None, offset=None):
    return _server.page(_server.call('list_workflow_triggers', 'triggers', [namespace, workflow_name]),
                        limit, offset, _server.trigger)


def delete_workflow_trigger(trigger_id):
    _server.call('delete_workflow_trigger', 'delete_trigger', [trigger_id])


def delete_workflow_triggers(workflow_name, namespace=None):
    _server.call('delete_workflow_triggers', 'delete_triggers', [namespace, workflow_name])


def pause_workflow_trigger(trigger_id):
    _server.call('pause_workflow_trigger', 'set_trigger_paused', [trigger_id, True])


def resume_workflow_trigger(trigger_id):
    _server.call('resume_workflow_trigger', 'set_trigger_paused', [trigger_id, False])
