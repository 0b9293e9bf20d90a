"""Task and workflow statuses: str enums as in AIFlow, so members compare
equal to the strings AIFlow stores and can be iterated."""
from enum import Enum


class TaskStatus(str, Enum):
    INIT = 'INIT'
    QUEUED = 'QUEUED'
    RUNNING = 'RUNNING'
    SUCCESS = 'SUCCESS'
    FAILED = 'FAILED'
    STOPPING = 'STOPPING'
    STOPPED = 'STOPPED'
    RETRYING = 'RETRYING'


class WorkflowStatus(str, Enum):
    INIT = 'INIT'
    RUNNING = 'RUNNING'
    SUCCESS = 'SUCCESS'
    FAILED = 'FAILED'
    STOPPED = 'STOPPED'


TASK_FINISHED_SET = frozenset([TaskStatus.SUCCESS, TaskStatus.FAILED, TaskStatus.STOPPED])
TASK_ALIVE_SET = frozenset([TaskStatus.INIT, TaskStatus.QUEUED, TaskStatus.RETRYING,
                            TaskStatus.RUNNING])
WORKFLOW_FINISHED_SET = frozenset([WorkflowStatus.SUCCESS, WorkflowStatus.FAILED,
                                   WorkflowStatus.STOPPED])
WORKFLOW_ALIVE_SET = frozenset([WorkflowStatus.INIT, WorkflowStatus.RUNNING])
