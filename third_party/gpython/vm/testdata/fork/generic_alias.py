# PEP 585 generic aliases (patch 37): list[int], dict[str, list[int]],
# tuple[int, ...], type[C].

class Operator:
    pass

def make(names: list[str], extra: dict[str, list[int]] = None) -> tuple[int, ...]:
    return tuple(len(n) for n in names)

print("annotated function", make(["a", "bc"]))
print("repr", list[int], dict[str, list[int]], tuple[int, ...], set[str], frozenset[int])
print("repr nested", list[list[int]], dict[str, tuple[int, str]], tuple[()])
print("repr class", repr(list[Operator]), type[Operator], type[int])
print("str", str(list[int]), [list[int], dict[str, int]])

# Calling the alias instantiates the origin.
print("call", list[int](), list[int]("ab"), dict[str, int](a=1), tuple[int, ...]([1, 2]),
      sorted(set[int]([3, 1])))
print("call type", type(list[int]()) is list)

# __origin__, __args__, __parameters__.
print("origin", list[int].__origin__ is list, dict[str, int].__origin__ is dict,
      type[Operator].__origin__ is type)
print("args", list[int].__args__, dict[str, int].__args__, tuple[int, ...].__args__,
      type[Operator].__args__[0] is Operator)
print("parameters", list[int].__parameters__)

# Equality.
print("eq", list[int] == list[int], list[int] == list[str], list[int] != list[str],
      dict[str, int] == dict[str, int], list[int] == list, list == list[int])

# Other attributes are the origin's.
print("attr", list[int].__name__, list[int].append is not None)

# The type of an alias.
print("type", type(list[int]).__name__)

# __class_getitem__ of the containers.
print("class_getitem", list.__class_getitem__(int), hasattr(list, "__class_getitem__"),
      hasattr(int, "__class_getitem__"))

# A class's own __class_getitem__ (an implicit classmethod).
class Box:
    def __class_getitem__(cls, item):
        return "Box of " + item.__name__ + " via " + cls.__name__
class SubBox(Box):
    pass
print("user class_getitem", Box[int], SubBox[str])

# Explicit calls of the builtin __getitem__ through the class still index.
print("unbound getitem", list.__getitem__([1, 2, 3], 1), dict.__getitem__({"k": "v"}, "k"),
      tuple.__getitem__((4, 5), 0), str.__getitem__("abc", 2))
print("instances", [1, 2][0], {"a": 1}["a"], (7,)[0])

# Classes are not iterable, even subscriptable ones; other classes are
# not subscriptable; `in` on a class fails as in CPython.
for attempt in (lambda: iter(list), lambda: [x for x in dict], lambda: list(tuple),
                lambda: Operator[int], lambda: int[str], lambda: 1 in list, lambda: len(list)):
    try:
        attempt()
        print("no error")
    except TypeError as e:
        print("TypeError", e)

# Instances of a class with __getitem__ still iterate by index.
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10
print("sequence instance", list(Seq()), 20 in Seq())
try:
    Seq[0]
except TypeError as e:
    print("TypeError", e)

# The special methods of a class's instances are not the class's own:
# str(C), len(C) and iter(C) use the metatype, type.
class Shown:
    def __repr__(self):
        return "Shown()"
    def __len__(self):
        return 3
    def __iter__(self):
        return iter([1])
print("instance repr", repr(Shown()), len(Shown()), list(Shown()))
print("class repr", repr(Shown) == "<class '__main__.Shown'>" or repr(Shown) == "<class 'Shown'>")
for attempt in (lambda: len(Shown), lambda: iter(Shown)):
    try:
        attempt()
    except TypeError as e:
        print("TypeError", e)
print("no class __iter__", hasattr(Shown, "__len__"), hasattr(type, "__iter__"))
