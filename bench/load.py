"""What AIFlow pays to load definitions: CPython executing each file as a
module with the ai_flow package on sys.path and collecting its top-level
Workflow objects. Used by bench/load.sh as the baseline for aiflow-go.

usage: python3 load.py SHIM_DIR FILE...   (prints the number of workflows)
With REPEAT=N in the environment it loads every file N times and prints the
mean in-process time per load in microseconds instead.
"""
import importlib.util
import os
import sys
import time


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
