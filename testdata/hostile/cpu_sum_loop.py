# Hostile: sum() over big ranges in a loop.
t = 0
for i in range(100000):
    t += sum(range(10 ** 6))
