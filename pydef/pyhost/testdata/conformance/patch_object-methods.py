class Base(object):
    def __init__(self):
        object.__init__(self)
        self.ready = True
class Single(Base):
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            cls._inst = object.__new__(cls)
        return cls._inst
print(Base().ready, Single() is Single())


class Lazy(object):
    known = 1

    def __getattr__(self, name):
        if name.startswith('x'):
            return name * 2
        raise AttributeError(name)


lazy = Lazy()
print(lazy.known, lazy.xy, hasattr(lazy, 'other'), getattr(lazy, 'other', 'dflt'))
