class A(object): pass
class B(A): pass
b = B()
print(isinstance(b, A), isinstance(b, (int, A)), isinstance(1, A), isinstance(True, int))
print(issubclass(B, A), issubclass(A, B), issubclass(B, (int, A)))
print(isinstance([], list), isinstance({}, dict), isinstance('x', str))
