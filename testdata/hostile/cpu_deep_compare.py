# Hostile: == on two 200,000-deep structures.
a = []
b = []
x, y = a, b
for i in range(200000):
    x.append([])
    y.append([])
    x, y = x[0], y[0]
r = a == b
