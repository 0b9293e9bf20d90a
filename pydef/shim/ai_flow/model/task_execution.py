"""Task executions, as the scheduler creates them."""
from ai_flow.model.status import TaskStatus


class TaskExecutionKey(object):

    def __init__(self, workflow_execution_id, task_name, seq_num):
        self.workflow_execution_id = workflow_execution_id
        self.task_name = task_name
        self.seq_num = seq_num

    def __str__(self):
        return '%s_%s_%s' % (self.workflow_execution_id, self.task_name, self.seq_num)


class TaskExecution(object):

    def __init__(self, workflow_execution_id, task_name, sequence_number, execution_type,
                 begin_date=None, end_date=None, status=TaskStatus.INIT, id=None):
        self.id = id
        self.workflow_execution_id = workflow_execution_id
        self.task_name = task_name
        self.sequence_number = sequence_number
        self.execution_type = execution_type
        self.begin_date = begin_date
        self.end_date = end_date
        self.status = status
        self.try_number = 0
