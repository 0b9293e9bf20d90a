"""types for workflow definitions."""


def _f():
    pass


FunctionType = type(_f)
LambdaType = FunctionType
BuiltinFunctionType = type(len)
ModuleType = type(__import__("sys"))


class SimpleNamespace(object):
    def __init__(self, **kwargs):
        for k in sorted(kwargs):
            setattr(self, k, kwargs[k])

    def __repr__(self):
        items = [k + "=" + repr(getattr(self, k)) for k in sorted(vars(self))]
        return "namespace(" + ", ".join(items) + ")"

    def __eq__(self, other):
        return isinstance(other, SimpleNamespace) and vars(self) == vars(other)
