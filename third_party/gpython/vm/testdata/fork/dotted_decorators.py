# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# Decorators written as dotted names (@a.b, @a.b(x), @a.b.c): the parser
# made one Name "a.b" of them, so they failed with NameError.


class Registry:
    def __init__(self):
        self.names = []

    def register(self, fn):
        self.names.append(fn.__name__)
        return fn

    def keep(self, obj):
        self.kept = obj
        return obj

    def tagged(self, tag):
        def deco(fn):
            self.names.append(tag + ":" + fn.__name__)
            return fn
        return deco


reg = Registry()


@reg.register
def alpha():
    return "a"


@reg.tagged("t")
def beta():
    return "b"


print(reg.names, alpha(), beta())


class Holder:
    pass


holder = Holder()
holder.inner = Holder()
holder.inner.reg = Registry()


@holder.inner.reg.register
def gamma():
    pass


@holder.inner.reg.tagged("deep")
def delta():
    pass


print(holder.inner.reg.names)


class Prop:
    """A stand-in for property (not a gpython builtin): @v.setter."""

    def __init__(self, getter):
        self.getter = getter
        self.setter_fn = None

    def setter(self, fn):
        self.setter_fn = fn
        return self


class Temp:
    @Prop
    def celsius(self):
        return 0

    @celsius.setter
    def celsius(self, v):
        return v


print(Temp.celsius.getter.__name__, Temp.celsius.setter_fn(None, 21))


class Tools:
    """A stand-in for functools: @tools.wraps(fn)."""

    def wraps(self, wrapped):
        def deco(fn):
            fn.__name__ = wrapped.__name__
            return fn
        return deco


tools = Tools()


def logged(fn):
    @tools.wraps(fn)
    def wrapper(*a, **k):
        return ("logged", fn(*a, **k))
    return wrapper


@logged
def greet(name):
    return "hi " + name


print(greet("x"), greet.__name__)


class K:
    @staticmethod
    def s():
        return "static"

    @classmethod
    def c(cls):
        return cls is K


print(K().s(), K().c())


@reg.keep
class Decorated:
    pass


print(reg.kept is Decorated)

try:
    @reg.missing
    def nope():
        pass
except AttributeError as e:
    print("AttributeError", "missing" in str(e))
