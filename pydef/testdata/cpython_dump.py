"""Reference loader for pydef's differential test.

Usage: python3 cpython_dump.py SHIM_DIR FILE

Runs FILE under CPython with the embedded ai_flow shim (SHIM_DIR) first on
sys.path, the way pydef runs it under gpython: as a module named after the
file stem, every call of the file wrapped as __aiflow_at__(line, callee,
args...) so that the shim records call sites, and unknown imports replaced
by stubs. Prints the capture as JSON in the form pydef's test builds from
the gpython run: Python objects become descriptors, call sites become lines.
"""
import ast
import builtins
import importlib.abc
import importlib.machinery
import json
import os
import sys
import types

sys.dont_write_bytecode = True

SKIP = {'globals', 'locals', 'vars', 'dir', 'eval', 'exec', 'compile', 'super'}


def chain_root(e):
    if isinstance(e, ast.Name):
        return e.id
    if isinstance(e, ast.Attribute):
        return chain_root(e.value)
    return None


class Instrument(ast.NodeTransformer):
    """Wraps calls of dotted names like pydef's call pass does."""

    def __init__(self):
        self.decorators = set()

    def visit_FunctionDef(self, node):
        for d in node.decorator_list:
            if isinstance(d, ast.Call):
                self.decorators.add(id(d))
        self.generic_visit(node)
        return node

    visit_ClassDef = visit_FunctionDef
    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node):
        decorator = id(node) in self.decorators
        self.generic_visit(node)
        root = chain_root(node.func)
        generator = any(isinstance(a, ast.GeneratorExp) for a in node.args)
        if decorator or generator or root is None or root in SKIP or (len(root) > 4 and root.startswith('__') and root.endswith('__')):
            return node
        site = ast.Constant(node.func.lineno)
        call = ast.Call(func=ast.Name('__aiflow_at__', ast.Load()),
                        args=[site, node.func] + node.args, keywords=node.keywords)
        return ast.copy_location(call, node)


class StubValue:
    """What an attribute of a stub module is: using it fails."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, attr):
        if attr.startswith('__'):
            raise AttributeError(attr)
        return StubValue(self._name + '.' + attr)

    def __call__(self, *args, **kwargs):
        raise ImportError('%s is only available inside tasks' % self._name)


class StubModule(types.ModuleType):

    def __getattr__(self, attr):
        if attr.startswith('__'):
            raise AttributeError(attr)
        return StubValue(self.__name__ + '.' + attr)


class StubLoader(importlib.abc.Loader):

    def create_module(self, spec):
        m = StubModule(spec.name)
        m.__path__ = []
        return m

    def exec_module(self, module):
        pass


class StubFinder(importlib.abc.MetaPathFinder):
    """Last on sys.meta_path: serves a stub for any module not installed."""

    def find_spec(self, name, path, target=None):
        return importlib.machinery.ModuleSpec(name, StubLoader(), is_package=True)


def main():
    shim, path = sys.argv[1], sys.argv[2]
    folder = os.path.dirname(os.path.abspath(path))
    sys.path[:0] = [shim, folder]
    sys.meta_path.append(StubFinder())
    from ai_flow import _capture
    builtins.__aiflow_at__ = _capture.at
    with open(path, encoding='utf-8') as f:
        src = f.read()
    tree = Instrument().visit(ast.parse(src, path))
    ast.fix_missing_locations(tree)
    code = compile(tree, path, 'exec')
    stem = os.path.splitext(os.path.basename(path))[0]
    mod = types.ModuleType(stem)
    mod.__file__ = path
    sys.modules[stem] = mod
    out = {}
    # pydef loads with an empty environment (Options.Env nil).
    os.environ.clear()
    try:
        exec(code, mod.__dict__)
    except BaseException as e:
        line = 0
        tb = e.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == path:
                line = tb.tb_lineno
            tb = tb.tb_next
        out['error'] = {'type': type(e).__name__, 'line': line}
    capture = _capture.export()
    values = list(mod.__dict__.values())
    for w in capture['workflows']:
        w['bound'] = any(v is w['object'] for v in values)
    out['capture'] = Dumper(path, folder, shim).value(capture)
    print(json.dumps(out, sort_keys=True, indent=1))


class Dumper:

    def __init__(self, path, folder, shim):
        self.path = path
        self.folder = folder
        self.shim = os.path.abspath(shim)

    def rel(self, file):
        if file is None:
            return ''
        file = os.path.abspath(file)
        if file.startswith(self.shim + os.sep):
            return '<shim>'
        return os.path.relpath(file, self.folder).replace(os.sep, '/')

    def value(self, v):
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if isinstance(v, (list, tuple)):
            return [self.value(x) for x in v]
        if type(v) is dict and all(type(k) is str for k in v):
            return {k: self.value(x) for k, x in v.items()}
        if isinstance(v, types.FunctionType):
            return {'function': v.__name__, 'qualname': v.__qualname__, 'file': self.rel(v.__code__.co_filename)}
        cls = type(v)
        mod = sys.modules.get(cls.__module__)
        return {'object': cls.__name__, 'file': self.rel(getattr(mod, '__file__', None))}


if __name__ == '__main__':
    main()
