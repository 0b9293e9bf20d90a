"""The notification-client interface. The base class reaches no server, so
user subclasses and listener processors can be defined and built at load
time; the embedded client, which connects, cannot."""


class ListenerRegistrationId(object):

    def __init__(self, id):
        self.id = id


class ListenerProcessor(object):

    def process(self, events):
        pass


class NotificationClient(object):

    def __init__(self, namespace=None, sender=None):
        self.namespace = namespace
        self.sender = sender

    def send_event(self, event):
        pass

    def register_listener(self, listener_processor, event_keys=None, offset=None):
        pass

    def unregister_listener(self, registration_id):
        pass

    def list_events(self, key=None, namespace=None, sender=None, begin_offset=None,
                    end_offset=None):
        pass

    def time_to_offset(self, time):
        pass
