"""typing for workflow definitions: the names exist and can be
subscripted at definition time; isinstance() with an alias checks its
origin class (List -> list)."""


class _Alias(object):
    def __init__(self, name, origin, args=()):
        self.__origin__ = origin
        self.__args__ = args
        self._name = name

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        return _Alias(self._name, self.__origin__, params)

    def __call__(self, *args, **kwargs):
        if self.__origin__ is None:
            raise TypeError("Cannot instantiate typing." + self._name)
        return self.__origin__(*args, **kwargs)

    def __repr__(self):
        if self.__args__:
            return "typing." + self._name + "[" + ", ".join([_name(a) for a in self.__args__]) + "]"
        return "typing." + self._name


def _name(a):
    if isinstance(a, _Alias):
        return repr(a)
    try:
        return a.__name__
    except AttributeError:
        return repr(a)


Any = _Alias("Any", None)
Union = _Alias("Union", None)
Optional = _Alias("Optional", None)
Callable = _Alias("Callable", None)
Generic = _Alias("Generic", None)
ClassVar = _Alias("ClassVar", None)
Final = _Alias("Final", None)
Literal = _Alias("Literal", None)
List = _Alias("List", list)
Dict = _Alias("Dict", dict)
Tuple = _Alias("Tuple", tuple)
Set = _Alias("Set", set)
FrozenSet = _Alias("FrozenSet", frozenset)
Type = _Alias("Type", type)
Text = str
AnyStr = str
Iterable = _Alias("Iterable", None)
Iterator = _Alias("Iterator", None)
Sequence = _Alias("Sequence", None)
Mapping = _Alias("Mapping", None)
MutableMapping = _Alias("MutableMapping", None)
Hashable = _Alias("Hashable", None)
Generator = _Alias("Generator", None)
NoReturn = _Alias("NoReturn", None)
DefaultDict = _Alias("DefaultDict", dict)
OrderedDict = _Alias("OrderedDict", dict)
TYPE_CHECKING = False


class TypeVar(object):
    def __init__(self, name, *constraints, **kwargs):
        self.__name__ = name
        self.__origin__ = None

    def __repr__(self):
        return "~" + self.__name__


def cast(typ, val):
    return val


def overload(func):
    return func


def no_type_check(func):
    return func


def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    return new_type


class NamedTuple(object):
    pass
