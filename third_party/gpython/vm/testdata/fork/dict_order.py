# Dicts iterate in insertion order, as in CPython 3.7+ (patch 32).

d = {}
for name in ["extract", "transform", "load", "b", "a", "zeta", "m1", "m0"]:
    d[name] = len(name)
print("for:", [k for k in d])
print("list:", list(d))
print("keys:", list(d.keys()))
print("values:", list(d.values()))
print("items:", list(d.items()))
print("repr:", repr(d))
print("str:", str(d))
print("sorted:", sorted(d))
print("sorted items:", sorted(d.items()))

# a display keeps the order it is written in
disp = {"z": 1, "y": 2, "x": 3, "w": 4}
print("display:", disp)
print("len:", len(disp))

# update of an existing key keeps its place
disp["y"] = 20
print("update existing:", disp)

# delete, then insert again: the key goes to the end
del disp["z"]
print("after del:", disp)
disp["z"] = 100
print("reinserted:", disp)

# many deletions and reinsertions
e = {}
for i in range(50):
    e["k%d" % i] = i
for i in range(0, 50, 2):
    del e["k%d" % i]
for i in range(0, 10, 2):
    e["k%d" % i] = -i
print("many:", list(e)[:6], list(e)[-6:], len(e))
for round in range(200):
    e["tmp"] = round
    del e["tmp"]
print("churn:", list(e)[-3:], len(e))

# pop and popitem (LIFO)
p = {"a": 1, "b": 2, "c": 3, "d": 4}
print("pop b:", p.pop("b"), p)
print("pop missing:", p.pop("nope", "default"))
p["b"] = 22
print("popitem:", p.popitem(), p.popitem(), p)
p["x"] = 9
print("popitem after insert:", p.popitem(), p)
q = {"one": 1}
del q["one"]
q["two"] = 2
q["three"] = 3
del q["three"]
print("popitem skips deleted:", q.popitem(), q)
try:
    q.popitem()
except KeyError as ex:
    print("KeyError:", ex)

# setdefault adds at the end, or keeps the place
s = {"b": 1, "a": 2}
s.setdefault("c", 3)
s.setdefault("b", 100)
print("setdefault:", s)

# update: a dict, pairs, keyword arguments, in their order
u = {"m": 1, "a": 2}
u.update({"z": 3, "m": 10, "b": 4})
print("update dict:", u)
u.update([("y", 5), ("a", 20)])
print("update pairs:", u)
u.update(q=7, c=8, a=30)
print("update kwargs:", u)

# dict(): mapping, pairs, keyword arguments
print("dict(mapping):", dict({"k": 1, "c": 2, "a": 3}))
print("dict(pairs):", dict([("k", 1), ("c", 2), ("a", 3)]))
print("dict(kwargs):", dict(k=1, c=2, a=3))
print("dict(mapping, kwargs):", dict({"k": 1, "c": 2}, z=3, a=4, k=5))
print("dict(zip):", dict(zip(["q", "w", "e"], [1, 2, 3])))

# comprehensions
print("comprehension:", {k: v * 2 for k, v in d.items() if v > 1})
print("comprehension over list:", {w: len(w) for w in ["pear", "fig", "apple", "kiwi"]})

# **kwargs in the callee, in the order of the call
def kw(**kwargs):
    return kwargs
print("kwargs:", kw(z=1, y=2, x=3))
print("kwargs list:", list(kw(beta=1, alpha=2, gamma=3)))
print("kwargs from **:", kw(**{"n": 1, "b": 2, "k": 3}))
print("kwargs mixed:", kw(q=0, **{"n": 1, "b": 2}))
def partly(a, b=0, **rest):
    return a, b, rest
print("kwargs after params:", partly(1, zz=1, b=2, aa=3, mm=4))
class Op:
    def __init__(self, name, **params):
        self.name = name
        self.params = params
print("kwargs of __init__:", Op("t", retries=3, delay=5, alpha=1).params)

# copy keeps the order and is independent
c = d.copy()
c["new"] = 0
del c["extract"]
print("copy:", list(c))
print("original:", list(d))

# equality ignores order
print("eq:", {"a": 1, "b": 2} == {"b": 2, "a": 1}, {"a": 1} != {"a": 1}, {"a": 1} == {"a": 2})

# clear, then reuse
c.clear()
c["second"] = 2
c["first"] = 1
print("after clear:", c)

# nested dicts and dicts in lists
nested = {"outer": {"z": 1, "a": 2}, "list": [{"y": 1, "b": 2}]}
print("nested:", nested)

# iterating items while building another dict
inv = {}
for k, v in {"x": "1", "c": "2", "m": "3"}.items():
    inv[v] = k
print("inverted:", inv)

# errors name the first bad keyword argument in the order of the call
def strict(a, b=0):
    return a
for call in [lambda: strict(1, zz=1, bb=2, aa=3), lambda: strict(1, b=1, yy=2, a=3)]:
    try:
        call()
    except TypeError as ex:
        print("TypeError:", ex)
