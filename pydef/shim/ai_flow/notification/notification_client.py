"""The in-task notification client. Tasks get a real one when they run; while
a workflow file loads, creating one would register it with the notification
server and is a sandbox violation. Event, ListenerProcessor and
ListenerRegistrationId are re-exported here, as in AIFlow."""
from ai_flow._capture import forbid
from notification_service.client.notification_client import ListenerProcessor
from notification_service.client.notification_client import ListenerRegistrationId
from notification_service.model.event import Event


def _refuse(what):
    forbid('AIFlowNotificationClient' + what)


class AIFlowNotificationClient(object):

    def __init__(self, server_uri):
        _refuse('()')

    def send_event(self, key, value=None):
        _refuse('.send_event')

    def register_listener(self, listener_processor, event_keys=None, begin_time=None):
        _refuse('.register_listener')

    def unregister_listener(self, registration_id):
        _refuse('.unregister_listener')

    def close(self):
        _refuse('.close')
