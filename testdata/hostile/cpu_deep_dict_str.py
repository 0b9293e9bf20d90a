# Hostile: str() of a 200,000-deep nested dict.
d = {}
x = d
for i in range(200000):
    x['a'] = {}
    x = x['a']
s = str(d)
