# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# == != < <= > >= and calls on instances of Python classes dispatch to
# the class's special methods.

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __eq__(self, other):
        if not isinstance(other, Point):
            return NotImplemented
        return self.x == other.x and self.y == other.y
    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)
    def __le__(self, other):
        return self == other or self < other
    def __repr__(self):
        return "P(%d,%d)" % (self.x, self.y)

a, b, c = Point(1, 2), Point(1, 2), Point(2, 0)
print("eq", a == b, a == c, a != b, a != c)
print("eq other type", a == 1, 1 == a, a != "x")
print("lt", a < c, c < a, a <= b, c <= a)
print("gt reflected", c > a, a > c, c >= a)
print("sorted", sorted([c, a, Point(0, 5)]))
print("min max", min([c, a]), max([c, a]))
print("in list", Point(2, 0) in [a, c], Point(9, 9) in [a, c])
print("filter eq", [x for x in [a, c, b] if x == Point(1, 2)])

class Plain:
    pass
p, q = Plain(), Plain()
print("identity", p == p, p == q, p != q, p != p)
try:
    p < q
except TypeError:
    print("plain lt TypeError")

class NeOnly:
    def __eq__(self, other):
        return True
print("ne from eq", NeOnly() != NeOnly(), NeOnly() == 3)

class Never:
    def __eq__(self, other):
        return NotImplemented
n = Never()
print("notimpl fallback", n == n, n == Never(), n != n)

class Base:
    def __eq__(self, other):
        return type(self) is type(other)
class Sub(Base):
    pass
print("inherited eq", Sub() == Sub(), Sub() == Base())

class Status:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        if isinstance(other, str):
            return self.v == other
        return self.v == other.v
RUNNING = Status("RUNNING")
print("enum-like", RUNNING == "RUNNING", "RUNNING" == RUNNING, RUNNING == "DONE")

class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, x, scale=1):
        return (self.n + x) * scale
add = Adder(3)
print("call", add(4), add(1, scale=10), add(x=2))
print("callable map", list(map(Adder(1), [1, 2, 3])))

class CallSub(Adder):
    pass
print("inherited call", CallSub(5)(5))

class NotCallable:
    pass
try:
    NotCallable()()
except TypeError as e:
    print("TypeError", e)

class Cls:
    def __init__(self, v):
        self.v = v
print("class still constructs", Cls(7).v, Cls == Cls, Cls != Adder)
