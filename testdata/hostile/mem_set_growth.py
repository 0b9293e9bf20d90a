# Hostile: A set of ten million strings.
s = set()
for i in range(10 ** 7):
    s.add(str(i) * 10)
