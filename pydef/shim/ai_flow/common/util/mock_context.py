"""A fake runtime task context for trying task code locally."""
from ai_flow._capture import workflows
from ai_flow.model.internal.contexts import TaskExecutionContext
from ai_flow.model.internal.contexts import set_runtime_task_context
from ai_flow.model.task_execution import TaskExecutionKey
from ai_flow.model.workflow import Workflow


def set_mock_runtime_context():
    mock_workflow = Workflow(name='mock_workflow')
    # Only the file's own workflows are loaded; AIFlow never sees this one.
    workflows.remove(mock_workflow)
    task_execution_key = TaskExecutionKey(1, 'mock_task', 1)
    set_runtime_task_context(TaskExecutionContext(workflow=mock_workflow,
                                                  task_execution_key=task_execution_key))
