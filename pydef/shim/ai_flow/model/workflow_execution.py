"""Workflow executions, as the scheduler creates them."""


class WorkflowExecution(object):

    def __init__(self, workflow_id, execution_type, begin_date, end_date, status, id=None):
        self.workflow_id = workflow_id
        self.execution_type = execution_type
        self.begin_date = begin_date
        self.end_date = end_date
        self.status = status
        self.id = id
