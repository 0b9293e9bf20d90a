"""Workflow schedules. add_workflow_schedule is recorded for the workflow of
that name in the file being loaded, never sent; the others would reach the
AIFlow server."""
from ai_flow._capture import forbid
from ai_flow._capture import ops_calls
from ai_flow._capture import site


def add_workflow_schedule(expression, workflow_name, namespace=None):
    ops_calls.append({'kind': 'schedule', 'expression': expression,
                      'workflow_name': workflow_name, 'namespace': namespace,
                      'site': site()})


def get_workflow_schedule(schedule_id):
    forbid('ai_flow.ops.get_workflow_schedule')


def list_workflow_schedules(workflow_name, namespace='default', limit=None, offset=None):
    forbid('ai_flow.ops.list_workflow_schedules')


def delete_workflow_schedule(schedule_id):
    forbid('ai_flow.ops.delete_workflow_schedule')


def delete_workflow_schedules(workflow_name, namespace='default'):
    forbid('ai_flow.ops.delete_workflow_schedules')


def pause_workflow_schedule(schedule_id):
    forbid('ai_flow.ops.pause_workflow_schedule')


def resume_workflow_schedule(schedule_id):
    forbid('ai_flow.ops.resume_workflow_schedule')
