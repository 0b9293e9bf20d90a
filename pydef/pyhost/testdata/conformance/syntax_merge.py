a = {'x': 1, 'y': 2}
b = {'y': 3}
m = {**a, 'z': 0, **b}
print(sorted(m.items()))
def g(*args, **kw): return args, sorted(kw.items())
print(g(*[1, 2], 3, *(4,), **a, w=9))
print([*range(3), 5], (*'ab', 'c'), sorted({*[1, 2], 2, 3}))
