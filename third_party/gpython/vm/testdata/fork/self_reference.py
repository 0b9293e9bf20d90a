# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# Containers holding themselves: repr and == used to recurse in Go until
# the Go stack overflowed, killing the process.

a = []
a.append(a)
print(a == a, a, str(a), [a, 1], a != a)
d = {}
d['self'] = d
print(d, d == d)
b = [1, [2, a]]
print(b)
x = [1, 2]
print([x, x], (x, x) == (x, x))
e = {}
print({'e': e, 'f': e}, [{}, {}])
