# Hostile: repr() of a 200,000-deep nested list.
l = []
x = l
for i in range(200000):
    y = []
    x.append(y)
    x = y
s = repr(l)
