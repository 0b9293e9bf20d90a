import json
print(json.dumps({'b': [1, 2.5, None, True], 'a': 'x"y'}, sort_keys=True))
print(json.dumps({'k': {'n': [1, {}]}, 'e': []}, indent=2, sort_keys=True))
print(json.dumps([1, 'é'], separators=(',', ':')), json.dumps('é', ensure_ascii=False))
d = json.loads('{"a": [1, 2.0, "s", null, false], "b": {"c": 12345678901234}}')
print(sorted(d), d['a'], d['b']['c'])
