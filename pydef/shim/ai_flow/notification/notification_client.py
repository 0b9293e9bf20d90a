"""The in-task notification client. Tasks get a real one when they run; while
a workflow file is loaded, any use of it would talk to a server and is a
sandbox violation."""
from ai_flow._capture import forbid


def _refuse(what):
    forbid('AIFlowNotificationClient.' + what)


class ListenerProcessor(object):

    def process(self, events):
        pass


class ListenerRegistrationId(object):

    def __init__(self, id):
        self.id = id


class AIFlowNotificationClient(object):

    def __init__(self, server_uri=None, namespace=None, sender=None, **kwargs):
        self.server_uri = server_uri
        self.namespace = namespace
        self.sender = sender

    def send_event(self, event):
        _refuse('send_event')

    def register_listener(self, listener_processor, event_keys=None, offset=None):
        _refuse('register_listener')

    def unregister_listener(self, registration_id):
        _refuse('unregister_listener')

    def list_events(self, key=None, namespace=None, sender=None, begin_offset=None, end_offset=None):
        _refuse('list_events')

    def time_to_offset(self, timestamp):
        _refuse('time_to_offset')

    def close(self):
        pass
