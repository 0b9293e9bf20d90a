class P(object):
    def __init__(self): self._v = 1
    @property
    def v(self):
        return self._v
    def _set(self, x):
        self._v = x * 10
    v = v.setter(_set)
    def _del(self):
        self._v = None
    v = v.deleter(_del)
p = P()
print(p.v)
p.v = 2
print(p.v)
del p.v
print(p.v, isinstance(P.v, property))
