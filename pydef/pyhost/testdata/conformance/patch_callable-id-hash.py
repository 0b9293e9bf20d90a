class C(object):
    def __call__(self): return 1
class D(object): pass
print(callable(len), callable(C), callable(C()), callable(D()), callable(3))
d = D()
print(id(d) == id(d), id(d) != id(D()))
print(hash('a') == hash('a'), hash((1, 'x')) == hash((1, 'x')), hash(1) == 1)
