"""abc for workflow definitions: ABC is a plain base class and
abstractmethod marks the function (instantiation is not checked)."""


ABCMeta = type


class ABC(object):
    pass


def abstractmethod(funcobj):
    funcobj.__isabstractmethod__ = True
    return funcobj


def abstractproperty(funcobj):
    return property(funcobj)


abstractclassmethod = classmethod
abstractstaticmethod = staticmethod
