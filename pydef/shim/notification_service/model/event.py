"""The notification-service event, with AIFlow's constructor (key, value)."""

DEFAULT_NAMESPACE = 'DEFAULT'
ANY_CONDITION = '*'


class Event(object):

    def __init__(self, key, value):
        self.key = key
        self.value = value
        # Set by the notification server or the sending client.
        self.namespace = None
        self.sender = None
        self.create_time = None
        self.offset = None
        self.context = None

    def __str__(self):
        return 'key:%s, value:%s, namespace:%s, sender:%s, create_time:%s, offset:%s, context: %s' % (
            self.key, self.value, self.namespace, self.sender, self.create_time, self.offset,
            self.context)

    def __repr__(self):
        return self.__str__()

    def __eq__(self, other):
        if not isinstance(other, Event):
            return False
        return (self.key == other.key and self.value == other.value
                and self.namespace == other.namespace and self.sender == other.sender
                and self.context == other.context and self.create_time == other.create_time
                and self.offset == other.offset)
