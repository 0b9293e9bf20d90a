# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# co_firstlineno is the def line (first decorator line when decorated),
# not always 1.

def f():
    pass

def deco(x):
    return x

@deco
@deco
def g(a,
      b):
    return [i for i in range(a)]

class C:
    def m(self):
        def inner():
            pass
        return inner

h = lambda: 0
print("f", f.__code__.co_firstlineno, f.__code__.co_name)
print("g", g.__code__.co_firstlineno, g.__code__.co_argcount, g.__code__.co_varnames)
print("method", C.m.__code__.co_firstlineno)
print("inner", C().m().__code__.co_firstlineno, C().m().__code__.co_name)
print("lambda", h.__code__.co_firstlineno, h.__code__.co_name)
