"""Workflow event triggers. add_workflow_trigger is recorded for the
workflow of that name in the file being loaded, never sent; the others would
reach the AIFlow server."""
from ai_flow._capture import export_condition
from ai_flow._capture import forbid
from ai_flow._capture import ops_calls
from ai_flow._capture import site


def add_workflow_trigger(rule, workflow_name, namespace=None):
    condition = getattr(rule, 'condition', None)
    ops_calls.append({'kind': 'trigger', 'condition': export_condition(condition),
                      'workflow_name': workflow_name, 'namespace': namespace,
                      'site': site()})


def get_workflow_trigger(trigger_id):
    forbid('ai_flow.ops.get_workflow_trigger')


def list_workflow_triggers(workflow_name, namespace='default', limit=None, offset=None):
    forbid('ai_flow.ops.list_workflow_triggers')


def delete_workflow_trigger(trigger_id):
    forbid('ai_flow.ops.delete_workflow_trigger')


def delete_workflow_triggers(workflow_name, namespace='default'):
    forbid('ai_flow.ops.delete_workflow_triggers')


def pause_workflow_trigger(trigger_id):
    forbid('ai_flow.ops.pause_workflow_trigger')


def resume_workflow_trigger(trigger_id):
    forbid('ai_flow.ops.resume_workflow_trigger')
