# Builtin methods read from their class are unbound method descriptors.
print(str.strip("  abc "))
print("  abc ".strip())
print(str.join(",", ["a", "b"]))
print(str.split("a b c"))
print(str.replace("aaa", "a", "b"))
print(str.startswith("abc", "ab"))
print(list(map(str.strip, [" a ", "b  "])))
print(list(map(str.ljust, ["a", "bb"], [3, 3])))
x = "Hello"
print(type(x).rjust(x, 7, "*"))
print(type(x).find(x, "l"))
l = [3, 1]
list.append(l, 2)
print(l)
type(l).extend(l, [5])
print(l)
d = {"a": 1}
print(dict.get(d, "a"), dict.get(d, "z", 0))
print(sorted(dict.keys(d)))
print(sorted(type(d).items(d)))
s = {1, 2}
print(sorted(set.union(s, {3})))
try:
    str.strip(5)
except TypeError as e:
    print("TypeError", e)
try:
    list.append("x", 1)
except TypeError as e:
    print("TypeError", e)
try:
    str.strip()
except TypeError as e:
    print("TypeError", e)
