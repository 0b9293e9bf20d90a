# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# "is" on dicts, tuples and bytes: v0.2.0 compared Go maps and slices
# with ==, which panicked and killed the process.

d = {"a": 1}
e = d
t = (1, 2)
u = t
b = b"xy"
c = b
print(d is e, d is {"a": 1}, d is not e, d is not dict(d))
print(t is u, t is (1, 2, 3)[:2], t is not u)
print(b is c, b is not c)
print(d is None, None is d, t is d, 1 is not None)
print([x is d for x in (d, t, b, None)])
