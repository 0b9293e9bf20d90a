# Hostile: Inserting at the front of a growing list: quadratic.
l = []
for i in range(10 ** 7):
    l.insert(0, i)
