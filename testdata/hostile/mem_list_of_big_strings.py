# Hostile: Each string is under the per-object limit; together they are 60 GB.
l = []
for i in range(1000):
    l.append('x' * (60 << 20) + str(i))
