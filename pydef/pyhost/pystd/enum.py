"""enum for workflow definitions. gpython has no metaclasses, so the
host's class builder turns the attributes of an Enum subclass into
members with name and value, in definition order (and drops str/int
mixins: members of such a class compare and hash like their values);
iterating, len(), `in`, Color['RED'] and Color(value) are served by the
host too."""


class auto(object):
    _is_auto_ = True


class Enum(object):
    _enum_ = True

    def _generate_next_value_(name, start, count, last_values):
        for last in reversed(last_values):
            try:
                return last + 1
            except TypeError:
                pass
        return start

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
        if getattr(type(self), "_value_eq_", False):
            return hash(self._value_)
        return hash(self._name_)

    def __getattr__(self, name):
        # The str or int methods of a mixed-in member (TaskAction.START.lower()).
        if name.startswith("__") or not getattr(type(self), "_value_eq_", False):
            raise AttributeError("'" + type(self).__name__ + "' object has no attribute '" + name + "'")
        return getattr(self._value_, name)

    def __reduce_ex__(self, proto):
        return (type(self), (self._value_,))

    def __index__(self):
        if getattr(type(self), "_value_eq_", False) and isinstance(self._value_, int):
            return self._value_
        raise TypeError("'" + type(self).__name__ + "' object cannot be interpreted as an integer")


def _plain(x):
    if isinstance(x, Enum) and getattr(type(x), "_value_eq_", False):
        return x._value_
    return x


# Operators of a mixed-in member act on its value, as on the str or int
# it is in CPython; other members support none.
_OPERATORS = {
    "__add__": lambda a, b: a + b, "__radd__": lambda a, b: b + a,
    "__sub__": lambda a, b: a - b, "__rsub__": lambda a, b: b - a,
    "__mul__": lambda a, b: a * b, "__rmul__": lambda a, b: b * a,
    "__truediv__": lambda a, b: a / b, "__rtruediv__": lambda a, b: b / a,
    "__floordiv__": lambda a, b: a // b, "__rfloordiv__": lambda a, b: b // a,
    "__mod__": lambda a, b: a % b, "__rmod__": lambda a, b: b % a,
    "__lt__": lambda a, b: a < b, "__le__": lambda a, b: a <= b,
    "__gt__": lambda a, b: a > b, "__ge__": lambda a, b: a >= b,
}


def _mixin_operator(op):
    def method(self, other):
        if not getattr(type(self), "_value_eq_", False):
            return NotImplemented
        return op(self._value_, _plain(other))
    return method


for _name in _OPERATORS:
    setattr(Enum, _name, _mixin_operator(_OPERATORS[_name]))


class IntEnum(Enum):
    _value_eq_ = True

    def __str__(self):
        return str(self._value_)


class StrEnum(Enum):
    _value_eq_ = True

    def _generate_next_value_(name, start, count, last_values):
        return name.lower()

    def __str__(self):
        return self._value_


class Flag(Enum):
    pass


class IntFlag(IntEnum):
    pass


def unique(cls):
    return cls
