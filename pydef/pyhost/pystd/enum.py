"""enum for workflow definitions. gpython has no metaclasses, so the
host's class builder turns the attributes of an Enum subclass into
members with name and value (and drops str/int mixins)."""

_auto_counter = [0]


class auto(object):
    def __init__(self):
        _auto_counter[0] += 1
        self._auto_order_ = _auto_counter[0]


class Enum(object):
    _enum_ = True

    def __repr__(self):
        return "<" + type(self).__name__ + "." + self._name_ + ": " + repr(self._value_) + ">"

    def __str__(self):
        return type(self).__name__ + "." + self._name_

    def __eq__(self, other):
        if self is other:
            return True
        if getattr(type(self), "_value_eq_", False):
            return self._value_ == other
        return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self._name_)

    def __reduce_ex__(self, proto):
        return (type(self), (self._value_,))


class IntEnum(Enum):
    _value_eq_ = True


class StrEnum(Enum):
    _value_eq_ = True

    def __str__(self):
        return self._value_


class Flag(Enum):
    pass


class IntFlag(IntEnum):
    pass


def unique(cls):
    return cls
