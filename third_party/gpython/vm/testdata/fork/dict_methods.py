# dict methods.
d = {"a": 1, "b": 2, "c": 3}
print(d.pop("a"), d, d.pop("z", None), d.pop("z", 0))
try:
    d.pop("z")
except KeyError as e:
    print("KeyError", e)
print(d.popitem(), d)
try:
    {}.popitem()
except KeyError as e:
    print("KeyError", e)
c = d.copy()
c["x"] = 9
print(sorted(d.items()), sorted(c.items()))
c.clear()
print(c, d)
print(d.setdefault("b", 7), d.setdefault("n"), d.setdefault("m", []), sorted(d))
d.setdefault("m", []).append(1)
print(d["m"])
print(dict.pop({"k": 1}, "k"), dict.copy({"k": 2}))
