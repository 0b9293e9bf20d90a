"""The notification-service event."""


class Event(object):

    def __init__(self, key, value=None, context=None, namespace=None, sender=None,
                 offset=None, create_time=None):
        self.key = key
        self.value = value
        self.context = context
        self.namespace = namespace
        self.sender = sender
        self.offset = offset
        self.create_time = create_time

    def __str__(self):
        return 'Event(key=%s, value=%s, context=%s, namespace=%s, sender=%s, offset=%s)' % (
            self.key, self.value, self.context, self.namespace, self.sender, self.offset)

    def __repr__(self):
        return self.__str__()
