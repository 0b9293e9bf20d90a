"""The context a condition is evaluated in."""


class Context(object):

    def get_state(self, state_descriptor):
        raise NotImplementedError()

    def get_task_status(self, task_name):
        raise NotImplementedError()
