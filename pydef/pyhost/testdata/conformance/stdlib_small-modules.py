import warnings, contextlib, types, operator, textwrap, pprint, hashlib, base64, importlib
warnings.filterwarnings('ignore')
contextmanager = contextlib.contextmanager
@contextmanager
def ctx(x):
    yield x * 2
with ctx(4) as v:
    print(v)
ns = types.SimpleNamespace(a=1, b='x')
print(ns.a, ns.b, operator.itemgetter(1)([5, 6]), operator.attrgetter('a')(ns), operator.add(2, 3))
print(repr(textwrap.dedent('''
    a
      b
''')), textwrap.shorten('hello big world', 12))
pprint.pprint({'k': [1, 2]})
print(hashlib.sha256(b'abc').hexdigest()[:16], hashlib.md5('x'.encode()).hexdigest())
print(base64.b64encode(b'hello'), base64.b64decode(b'aGVsbG8='))
print(importlib.import_module('json').dumps([1]), importlib.import_module('os.path').basename('/a/b'))
