# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# Exception objects: str/repr/args as in CPython, attributes set on an
# instance, and Python subclasses of Exception (v0.2.0 made the class
# statement return an exception instance, so "except E" failed).


class Plain(Exception):
    pass


class AppError(Exception):
    def __init__(self, msg, code=1):
        Exception.__init__(self, msg)
        self.code = code

    def describe(self):
        return "app error %d" % self.code


class Coded(ValueError):
    def __init__(self, code):
        self.code = code


class Fancy(Exception):
    def __str__(self):
        return "fancy!"


class Sub(AppError):
    pass


try:
    raise Plain("boom")
except Plain as e:
    print(1, type(e) is Plain, e, e.args, repr(e))
try:
    raise Plain
except Exception as e:
    print(2, type(e) is Plain, repr(str(e)), e.args)
try:
    raise AppError("bad", code=7)
except AppError as e:
    print(3, e, e.code, e.args, e.describe())
try:
    raise Sub("sub")
except AppError as e:
    print(4, type(e) is Sub, e.code, e.args)
try:
    raise Coded(42)
except ValueError as e:
    print(5, e.code, e.args, repr(str(e)))
try:
    raise Fancy("x")
except Fancy as e:
    print(6, e, str(e), e.args)
try:
    try:
        raise AppError("inner")
    except KeyError:
        print("wrong handler")
except (TypeError, AppError) as e:
    print(7, e)

print(repr(str(ValueError())), repr(ValueError()), repr(ValueError(1)))
print(repr(ValueError("a", 2)), str(ValueError("a", 2)), str(KeyError("k")))
print(str(ValueError(1)), ValueError(1).args, ValueError().args, repr(KeyError("k")))
x = ValueError("m")
x.code = 3
x.args = ("n", 1)
print(x.code, x.args, x)
try:
    x.missing
except AttributeError:
    print("AttributeError")
try:
    {}["nope"]
except KeyError as e:
    print("KeyError", e.args)
e = RuntimeError("r")
print(e.__cause__, e.__context__)
