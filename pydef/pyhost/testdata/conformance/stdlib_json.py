import json
print(json.dumps({'b': [1, 2.5, None, True], 'a': 'x"y'}, sort_keys=True))
print(json.dumps({'k': {'n': [1, {}]}, 'e': []}, indent=2, sort_keys=True))
print(json.dumps([1, 'é'], separators=(',', ':')), json.dumps('é', ensure_ascii=False))
d = json.loads('{"a": [1, 2.0, "s", null, false], "b": {"c": 12345678901234}}')
print(sorted(d), d['a'], d['b']['c'])
print(repr(json.dumps([1, [2]], indent=-1)), json.dumps([-0.0, 1e16, 1.5, 1e-7]), repr(json.dumps({'a': [1]}, indent='\t')))
