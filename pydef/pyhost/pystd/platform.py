"""platform for workflow definitions: fixed answers, so loads do not
depend on the machine."""


def system():
    return "Linux"


def machine():
    return "x86_64"


def python_version():
    return "3.8.0"


def python_implementation():
    return "CPython"


def node():
    return "localhost"


def platform(*args, **kwargs):
    return "Linux"
