"""pprint for workflow definitions: one-line output."""


def pformat(obj, *args, **kwargs):
    return repr(obj)


def pprint(obj, *args, **kwargs):
    print(repr(obj))
