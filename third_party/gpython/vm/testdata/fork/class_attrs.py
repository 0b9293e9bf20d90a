# Class attribute access (patch 36): CPython's type_getattro for classes,
# object's generic lookup for instances.

class A:
    x = 1
    tag = "a"
    def hello(self):
        return "A.hello " + self.tag
    @classmethod
    def make(cls):
        return cls.__name__
    @staticmethod
    def twice(v):
        return v * 2

class B(A):
    tag = "b"

class C(B):
    pass

print("inherited", B.x, C.x, C.tag)
print("classmethod via class", A.make(), B.make(), C.make())
print("classmethod via instance", C().make())
print("staticmethod via class", A.twice(3), C.twice("ab"))
print("staticmethod via instance", C().twice(4))
print("unbound function via class", C.hello(C()))
print("bound", C().hello())
print("shadowed", A.tag, B.tag, C.tag, C().tag)

# Multiple inheritance: the MRO decides.
class Base:
    def who(self):
        return "Base"
    kind = "base"
class Left(Base):
    def who(self):
        return "Left"
class Right(Base):
    def who(self):
        return "Right"
    kind = "right"
class Diamond(Left, Right):
    pass
print("mro", [k.__name__ for k in Diamond.__mro__])
print("bases", [k.__name__ for k in Diamond.__bases__], [k.__name__ for k in Left.__bases__])
print("diamond", Diamond().who(), Diamond.kind, Diamond.who(Diamond()))
print("base", Diamond.__base__.__name__, A.__base__.__name__)

# Names.
print("names", A.__name__, C.__name__, A.__qualname__)
print("type name", type(1).__name__, type("s").__name__, type([]).__name__,
      type({}).__name__, type(C()).__name__, type(None).__name__)
print("builtin names", int.__name__, str.__name__, dict.__name__, type.__name__, object.__name__)
print("class of", type(C()) is C, C().__class__ is C, C().__class__.__name__)
print("module", A.__module__, int.__module__)

# A descriptor written in Python: through an instance it is called,
# through the class it gets None as the instance.
class Loud:
    def __get__(self, obj, owner):
        if obj is None:
            return self
        return "loud " + owner.__name__
class Box:
    val = Loud()
print("descriptor via instance", Box().val)
print("descriptor via class", type(Box.val).__name__)

# A data descriptor (with __set__) wins over the instance dict.
class Stored:
    def __get__(self, obj, owner):
        if obj is None:
            return self
        return obj.__dict__.get("_v", 0) * 10
    def __set__(self, obj, value):
        obj.__dict__["_v"] = value
class Holder:
    v = Stored()
h = Holder()
h.v = 4
print("data descriptor", h.v, sorted(h.__dict__))

# __getattr__ answers only for missing attributes.
class Lazy:
    present = "here"
    def __init__(self):
        self.own = "own"
    def __getattr__(self, name):
        return "missing:" + name
lz = Lazy()
print("getattr", lz.present, lz.own, lz.absent)
print("getattr not on class", hasattr(Lazy, "absent"))
try:
    Lazy.absent
except AttributeError as e:
    print("AttributeError", e)

# __getattribute__ overrides everything; object.__getattribute__ is the default.
class Spy:
    def __init__(self):
        self.a = 1
    def __getattribute__(self, name):
        if name == "secret":
            return "intercepted"
        return object.__getattribute__(self, name)
s = Spy()
print("getattribute", s.a, s.secret)

# __setattr__ overrides assignment; object.__setattr__ stores.
class Upper:
    def __setattr__(self, name, value):
        object.__setattr__(self, name.upper(), value)
u = Upper()
u.x = 5
print("setattr", sorted(u.__dict__), u.X)

# Missing attributes.
try:
    C().nope
except AttributeError as e:
    print("AttributeError", e)
try:
    C.nope
except AttributeError as e:
    print("AttributeError", e)

# Class attributes set and deleted through the class.
B.added = 7
print("set on class", C.added, hasattr(A, "added"))
del B.added
print("deleted", hasattr(C, "added"))
try:
    del B.added
except AttributeError as e:
    print("AttributeError", e)

# Instance attribute shadows a class attribute; deleting it unshadows.
c = C()
c.tag = "inst"
print("instance shadows", c.tag, C.tag)
del c.tag
print("after del", c.tag)

# Builtin types cannot be changed.
try:
    int.foo = 1
except TypeError as e:
    print("TypeError", e)

# Classmethod on a subclass gets the subclass.
class Registry:
    items = None
    @classmethod
    def create(cls, *args):
        obj = cls()
        obj.args = args
        return obj
class Special(Registry):
    pass
sp = Special.create(1, 2)
print("classmethod subclass", type(sp).__name__, sp.args)

# str methods through the class, classes in containers.
print("builtin method via class", str.upper("abc"), [t.__name__ for t in (int, float, str)])
print("getattr builtin", getattr(C, "x"), getattr(C, "missing", "default"))

# object's methods through an instance and through the class.
class Plain:
    def __init__(self):
        object.__init__(self)
        self.__setattr__("p", 1)
        object.__setattr__(self, "q", 2)
pl = Plain()
print("object methods", pl.p, pl.q, pl.__getattribute__("q"), object.__getattribute__(pl, "p"))
pl.__delattr__("p")
print("after __delattr__", hasattr(pl, "p"), hasattr(pl, "q"))
