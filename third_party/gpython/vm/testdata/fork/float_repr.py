# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# repr/str of floats as CPython: shortest round-trip digits, exponent
# notation below 1e-4 and from 1e16, inf/-inf/nan (v0.2.0 used Go %g).

vals = [float('inf'), float('-inf'), float('nan'), -float('inf'), 1e16, 1e15, 1e-5, 1e-4, 0.1, 1.5, 2.0, -0.0, 123456789.123, 1e22, 1.23e-10, 3.14159, 100.0, 1e300*10, 1/3, 2.5e-7, 12345678901234567.0, float('Infinity'), float(' nan '), float('-NaN'), float('+inf')]
for v in vals:
    print(repr(v), str(v), v)
print([1e16, float('inf')], (0.1,), {'a': float('nan')})
print(float('inf') > 1e308, float('nan') == float('nan'), float('inf') == float('inf'))
print('%s %r' % (1e16, float('inf')))
print(str(1e16), repr(-1e-7))
print(1000000.0, 1e6 + 0.5, 123456.7, 0.000123, 5e-324, 1.7976931348623157e308, -2.5)
print(float('1e16'), float('  -1.5 '), float('infinity'), float('-Infinity'), float('+NaN'))
try:
    float('nanx')
except ValueError:
    print("ValueError")
