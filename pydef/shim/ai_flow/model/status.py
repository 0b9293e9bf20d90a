"""Task and workflow statuses, as the plain strings AIFlow stores."""


class TaskStatus(object):
    INIT = 'INIT'
    QUEUED = 'QUEUED'
    RUNNING = 'RUNNING'
    SUCCESS = 'SUCCESS'
    FAILED = 'FAILED'
    STOPPING = 'STOPPING'
    STOPPED = 'STOPPED'
    RETRYING = 'RETRYING'


class WorkflowStatus(object):
    INIT = 'INIT'
    RUNNING = 'RUNNING'
    SUCCESS = 'SUCCESS'
    FAILED = 'FAILED'
    STOPPED = 'STOPPED'


TASK_ALIVE_SET = ('INIT', 'QUEUED', 'RETRYING', 'RUNNING')
TASK_FINISHED_SET = ('SUCCESS', 'FAILED', 'STOPPED')
WORKFLOW_ALIVE_SET = ('INIT', 'RUNNING')
WORKFLOW_FINISHED_SET = ('SUCCESS', 'FAILED', 'STOPPED')
