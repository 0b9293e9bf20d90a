"""Condition state: only value state exists."""


class StateType(object):
    VALUE = 'value'


class StateDescriptor(object):

    def __init__(self, name):
        self.name = name


class ValueStateDescriptor(StateDescriptor):

    def __init__(self, name):
        StateDescriptor.__init__(self, name)
        self.type = StateType.VALUE


class State(object):

    def clear(self):
        pass


class ValueState(State):

    def value(self):
        raise NotImplementedError()

    def update(self, state):
        raise NotImplementedError()
