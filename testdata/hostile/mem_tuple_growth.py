# Hostile: Tuples rebuilt bigger and kept.
keep = []
t = ()
for i in range(100000):
    t = t + (i,) * 100
    keep.append(t)
