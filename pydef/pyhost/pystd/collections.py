"""collections for workflow definitions. OrderedDict and defaultdict are
the host's insertion-ordered mapping, which also takes non-str keys."""

import _pyhost

OrderedDict = _pyhost.odict
defaultdict = _pyhost.defaultdict


def namedtuple(typename, field_names, rename=False, defaults=None, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    fields = tuple(field_names)
    defaults = tuple(defaults or ())

    class _NT(object):
        _fields = fields

        def __init__(self, *args, **kwargs):
            values = list(args)
            missing = fields[len(values):]
            first_default = len(fields) - len(defaults)
            for i, name in enumerate(missing):
                index = len(args) + i
                if name in kwargs:
                    values.append(kwargs[name])
                elif index >= first_default:
                    values.append(defaults[index - first_default])
                else:
                    raise TypeError(typename + "() missing required argument: '" + name + "'")
            if len(values) > len(fields):
                raise TypeError(typename + "() takes " + str(len(fields)) + " arguments")
            self._values = tuple(values)
            for name, value in zip(fields, values):
                setattr(self, name, value)

        def __iter__(self):
            return iter(self._values)

        def __len__(self):
            return len(self._values)

        def __getitem__(self, index):
            return self._values[index]

        def __eq__(self, other):
            return isinstance(other, _NT) and self._values == other._values

        def __hash__(self):
            return hash(self._values)

        def __repr__(self):
            parts = [name + "=" + repr(value) for name, value in zip(fields, self._values)]
            return typename + "(" + ", ".join(parts) + ")"

        def _asdict(self):
            d = OrderedDict()
            for name, value in zip(fields, self._values):
                d[name] = value
            return d

        def _replace(self, **kwargs):
            values = [kwargs.get(name, value) for name, value in zip(fields, self._values)]
            return _NT(*values)

    _NT.__name__ = typename
    _NT.__qualname__ = typename
    return _NT


class deque(object):
    def __init__(self, iterable=(), maxlen=None):
        self._items = list(iterable)
        self.maxlen = maxlen
        self._trim_right()

    def _trim_right(self):
        if self.maxlen is not None:
            while len(self._items) > self.maxlen:
                self._items.pop(0)

    def append(self, x):
        self._items.append(x)
        self._trim_right()

    def appendleft(self, x):
        self._items.insert(0, x)
        if self.maxlen is not None:
            while len(self._items) > self.maxlen:
                self._items.pop()

    def pop(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        return self._items.pop()

    def popleft(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        return self._items.pop(0)

    def extend(self, iterable):
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        self._items = []

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(list(self._items))

    def __getitem__(self, i):
        return self._items[i]

    def __bool__(self):
        return len(self._items) > 0

    def __repr__(self):
        return "deque(" + repr(self._items) + ")"


def Counter(iterable=None, **kwargs):
    counts = _pyhost.defaultdict(int)
    if iterable is not None:
        for x in iterable:
            counts[x] = counts[x] + 1
    for k in sorted(kwargs):
        counts[k] = kwargs[k]
    return counts
