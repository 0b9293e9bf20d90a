# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# printf-style formatting (str % values) used Go's fmt and printed Go
# syntax for lists, None, objects, %r and %(name)s.

class K:
    def __str__(self):
        return "K!"
    def __repr__(self):
        return "<K>"

cases = [
    ("%s-%d", ("a", 3)),
    ("%r", ([1, 'a'],)),
    ("%r|%s", ('x', 'x')),
    ("%s", [1, 'a']),
    ("%s", ((1, 2),)),
    ("%s %s %s", (None, True, 1.5)),
    ("%s %r", (K(), K())),
    ("%(k)s=%(v)r", {'k': 'key', 'v': 'val'}),
    ("%(a)s %(a)s %%", {'a': 1}),
    ("%5.2f|%-4d|%04d|%x|%X|%o|%%", (3.14159, 7, 42, 255, 255, 8)),
    ("%#x %#o %#X", (255, 8, 255)),
    ("%+d % d %+d", (5, 5, -5)),
    ("%i %u %d", (1, 2, 3.99)),
    ("%d", (-3.99,)),
    ("%e %E %f %F", (12345.678, 0.000123, 2.5, -0.0)),
    ("%g %g %g %g %G", (4.5, 1e6, 1e-5, 123456789.0, 1e-10)),
    ("%.3g %.0f %.1e %10.3f|%-10.3f|", (3.14159, 2.5, 12345.0, 3.14159, 3.14159)),
    ("%c%c", (65, 'b')),
    ("%5s|%-5s|%.2s", ('ab', 'ab', 'abcdef')),
    ("%*d|%-*d|%.*f", (5, 42, 5, 42, 2, 3.14159)),
    ("%s", 'single'),
    ("%d items", 3),
    ("%s", (12345678901234567890,)),
    ("%d %x", (12345678901234567890, 2 ** 70)),
    ("%05.1f %+.2e", (-2.5, 1234.5)),
    ("%ld %hd", (7, 8)),
    ("%f %f %f", (float('inf'), float('-inf'), float('nan'))),
    ("%s", ({'b': 1},)),
    ("%s", ({'b': 1})),
    ("no conversions", ()),
    ("%s", ("é",)),
    ("%3s|", ("é",)),
]
for fmt, args in cases:
    print(repr(fmt), "->", repr(fmt % args))

errors = [
    ("%s %s", ("a",)),
    ("%s", ("a", "b")),
    ("%d", ("x",)),
    ("%x", (1.5,)),
    ("%(k)s", ("x",)),
    ("%(k)s", {}),
    ("%", ()),
    ("%y", (1,)),
    ("%c", ("ab",)),
]
for fmt, args in errors:
    try:
        fmt % args
        print(repr(fmt), "no error")
    except TypeError:
        print(repr(fmt), "TypeError")
    except ValueError:
        print(repr(fmt), "ValueError")
    except KeyError:
        print(repr(fmt), "KeyError")

name = "wf"
print("echo %s > /tmp/%s.log" % (name, name))
