# Dicts keep insertion order through the loader's helpers and modules
# (fork patch 32): displays, rewritten syntax, json, re, functools,
# collections, copy, str.format, keyword arguments.
import collections
import copy
import functools
import json
import re


class Op(object):
    def __init__(self, name, **params):
        self.name = name
        self.params = params


def kw(**kwargs):
    return kwargs


k1, k2 = 'zeta', 'alpha'
print({k1: 1, k2: 2, 'mid': 3})
base = {'z': 1, 'a': 2}
print({**base, 'm': 3, **{'b': 4, 'z': 10}})
print(kw(**base, y=5, **{'c': 6}))
print(Op('t', retries=3, delay=5, alpha=1).params)
print(f"{ {'q': 1, 'b': 2} }")
d = {'y': 1, 'x': 2}
d.update(w=3, a=4)
print(d, list(d))
print(dict.fromkeys(['c', 'a', 'b'], 0))
print(json.dumps({'z': 1, 'a': [{'y': 2, 'b': 3}], 'm': None}))
print(json.dumps({'z': 1, 'a': 2}, sort_keys=True))
print(json.dumps({'z': 1, 'a': {'y': 2, 'b': 3}}, indent=2))
loaded = json.loads('{"z": 1, "a": {"y": 2, "b": 3}, "m": [1, {"k": 0, "c": 1}], "z": 9}')
print(loaded, list(loaded), list(loaded['a']))
print(json.loads(json.dumps(loaded)) == loaded)
m = re.match(r'(?P<year>\d+)-(?P<month>\d+)-(?P<day>\d+)', '2024-05-06')
print(m.groupdict())
p = functools.partial(kw, z=1, a=2)
print(p.keywords, p(m=3, b=4))
od = collections.OrderedDict()
od['z'] = 1
od['a'] = 2
print(list(od.items()))
dd = collections.defaultdict(list)
dd['z'].append(1)
dd['a'].append(2)
print(list(dd))
deep = {'outer': {'z': 1, 'a': 2}, 'k': [1]}
c = copy.deepcopy(deep)
c['outer']['b'] = 3
print(c, deep)
print(copy.copy(deep))
print('{z} {a}'.format(**{'z': 1, 'a': 2}), '{0}'.format({'z': 1, 'a': 2}))
tasks = []
commands = {'extract': 'e.sh', 'transform': 't.sh', 'load': 'l.sh'}
for name, cmd in commands.items():
    tasks.append(name)
print(tasks)
popped = {'a': 1, 'b': 2, 'c': 3}
del popped['a']
popped['a'] = 4
print(popped.popitem(), popped)
print({x: str(x) for x in ['q', 'c', 'b']})
