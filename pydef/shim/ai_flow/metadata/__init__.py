"""AIFlow's metadata objects, which ai_flow.ops functions return: the same
classes and attribute names as AIFlow's, filled from the aiflow-go API.
Times are naive local datetimes, as in AIFlow. Objects that AIFlow keeps
pickled (workflow_object, a trigger's rule) have no pickle here:
workflow_object is None and a trigger's rule is its condition as JSON."""
import json


class NamespaceMeta(object):

    def __init__(self, name, properties):
        self.name = name
        self.properties = json.dumps(properties)

    def get_properties(self):
        if self.properties is None:
            return None
        return json.loads(self.properties)

    def set_properties(self, value):
        self.properties = json.dumps(value)


class WorkflowMeta(object):

    def __init__(self, name, namespace, content, workflow_object, create_time=None,
                 update_time=None, is_enabled=True, event_offset=-1, uuid=None):
        self.name = name
        self.namespace = namespace
        self.content = content
        self.workflow_object = workflow_object
        self.create_time = create_time
        self.update_time = update_time
        self.is_enabled = is_enabled
        self.event_offset = event_offset
        self.id = uuid


class WorkflowSnapshotMeta(object):

    def __init__(self, workflow_id, workflow_object, uri, signature, create_time=None, uuid=None):
        self.workflow_id = workflow_id
        self.workflow_object = workflow_object
        self.uri = uri
        self.signature = signature
        self.create_time = create_time
        self.id = uuid


class WorkflowScheduleMeta(object):

    def __init__(self, workflow_id, expression, is_paused=False, create_time=None, uuid=None):
        self.workflow_id = workflow_id
        self.expression = expression
        self.is_paused = is_paused
        self.create_time = create_time
        self.id = uuid


class WorkflowEventTriggerMeta(object):

    def __init__(self, workflow_id, rule, is_paused=False, create_time=None, uuid=None):
        self.workflow_id = workflow_id
        self.rule = rule
        self.is_paused = is_paused
        self.create_time = create_time
        self.id = uuid


class WorkflowExecutionMeta(object):

    def __init__(self, workflow_id, run_type, snapshot_id, begin_date=None, end_date=None,
                 status='INIT', event_offset=-1, uuid=None):
        self.workflow_id = workflow_id
        self.run_type = run_type
        self.snapshot_id = snapshot_id
        self.begin_date = begin_date
        self.end_date = end_date
        self.status = status
        self.event_offset = event_offset
        self.id = uuid


class TaskExecutionMeta(object):

    def __init__(self, workflow_execution_id, task_name, sequence_number=1, try_number=1,
                 begin_date=None, end_date=None, status='INIT', uuid=None):
        self.workflow_execution_id = workflow_execution_id
        self.task_name = task_name
        self.sequence_number = sequence_number
        self.try_number = try_number
        self.begin_date = begin_date
        self.end_date = end_date
        self.status = status
        self.id = uuid
