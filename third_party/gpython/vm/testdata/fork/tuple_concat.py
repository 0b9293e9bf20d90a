# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# Tuple concatenation used to copy the right operand to the wrong
# offset, leaving nil holes that crashed the process when printed.

print((1, 2) + (3,))
print((1,) + (2, 3, 4))
print(() + (1,), (1,) + ())
t = (1, 2)
t += (3, 4, 5)
print(t, len(t))
print(sum([(i,) for i in range(4)], ()))
print((1, 2) * 2, 0 * (1,))
print([1, 2] + [3], [1] + [2, 3, 4])
