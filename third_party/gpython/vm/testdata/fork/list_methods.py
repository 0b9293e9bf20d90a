# list and tuple methods.
l = [1, 2, 3, 2]
print(l.pop(), l)
print(l.pop(0), l)
print(l.pop(-1), l)
for bad in ([], [1]):
    try:
        bad.pop(5) if bad else bad.pop()
    except IndexError as e:
        print("IndexError", e)
l = [1, 3]
l.insert(1, 2)
l.insert(-100, 0)
l.insert(100, 4)
l.insert(-1, 3.5)
print(l)
l = ["a", "b", "a", "c"]
l.remove("a")
print(l)
try:
    l.remove("z")
except ValueError as e:
    print("ValueError", e)
print(l.index("a"), l.index("c", 1), l.index("b", -3, -1))
try:
    l.index("z")
except ValueError as e:
    print("ValueError", e)
print(l.count("b"), l.count("z"), [1, 1.0, True].count(1))
l.reverse()
print(l)
c = l.copy()
c.append("d")
print(l, c)
c.clear()
print(c, l)
t = (1, 2, 3, 2)
print(t.index(2), t.index(2, 2), t.count(2), t.count(9))
try:
    t.index(9)
except ValueError as e:
    print("ValueError", e)
print(list.pop([7, 8]), tuple.count((1, 1), 1), list.index(["x"], "x"))
