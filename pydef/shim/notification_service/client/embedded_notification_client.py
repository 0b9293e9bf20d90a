"""The gRPC notification client. Creating one registers it with the
notification server, so while a workflow file loads every use of it is a
sandbox violation."""
from ai_flow._capture import forbid
from notification_service.client.notification_client import ListenerProcessor
from notification_service.client.notification_client import ListenerRegistrationId
from notification_service.client.notification_client import NotificationClient
from notification_service.model.event import Event


def _refuse(what):
    forbid('EmbeddedNotificationClient' + what)


class EmbeddedNotificationClient(NotificationClient):

    def __init__(self, server_uri, namespace=None, sender=None, client_id=None,
                 initial_seq_num=None):
        _refuse('()')

    def disable_high_availability(self):
        pass

    def close(self):
        _refuse('.close')

    def send_event(self, event):
        _refuse('.send_event')

    def register_listener(self, listener_processor, event_keys=None, offset=None):
        _refuse('.register_listener')

    def unregister_listener(self, registration_id):
        _refuse('.unregister_listener')

    def list_all_events(self, start_time=None, start_offset=None, end_offset=None):
        _refuse('.list_all_events')

    def list_events(self, key=None, namespace=None, sender=None, begin_offset=None,
                    end_offset=None):
        _refuse('.list_events')

    def time_to_offset(self, time):
        _refuse('.time_to_offset')
