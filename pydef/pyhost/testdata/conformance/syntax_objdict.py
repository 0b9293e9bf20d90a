class Task(object):
    def __init__(self, n): self.n = n
    def __repr__(self): return 'T' + str(self.n)
a, b = Task(1), Task(2)
d = {a: 'SUCCESS', b: 'FAILED', 3: 'x', (1, 2): 'tup'}
print(len(d), d[a], d[3], d[(1, 2)], a in d, Task(1) in d, list(d.keys()), list(d.values()))
print([k for k in d], d.get(b), d.get(Task(3), 'none'), sorted(str(i) for i in d.items()))
k = 'key'
s = {k: 1, 'other': 2}
print(type(s).__name__, sorted(s.items()))
def f(**kw): return sorted(kw)
print(f(**s), {i: i * i for i in range(3)}[2])
loop = {a: 1}
loop[b] = loop
print(loop)
