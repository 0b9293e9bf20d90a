l = [3, 1, 2, 1]
print(l.pop(), l.pop(0), l)
l.insert(0, 9); l.insert(-1, 7); l.insert(100, 8)
print(l, l.index(7), l.count(9))
l.remove(9); l.reverse()
c = l.copy(); l.clear()
print(l, c)
c.sort(key=lambda x: -x)
print(c, (1, 2, 1).count(1), (1, 2, 3).index(3))
