# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# Special methods on instances: inherited container and str methods,
# truth value (__bool__/__len__, bool()), and arithmetic operators.

class Base:
    def __init__(self, items):
        self.items = items
    def __len__(self):
        return len(self.items)
    def __iter__(self):
        return iter(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def __contains__(self, x):
        return x in self.items
    def __str__(self):
        return "Base" + str(self.items)
    def __repr__(self):
        return "R" + str(self.items)
    def __bool__(self):
        return bool(self.items)
class Sub(Base):
    pass
s = Sub([1, 2])
print(len(s), list(s), s[1], 2 in s, 5 in s, str(s), repr(s), not Sub([]), [s])
print(bool(Sub([])), bool(Sub([0])), bool([]), bool(), bool(0), bool("x"))
class Plain:
    pass
print(bool(Plain()), not Plain(), bool(Plain))
if Sub([]):
    print("wrong")
else:
    print("empty is false")

class V:
    def __init__(self, x):
        self.x = x
    def __add__(self, o):
        if isinstance(o, V):
            return V(self.x + o.x)
        return V(self.x + o)
    def __radd__(self, o):
        return V(o + self.x)
    def __mul__(self, k):
        return V(self.x * k)
    def __neg__(self):
        return V(-self.x)
    def __pow__(self, k):
        return V(self.x ** k)
    def __rshift__(self, other):
        return "%d>>%d" % (self.x, other.x)
    def __repr__(self):
        return "V(%r)" % self.x
a = V(2)
print(a + V(3), a + 1, 1 + a, a * 3, -a, a ** 3, a >> V(7))
a += V(10)
print(a)
print(sum([V(1), V(2)], V(0)))
try:
    a - 1
except TypeError:
    print("sub TypeError")
try:
    ~a
except TypeError:
    print("invert TypeError")
