# Hostile: A dict holding lists of a million items each.
d = {}
for i in range(1000):
    d[str(i)] = list(range(1000000))
