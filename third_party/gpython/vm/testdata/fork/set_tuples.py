# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# Sets of tuples (and bytes) used to panic the process with "hash of
# unhashable type py.Tuple".

s = {(1, 2), (1, 2), (2, 'a'), ((1,), None)}
print(len(s), sorted(s, key=repr))
print((1, 2) in s, (2, 1) in s, ((1,), None) in s)
t = set([(1, 2), (3, 4)])
print(sorted(s & t), sorted(t - s), sorted(s | t, key=repr) == sorted(s, key=repr) + [(3, 4)])
print(sorted(s ^ t, key=repr))
print(len({b'x', b'x', b'y'}), len({(1.5, 'x'), (1.5, 'x')}))
print({(1, 2)} == {(1, 2)}, {(1, 2)} != {(2, 1)})
pairs = [('a', 1), ('b', 2), ('a', 1)]
print(sorted(set(pairs)))
print(sorted({(k, v) for k, v in pairs}))
