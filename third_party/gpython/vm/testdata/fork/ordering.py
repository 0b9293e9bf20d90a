# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# Ordering of tuples, lists and bools.

print((1, 'a') < (1, 'b'), (1, 'b') < (1, 'a'), (1, 2) < (1, 2, 0), () < (0,))
print((1, 2) <= (1, 2), (1, 3) > (1, 2), (2,) >= (1, 9), (1, 2) > (1, 2))
print([1, 2] < [1, 3], [2] > [1, 5], [1] <= [1], [] >= [0])
print([(1, 'x')] < [(1, 'y')], ((1, [2]),) < ((1, [3]),))
d = {'b': 2, 'a': 1, 'c': 0}
print(sorted(d.items()))
print(sorted(d.items(), key=lambda kv: kv[1]))
print(sorted([(2, 'b'), (1, 'z'), (2, 'a'), (1, 'a')]))
print(sorted([[3], [1, 2], [1]]))
print(sorted([True, False, True]), max(True, False), min([False, True]))
print(True > False, False < 1, True <= 1, True < 2, True >= 0.5, 0.5 < True)
print(sorted([1, False, 2, True]))
try:
    (1, 'a') < (1, 2)
except TypeError:
    print("mixed TypeError")
try:
    [1] < (1,)
except TypeError:
    print("list tuple TypeError")
