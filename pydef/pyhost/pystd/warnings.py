"""warnings for workflow definitions: warnings are written to the
session's output; filters are accepted and ignored."""

import sys


def warn(message, category=None, stacklevel=1, source=None):
    name = "UserWarning" if category is None else category.__name__
    sys.stdout.write(name + ": " + str(message) + "\n")


def filterwarnings(*args, **kwargs):
    pass


def simplefilter(*args, **kwargs):
    pass


def resetwarnings():
    pass


class catch_warnings(object):
    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return []

    def __exit__(self, *exc):
        return False
