class LoadError(ValueError):
    pass
class Detailed(LoadError):
    def describe(self): return 'detailed'
try:
    raise Detailed('bad value')
except LoadError as e:
    print(type(e).__name__, str(e), isinstance(e, ValueError), e.describe())
print(issubclass(Detailed, Exception), [c.__name__ for c in Detailed.__mro__])
