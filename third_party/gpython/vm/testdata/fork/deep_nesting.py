# Fork patch 35: repr() and == of containers nested deeper than the
# recursion limit raise RecursionError instead of recursing in Go.

N = 20000


def nested_dict():
    d = {}
    x = d
    for i in range(N):
        x['a'] = {}
        x = x['a']
    return d


def nested_list():
    l = []
    x = l
    for i in range(N):
        x.append([])
        x = x[0]
    return l


def nested_tuple():
    t = ()
    for i in range(N):
        t = (t,)
    return t


def attempt(name, f):
    try:
        f()
        print(name, 'no error')
    except RecursionError as e:
        print(name, 'RecursionError:', e)


d, d2 = nested_dict(), nested_dict()
l, l2 = nested_list(), nested_list()
t, t2 = nested_tuple(), nested_tuple()
attempt('str dict', lambda: str(d))
attempt('repr dict', lambda: repr(d))
attempt('str list', lambda: str(l))
attempt('repr tuple', lambda: repr(t))
attempt('print list', lambda: '%s' % (l,))
attempt('== dict', lambda: d == d2)
attempt('== list', lambda: l == l2)
attempt('== tuple', lambda: t == t2)
attempt('< list', lambda: l < l2)
# Shallow nesting is unaffected, and the guard does not leak.
print(repr([[1, (2, {'a': [3]})]]), [[1]] == [[1]], (1, (2,)) < (1, (3,)))
x = []
for i in range(900):
    x = [x, (i,)]
print(len(repr(x)), x == x, x == [x[0], (899,)])
