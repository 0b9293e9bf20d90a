"""The Condition base class. A user subclass is exported as a custom
condition: its class, the keys it listens to and its constructor call."""
from ai_flow._capture import ctor_args
from ai_flow._capture import site


class Condition(object):

    def __init__(self, expect_event_keys=None):
        self.expect_event_keys = expect_event_keys
        self._kind = 'custom'
        self._site = site()
        self._ctor = ctor_args(self)

    def is_met(self, event, context):
        return None

    def _export(self):
        # A subclass may skip Condition.__init__, hence the getattr defaults.
        return {'kind': 'custom', 'site': getattr(self, '_site', 0), 'object': self,
                'expect_event_keys': getattr(self, 'expect_event_keys', None),
                'ctor': getattr(self, '_ctor', None)}
