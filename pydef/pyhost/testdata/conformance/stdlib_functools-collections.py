import functools
from collections import OrderedDict, defaultdict, namedtuple, deque
add = functools.partial(lambda a, b, c=0: a + b + c, 1, c=10)
print(add(2), functools.reduce(lambda x, y: x * y, [1, 2, 3, 4]))
wraps = functools.wraps
def deco(f):
    @wraps(f)
    def w(*a): return f(*a)
    return w
@deco
def named(x): return x
print(named.__name__, named(5))
od = OrderedDict()
od['z'] = 1; od['a'] = 2
print(list(od.keys()), list(od.items()))
dd = defaultdict(list)
dd['x'].append(1); dd['x'].append(2)
print(dict(dd) if False else dd['x'], len(dd))
P = namedtuple('P', 'x y')
p = P(1, y=2)
x, y = p
print(p, p.x, p[1], x + y, p._asdict()['y'])
q = deque([1, 2]); q.appendleft(0); q.append(3)
print(list(q), q.popleft(), q.pop(), len(q))
