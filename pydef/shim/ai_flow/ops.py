"""The ai_flow.ops client API. While a workflow file is loaded, schedules and
triggers are recorded for the workflows of the file, never sent; every other
call would reach the AIFlow server and is a sandbox violation."""
from ai_flow._capture import export_condition
from ai_flow._capture import forbid
from ai_flow._capture import ops_calls
from ai_flow._capture import site


def add_workflow_schedule(expression, workflow_name, namespace=None):
    ops_calls.append({'kind': 'schedule', 'expression': expression,
                               'workflow_name': workflow_name, 'namespace': namespace,
                               'site': site()})


def add_workflow_trigger(rule, workflow_name, namespace=None):
    condition = getattr(rule, 'condition', None)
    ops_calls.append({'kind': 'trigger', 'condition': export_condition(condition),
                               'workflow_name': workflow_name, 'namespace': namespace,
                               'site': site()})


def upload_workflows(*args, **kwargs):
    forbid('ai_flow.ops.upload_workflows')


def get_workflow(*args, **kwargs):
    forbid('ai_flow.ops.get_workflow')


def list_workflows(*args, **kwargs):
    forbid('ai_flow.ops.list_workflows')


def delete_workflow(*args, **kwargs):
    forbid('ai_flow.ops.delete_workflow')


def disable_workflow(*args, **kwargs):
    forbid('ai_flow.ops.disable_workflow')


def enable_workflow(*args, **kwargs):
    forbid('ai_flow.ops.enable_workflow')


def start_workflow_execution(*args, **kwargs):
    forbid('ai_flow.ops.start_workflow_execution')


def stop_workflow_execution(*args, **kwargs):
    forbid('ai_flow.ops.stop_workflow_execution')


def stop_workflow_executions(*args, **kwargs):
    forbid('ai_flow.ops.stop_workflow_executions')


def get_workflow_execution(*args, **kwargs):
    forbid('ai_flow.ops.get_workflow_execution')


def list_workflow_executions(*args, **kwargs):
    forbid('ai_flow.ops.list_workflow_executions')


def start_task_execution(*args, **kwargs):
    forbid('ai_flow.ops.start_task_execution')


def stop_task_execution(*args, **kwargs):
    forbid('ai_flow.ops.stop_task_execution')


def get_task_execution(*args, **kwargs):
    forbid('ai_flow.ops.get_task_execution')


def list_task_executions(*args, **kwargs):
    forbid('ai_flow.ops.list_task_executions')


def get_workflow_schedule(*args, **kwargs):
    forbid('ai_flow.ops.get_workflow_schedule')


def list_workflow_schedules(*args, **kwargs):
    forbid('ai_flow.ops.list_workflow_schedules')


def delete_workflow_schedule(*args, **kwargs):
    forbid('ai_flow.ops.delete_workflow_schedule')


def delete_workflow_schedules(*args, **kwargs):
    forbid('ai_flow.ops.delete_workflow_schedules')


def pause_workflow_schedule(*args, **kwargs):
    forbid('ai_flow.ops.pause_workflow_schedule')


def resume_workflow_schedule(*args, **kwargs):
    forbid('ai_flow.ops.resume_workflow_schedule')


def get_workflow_trigger(*args, **kwargs):
    forbid('ai_flow.ops.get_workflow_trigger')


def list_workflow_triggers(*args, **kwargs):
    forbid('ai_flow.ops.list_workflow_triggers')


def delete_workflow_trigger(*args, **kwargs):
    forbid('ai_flow.ops.delete_workflow_trigger')


def delete_workflow_triggers(*args, **kwargs):
    forbid('ai_flow.ops.delete_workflow_triggers')


def pause_workflow_trigger(*args, **kwargs):
    forbid('ai_flow.ops.pause_workflow_trigger')


def resume_workflow_trigger(*args, **kwargs):
    forbid('ai_flow.ops.resume_workflow_trigger')


def add_namespace(*args, **kwargs):
    forbid('ai_flow.ops.add_namespace')


def get_namespace(*args, **kwargs):
    forbid('ai_flow.ops.get_namespace')


def update_namespace(*args, **kwargs):
    forbid('ai_flow.ops.update_namespace')


def list_namespaces(*args, **kwargs):
    forbid('ai_flow.ops.list_namespaces')


def delete_namespace(*args, **kwargs):
    forbid('ai_flow.ops.delete_namespace')
