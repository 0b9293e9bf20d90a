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
