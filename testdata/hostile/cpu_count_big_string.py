# Hostile: count() on 60 MB strings in a loop.
s = 'ab' * (30 << 20)
n = 0
for i in range(100000):
    n += s.count('b')
