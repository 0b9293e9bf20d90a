d = {'a': 1, 'b': 2}
print(d.pop('a'), d.pop('zz', 0), sorted(d.items()))
d.update({'c': 3}, e=5); d.update([('f', 6)])
print(sorted(d.keys()), d.setdefault('b', 9), d.setdefault('g', 7), d.get('g'))
e = d.copy(); d.clear()
print(len(d), len(e), sorted(dict.fromkeys(['x', 'y'], 0).items()))
