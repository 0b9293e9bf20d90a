"""The context a condition is evaluated in. The scheduler passes a real one;
this base class answers None, as AIFlow's does."""


class Context(object):

    def get_state(self, state_descriptor):
        return None

    def get_task_status(self, task_name):
        return None
