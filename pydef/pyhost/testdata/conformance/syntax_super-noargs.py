class A(object):
    def __init__(self, x): self.x = x
class B(A):
    def __init__(self, x):
        super().__init__(x * 2)
print(B(2).x)
