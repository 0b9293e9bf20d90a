# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# set and frozenset methods. v0.2.0 only had set.add; frozenset(...)
# could not be called. Sets are printed sorted: their iteration order is
# not CPython's.

s = {1, 2, 3}
s.add(4)
s.add(1)
print(sorted(s), len(s))
s.discard(2)
s.discard(99)
print(sorted(s))
s.remove(3)
print(sorted(s))
try:
    s.remove(42)
except KeyError as e:
    print("KeyError", e)
x = s.pop()
print(x in (1, 4), len(s))
s.clear()
print(s, len(s))
try:
    s.pop()
except KeyError as e:
    print("KeyError", e)
s.update([1, 2], (3,), {"c": 0}, "ab")
print(sorted(s, key=str))
s = {1, 2, 3}
s.discard(1.0)
print(sorted(s))
a, b = {1, 2, 3}, {2, 3, 4}
print(sorted(a.union(b)), sorted(a.union([9], (8,))))
print(sorted(a.intersection(b)), sorted(a.intersection([1, 2], [2])))
print(sorted(a.difference(b)), sorted(a.difference([1], [2])))
print(sorted(a.symmetric_difference(b)))
print(a.issubset({1, 2, 3, 4}), a.issubset(b), a.issuperset([1, 2]), a.isdisjoint([7]), a.isdisjoint(b))
print(a <= {1, 2, 3}, a < {1, 2, 3}, a < {1, 2, 3, 4}, a >= {1}, a > a)
c = a.copy()
c.add(10)
print(sorted(a), sorted(c))
c.intersection_update([2, 3, 10])
print(sorted(c))
c.difference_update([2])
print(sorted(c))
c.symmetric_difference_update([3, 5])
print(sorted(c))
print(2 in a, 5 in a, (1, 2) in {(1, 2)})

f = frozenset([3, 1, 2, 1])
print(type(f) is frozenset, len(f), sorted(f), 2 in f)
print(frozenset(), frozenset([1]))
print(f == {1, 2, 3}, {1, 2, 3} == f, f == frozenset((1, 2, 3)))
u = f | {9}
print(type(u) is frozenset, sorted(u))
i = f & frozenset([1, 7])
print(type(i) is frozenset, sorted(i))
print(type({1, 2} | f) is frozenset, sorted({5} | f))
print(sorted(f - {1}), sorted(f ^ {1, 8}))
print(type(f.union([4])) is frozenset, sorted(f.union([4])), f.issubset([1, 2, 3, 4]))
print(type(f.copy()) is frozenset)
try:
    f.add(5)
except AttributeError:
    print("AttributeError")
print(set(), set([]), {1} == {1.0})
