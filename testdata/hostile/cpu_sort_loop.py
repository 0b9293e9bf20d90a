# Hostile: Sorting a million items over and over.
l = list(range(1000000))
for i in range(100000):
    l.sort(reverse=(i % 2 == 0))
