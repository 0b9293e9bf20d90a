# Classes and their types (patch 38): type(list) is type, isinstance and
# issubclass follow the MRO, a class's own __new__ is called, __bases__
# is the class's own tuple.

class C:
    pass

# type() of classes.
print("metatype", type(int) is type, type(list) is type, type(C) is type, type(ValueError) is type,
      type(type) is type, isinstance(int, type), isinstance(C, type), isinstance(C(), type))
print("class of class", C.__class__ is type, int.__class__ is type)

# isinstance and exceptions.
try:
    raise ValueError("bad")
except Exception as e:
    print("exception", type(e).__name__, isinstance(e, ValueError), isinstance(e, Exception),
          isinstance(e, KeyError), issubclass(type(e), Exception))
class MyError(ValueError):
    pass
print("exception classes", MyError.__name__, [k.__name__ for k in MyError.__mro__][:3],
      issubclass(MyError, ValueError))
class Animal:
    pass
class Dog(Animal):
    pass
class Puppy(Dog, C):
    pass
print("isinstance mro", isinstance(Puppy(), Animal), isinstance(Dog(), Puppy), isinstance(Puppy(), (int, C)),
      isinstance(True, int), isinstance(1, (str, bytes)))
print("issubclass", issubclass(Puppy, Animal), issubclass(Animal, Dog), issubclass(Puppy, (int, C)),
      issubclass(bool, int), issubclass(int, object), issubclass(KeyError, LookupError))
for attempt in (lambda: isinstance(1, 2), lambda: issubclass(1, int), lambda: issubclass(int, 1)):
    try:
        attempt()
    except TypeError as e:
        print("TypeError", e)

# __new__ is an implicit staticmethod, called when the class is.
class Single:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            cls._inst = object.__new__(cls)
        return cls._inst
print("object.__new__", Single() is Single(), type(Single()).__name__)
class Tagged:
    def __new__(cls, tag):
        obj = object.__new__(cls)
        obj.tag = tag.upper()
        return obj
    def __init__(self, tag):
        self.seen = tag
class SubTagged(Tagged):
    pass
t = SubTagged("x")
print("__new__", type(t).__name__, t.tag, t.seen, type(Tagged.__dict__["__new__"]).__name__)

# __bases__ stays the class's own tuple after other code has run.
class L:
    pass
class R:
    pass
class D(L, R):
    pass
x = [i for i in range(5)]
print("bases", [k.__name__ for k in D.__bases__], [k.__name__ for k in D.__bases__])
