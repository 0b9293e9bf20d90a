"""Task actions. AIFlow's TaskAction is a str Enum; plain strings compare
and serialise the same way."""


class TaskAction(object):
    START = 'START'
    RESTART = 'RESTART'
    STOP = 'STOP'
