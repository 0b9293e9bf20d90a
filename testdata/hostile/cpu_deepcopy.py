# Hostile: copy.deepcopy of a deep structure.
import copy
l = []
x = l
for i in range(200000):
    y = []
    x.append(y)
    x = y
c = copy.deepcopy(l)
