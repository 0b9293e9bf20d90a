"""Load-time capture state of the aiflow-go loader.

The loader runs a workflow file once and reads what this module recorded:
the workflows in creation order, the ops calls (recorded, never executed)
and the problems found (a task outside a workflow, a nested workflow).

This file runs under both gpython and CPython, so it keeps to the subset
both accept: no closures, no f-strings, no super(), no tuple concatenation,
no list.pop, no str.join, and it never relies on dict order.
"""
# Workflows entered and not yet left, innermost last.
stack = []
# Every workflow created, in creation order.
workflows = []
# Recorded ops calls: add_workflow_schedule / add_workflow_trigger.
ops_calls = []
# Problems found while the file ran, as dicts with a 'code'.
errors = []
# Calls in progress in the definition file, innermost last, as
# (site, callee, args, kwargs). Both loaders (pydef under gpython, the
# CPython reference dumper) rewrite every call f(...) of the definition file
# into __aiflow_at__(site, f, ...), so the shim knows which call of the file
# created a task or a rule without frame introspection, which gpython lacks.
calls = []
# Site ids of the calls written in the definition file's `if __name__ ==
# "__main__":` blocks, as a set. `aiflow workflow apply` sets
# it: ai_flow.ops calls made from those blocks reach the server, the others
# keep their load meaning (see ai_flow.ops._server).
main_sites = None


# The end of the message of the exception forbid raises.
SERVER_CALL = ' would talk to the AIFlow server'


def at(site, fn, *args, **kwargs):
    calls.append((site, fn, args, kwargs))
    try:
        return fn(*args, **kwargs)
    finally:
        del calls[-1]


def site():
    """The call of the definition file that is running: the innermost entry
    of calls, or 0 when the shim was called from code the loader did not
    rewrite (a helper module). Explicit base-class constructor calls such as
    Condition.__init__(self, keys) inside a user class are skipped, so that
    the site is the call that built the object."""
    i = len(calls) - 1
    while i >= 0:
        if getattr(calls[i][1], '__name__', None) != '__init__':
            return calls[i][0]
        i -= 1
    return 0


def in_main():
    """Whether the running code was called from an `if __name__ ==
    "__main__":` block of the definition file; always True when the blocks
    are not tracked (CPython)."""
    if main_sites is None:
        return True
    for c in calls:
        if c[0] in main_sites:
            return True
    return False


def ctor_args(obj):
    """The arguments, as written, of the constructor call that is building
    obj: [args, kwargs], or None when the call was not in the definition
    file."""
    cls = type(obj)
    i = len(calls) - 1
    while i >= 0:
        entry = calls[i]
        if entry[1] is cls:
            return [list(entry[2]), entry[3]]
        i -= 1
    return None


def current():
    if stack:
        return stack[-1]
    return None


def error(code, where, name):
    errors.append({'code': code, 'site': where, 'name': name})


def forbid(what):
    """Refuses a call that would reach a server. The violation is recorded
    too, so that catching the exception does not hide it."""
    errors.append({'code': 'sandbox-violation', 'site': site(), 'name': what})
    # A builtin exception type: gpython cannot instantiate Python subclasses
    # of Exception. The loader reports the recorded violation instead.
    raise RuntimeError(what + SERVER_CALL)


def export():
    """The capture as plain data: dicts, lists, strings and numbers, plus
    the Python objects the loader inspects itself (callables, classes)."""
    ws = []
    for w in workflows:
        ws.append(w._export())
    ops = []
    for o in ops_calls:
        ops.append(o)
    return {'workflows': ws, 'ops': ops, 'errors': errors}


def export_condition(c):
    if c is None:
        return None
    if not hasattr(c, '_export'):
        return {'kind': 'invalid', 'value': c, 'site': 0}
    return c._export()
