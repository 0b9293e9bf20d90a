# Hostile: Growing strings, every step kept.
keep = []
s = ''
for i in range(100000):
    s += 'abc' * 1000
    keep.append(s)
