# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# Closures and free variables: every shape below used to fail with
# "NameError: free variable ... referenced before assignment" because a
# parameter captured by an inner scope was never copied into its cell.

def outer_local():
    x = 1
    def inner():
        return x
    return inner()
print("local", outer_local())

def outer_param(x):
    def inner():
        return x
    return inner()
print("param", outer_param(2))

def adder(n):
    def add(m):
        return n + m
    return add
add3 = adder(3)
print("adder", add3(4), adder(10)(1))

def listcomp(n, xs):
    return [x * n for x in xs]
print("listcomp", listcomp(2, [1, 2, 3]))

def setcomp(n):
    return sorted({x % n for x in range(10)})
print("setcomp", setcomp(3))

def dictcomp(prefix, names):
    d = {name: prefix + name for name in names}
    return [d[k] for k in names]
print("dictcomp", dictcomp("p_", ["a", "b"]))

def genexp(limit):
    return sum(x for x in range(100) if x < limit)
print("genexp", genexp(5))

def lam(k):
    f = lambda v: v * k
    return f(7)
print("lambda", lam(6))

def lam_default_and_free(k, j=2):
    return (lambda: k + j)()
print("lambda2", lam_default_and_free(1), lam_default_and_free(1, j=5))

def star(*args, **kwargs):
    def show():
        return (args, sorted(kwargs))
    return show()
print("star", star(1, 2, a=3, b=4))

def kwonly(a, *, b):
    return [a + b + i for i in range(2)]
print("kwonly", kwonly(1, b=10))

def deco(tag):
    def wrap(fn):
        def wrapper(*args):
            return tag + ":" + str(fn(*args))
        return wrapper
    return wrap

@deco("sum")
def plus(a, b):
    return a + b
print("decorator", plus(1, 2))

def simple_deco(fn):
    def wrapper(x):
        return fn(x) * 2
    return wrapper

@simple_deco
def ident(x):
    return x
print("decorator2", ident(21))

def counter():
    count = [0]
    def inc():
        count[0] += 1
        return count[0]
    return inc
c = counter()
c()
c()
print("counter", c())

def nested3(a):
    def lvl2(b):
        def lvl3(c):
            return a + b + c
        return lvl3
    return lvl2
print("nested3", nested3(1)(2)(3))

def rebind(x):
    x = x + 1
    return (lambda: x)()
print("rebind", rebind(1))

def late(x):
    fs = [lambda: x for _ in range(2)]
    x = 99
    return [f() for f in fs]
print("late", late(1))

def generator(n):
    def gen():
        for i in range(n):
            yield i
    return list(gen())
print("generator", generator(3))

def gen_param(n):
    yield [n * i for i in range(3)]
print("gen_param", list(gen_param(2)))

class Greeter:
    def __init__(self, name):
        self.name = name
    def greet_all(self, others):
        return [self.name + ">" + o for o in others]
print("method", Greeter("g").greet_all(["a", "b"]))

def self_cell_method():
    class K:
        def m(self, n):
            return [n + i for i in range(2)]
    return K().m(5)
print("classinfunc", self_cell_method())

def mixed(a, b, c):
    def f():
        return a + c
    return f() + b
print("mixed", mixed(1, 10, 100))

def class_body_reads(v):
    class K:
        attr = v
        def get(self):
            return v
    return K.attr, K().get()
print("classbody", class_body_reads(4))

def nonlocal_counter(start):
    def inc(step):
        nonlocal start
        start += step
        return start
    inc(1)
    return inc(2)
print("nonlocal", nonlocal_counter(10))

def cell_and_free(a):
    b = a * 2
    def middle(c):
        def inner():
            return a + b + c
        return inner() + c
    return middle(1)
print("cellfree", cell_and_free(1))

def sorted_key(offset, items):
    return sorted(items, key=lambda x: abs(x - offset))
print("sortkey", sorted_key(5, [1, 9, 4, 7]))

def map_filter(n, xs):
    return list(map(lambda x: x + n, filter(lambda x: x > n, xs)))
print("mapfilter", map_filter(2, [1, 2, 3, 4]))

def del_cell():
    x = 1
    def f():
        return x
    del x
    try:
        f()
    except NameError:
        return "nameerror"
print("delcell", del_cell())

class CellBase:
    def m(self, x):
        return "B" + str(x)

class CellSub(CellBase):
    def m(self, x):
        # x is a cell of m and __class__ a free variable: the free
        # variable's index must skip m's own cells.
        f = lambda: x
        return (__class__ is CellSub, f(), CellBase.m(self, x))
print("classcell", CellSub().m(3))

def class_cell_in_function(a):
    class C:
        def get(self, b):
            g = lambda: b
            return (a, g(), __class__ is not None)
    return C().get(2)
print("classcell2", class_cell_in_function(1))
