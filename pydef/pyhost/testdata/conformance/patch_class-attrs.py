class Base(object):
    kind = 'base'
    count = 0
    @classmethod
    def make(cls): return cls.__name__ + ':' + cls.kind
    @staticmethod
    def twice(x): return 2 * x
class Sub(Base):
    kind = 'sub'
print(Sub.kind, Base.kind, Sub.count, Sub.make(), Base.make(), Sub.twice(4), Sub().twice(5))
print(Sub.__name__, Base.__name__, [c.__name__ for c in Sub.__mro__], Sub.__bases__[0].__name__)
s = Sub()
print(s.__class__.__name__, type(s).__name__, s.make())
