class LoadError(ValueError):
    pass
class Detailed(LoadError):
    def describe(self): return 'detailed'
try:
    raise Detailed('bad value')
except LoadError as e:
    print(type(e).__name__, str(e), isinstance(e, ValueError), e.describe())
print(issubclass(Detailed, Exception), [c.__name__ for c in Detailed.__mro__])
class WithCode(Exception):
    def __init__(self, msg, code=1):
        super().__init__(msg)
        self.code = code
class Explicit(WithCode):
    def __init__(self, msg):
        super(Explicit, self).__init__(msg, code=2)
class Direct(Exception):
    def __init__(self, a, b):
        Exception.__init__(self, a, b)
for exc in (WithCode('w'), WithCode('c', code=3), Explicit('e'), Direct(1, 'two')):
    try:
        raise exc
    except Exception as e:
        print(type(e).__name__, e.args, str(e), getattr(e, 'code', None))
