"""The ai_flow.ops client API. While a workflow file loads, schedules and
triggers are recorded for the workflows of the file, never sent, and every
other call would reach the AIFlow server and is a sandbox violation;
`aiflow workflow apply` and CPython send them (see ai_flow.ops._server)."""
from ai_flow.ops.namespace_ops import add_namespace
from ai_flow.ops.namespace_ops import delete_namespace
from ai_flow.ops.namespace_ops import get_namespace
from ai_flow.ops.namespace_ops import list_namespace
from ai_flow.ops.namespace_ops import update_namespace
from ai_flow.ops.task_execution_ops import get_task_execution
from ai_flow.ops.task_execution_ops import list_task_executions
from ai_flow.ops.task_execution_ops import start_task_execution
from ai_flow.ops.task_execution_ops import stop_task_execution
from ai_flow.ops.workflow_execution_ops import delete_workflow_execution
from ai_flow.ops.workflow_execution_ops import get_workflow_execution
from ai_flow.ops.workflow_execution_ops import list_workflow_executions
from ai_flow.ops.workflow_execution_ops import start_workflow_execution
from ai_flow.ops.workflow_execution_ops import stop_workflow_execution
from ai_flow.ops.workflow_execution_ops import stop_workflow_executions
from ai_flow.ops.workflow_ops import delete_workflow
from ai_flow.ops.workflow_ops import disable_workflow
from ai_flow.ops.workflow_ops import enable_workflow
from ai_flow.ops.workflow_ops import get_workflow
from ai_flow.ops.workflow_ops import list_workflows
from ai_flow.ops.workflow_ops import upload_workflows
from ai_flow.ops.workflow_schedule_ops import add_workflow_schedule
from ai_flow.ops.workflow_schedule_ops import delete_workflow_schedule
from ai_flow.ops.workflow_schedule_ops import delete_workflow_schedules
from ai_flow.ops.workflow_schedule_ops import get_workflow_schedule
from ai_flow.ops.workflow_schedule_ops import list_workflow_schedules
from ai_flow.ops.workflow_schedule_ops import pause_workflow_schedule
from ai_flow.ops.workflow_schedule_ops import resume_workflow_schedule
from ai_flow.ops.workflow_snapshot_ops import delete_workflow_snapshot
from ai_flow.ops.workflow_snapshot_ops import delete_workflow_snapshots
from ai_flow.ops.workflow_snapshot_ops import get_workflow_snapshot
from ai_flow.ops.workflow_snapshot_ops import list_workflow_snapshots
from ai_flow.ops.workflow_trigger_ops import add_workflow_trigger
from ai_flow.ops.workflow_trigger_ops import delete_workflow_trigger
from ai_flow.ops.workflow_trigger_ops import delete_workflow_triggers
from ai_flow.ops.workflow_trigger_ops import get_workflow_trigger
from ai_flow.ops.workflow_trigger_ops import list_workflow_triggers
from ai_flow.ops.workflow_trigger_ops import pause_workflow_trigger
from ai_flow.ops.workflow_trigger_ops import resume_workflow_trigger
