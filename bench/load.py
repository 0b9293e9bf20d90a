"""What AIFlow pays to load definitions: CPython executing each file as a
module with the ai_flow package on sys.path and collecting its top-level
Workflow objects. Used by bench/load.sh as the baseline for aiflow-go.

usage: python3 load.py SHIM_DIR FILE...   (prints the number of workflows)
With REPEAT=N in the environment it loads every file N times and prints the
mean in-process time per load in microseconds instead.
"""
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import time
import types

# Task-only libraries that the benchmark files import at the top level. A
# user's machine has them installed (and AIFlow pays for importing them); here
# they are empty stand-ins, which only makes python3 look faster.
TASK_ONLY = {"numpy", "sklearn", "joblib", "pandas", "pyflink", "pyspark", "torch"}


class _Stub(types.ModuleType):
    __path__ = []

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Stub(self.__name__ + "." + name)


class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in TASK_ONLY:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        return _Stub(spec.name)

    def exec_module(self, module):
        pass


sys.meta_path.append(_StubFinder())


def load(path):
    from ai_flow.model.workflow import Workflow
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return [v for v in vars(mod).values() if isinstance(v, Workflow)]


def main():
    sys.path.insert(0, sys.argv[1])
    repeat = int(os.environ.get("REPEAT", "0"))
    if repeat:
        files = sys.argv[2:]
        for path in files:  # warm imports and the bytecode of the shim
            sys.path.insert(1, os.path.dirname(os.path.abspath(path)))
            load(path)
            del sys.path[1]
        start = time.perf_counter()
        for _ in range(repeat):
            for path in files:
                sys.path.insert(1, os.path.dirname(os.path.abspath(path)))
                load(path)
                del sys.path[1]
        print("%.1f" % ((time.perf_counter() - start) / (repeat * len(files)) * 1e6))
        return
    n = 0
    for path in sys.argv[2:]:
        sys.path.insert(1, os.path.dirname(os.path.abspath(path)))
        n += len(load(path))
        del sys.path[1]
    print(n)


if __name__ == "__main__":
    main()
