"""The in-task notification client, as in AIFlow: only usable inside a
running task, it sends events to the task's own workflow execution and
listens to the workflow's namespace. It talks to the aiflow-go server that
runs the task (AIFLOW_SERVER), whatever server_uri says. Event,
ListenerProcessor and ListenerRegistrationId are re-exported here, as in
AIFlow."""
import json

from ai_flow.common.exception.exceptions import AIFlowException
from ai_flow.model.internal.contexts import get_runtime_task_context
from ai_flow.model.internal.events import EventContextConstant
from notification_service.client.embedded_notification_client import EmbeddedNotificationClient
from notification_service.client.notification_client import ListenerProcessor
from notification_service.client.notification_client import ListenerRegistrationId
from notification_service.model.event import Event


class AIFlowNotificationClient(object):

    def __init__(self, server_uri):
        self.context = get_runtime_task_context()
        key = getattr(self.context, 'task_execution_key', None)
        if key is None or key.workflow_execution_id is None:
            raise AIFlowException('AIFlowNotificationClient can only be used in AIFlow operators.')
        self.client = EmbeddedNotificationClient(server_uri=server_uri,
                                                 namespace=self.context.workflow.namespace,
                                                 sender=str(key))

    def send_event(self, key, value=None):
        """Sends an event to the running workflow execution: its context
        names the execution, so only that execution's task rules (and the
        workflow triggers of the namespace) see it. key may also be an
        Event, whose key and value are sent. Returns the stored event."""
        if isinstance(key, Event):
            if value is None:
                value = key.value
            key = key.key
        event = Event(key=key, value=value)
        weid = self.context.task_execution_key.workflow_execution_id
        event.context = json.dumps({EventContextConstant.WORKFLOW_EXECUTION_ID: weid})
        return self.client.send_event(event)

    def list_events(self, key=None, namespace=None, sender=None, begin_offset=None,
                    end_offset=None):
        """Events of key (a key or a list; None or '*' for any) in the
        workflow's namespace unless namespace says otherwise ('*' for any),
        with offset > begin_offset and <= end_offset."""
        if namespace is None:
            namespace = self.context.workflow.namespace
        return self.client.list_events(key=key, namespace=namespace, sender=sender,
                                       begin_offset=begin_offset, end_offset=end_offset)

    def register_listener(self, listener_processor, event_keys=None, begin_time=None):
        """Calls listener_processor.process(events) from a background
        thread with the events of the workflow's namespace (of event_keys
        only, when given) sent after begin_time (a datetime; default now)."""
        if begin_time is None:
            offset = self.client._api.last_offset()
        else:
            offset = self.client.time_to_offset(begin_time)
        return self.client.register_listener(listener_processor=listener_processor,
                                             event_keys=event_keys, offset=offset)

    def unregister_listener(self, registration_id):
        self.client.unregister_listener(registration_id)

    def close(self):
        self.client.close()
