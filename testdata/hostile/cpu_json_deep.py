# Hostile: json.dumps of a 200,000-deep list.
import json
l = []
x = l
for i in range(200000):
    y = []
    x.append(y)
    x = y
s = json.dumps(l)
