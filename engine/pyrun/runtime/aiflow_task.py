"""aiflow-go's Python task runner: runs one task of a workflow definition
under CPython, as AIFlow's task manager does.

Usage: python3 -u aiflow_task.py SNAPSHOT_DIR FILE WORKFLOW TASK [OPERATOR]

FILE is the workflow definition, relative to SNAPSHOT_DIR; its own folder
and the snapshot folder come first on sys.path (so helper modules uploaded
with it import), this runtime's ai_flow package after them.

A Python definition is executed again, as a module named after its stem,
and the task named TASK of the workflow named WORKFLOW is taken from it, as
AIFlow's task manager does. For any other definition (YAML), OPERATOR is
the task's operator as JSON, the IR's {"python": {"file", "python_callable",
"op_args", "op_kwargs"}} or {"custom": {"file", "class"}}, with file
relative to the definition's folder: the module is imported and the
operator built from it, inside a Workflow named WORKFLOW.

The task's operator then runs: a PythonOperator calls
python_callable(*op_args, **op_kwargs), with params=context.params added
when the callable declares a params parameter that its arguments leave
unset; any other AIFlowOperator gets start(context), then
await_termination(context). SIGTERM calls stop(context) and ends the run.
A plain Operator does nothing.

The context is AIFlow's task-execution context: context.workflow (its
namespace is AIFLOW_NAMESPACE), context.task_execution_key
(workflow_execution_id, task_name, seq_num from AIFLOW_EXECUTION_ID and
AIFLOW_SEQUENCE_NUMBER) and aiflow-go's context.params, the execution's
parameters (the JSON object AIFLOW_PARAMS, {} when unset).

Exit status: 0 the task succeeded; 1 it raised (the traceback is on
stderr); 2 it could not be loaded (bad arguments, the definition raised, no
such workflow or task); 143 it was stopped by SIGTERM.
"""
import os
import signal
import sys
import traceback

EXIT_FAILED = 1
EXIT_LOAD = 2
EXIT_STOPPED = 128 + signal.SIGTERM

RUNNER = os.path.abspath(__file__)
ROOT = os.path.dirname(RUNNER)


def fail(code, message):
    print('aiflow: ' + message, file=sys.stderr)
    sys.exit(code)


def print_error(e):
    """Prints e's traceback without the runner's own frames and, when task
    code called into the runtime, without the runtime's frames below it:
    the task's author wants the line of their code that failed."""
    tb = e.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == RUNNER:
        tb = tb.tb_next
    te = traceback.TracebackException(type(e), e, tb)
    frames = list(te.stack)
    end = len(frames)
    while end > 0 and frames[end - 1].filename.startswith(ROOT + os.sep):
        end -= 1
    if 0 < end < len(frames):
        te.stack = traceback.StackSummary.from_list(frames[:end])
    print(''.join(te.format()), end='', file=sys.stderr)


def setup_path(snapshot, path):
    # sys.path[0] is this script's folder; the task's folders go first so
    # that its own modules win, then the runtime.
    folders = []
    for f in (os.path.dirname(path), snapshot, ROOT):
        if f not in folders:
            folders.append(f)
    sys.path[0:1] = folders


def runtime_forbid(what):
    from ai_flow.common.exception.exceptions import AIFlowException
    raise AIFlowException(what + ' is not available in aiflow-go task code; run the aiflow command instead')


def python_start(self, context):
    # AIFlow's PythonOperator.start: the context is not passed. As in
    # Airflow, a callable that declares params gets the parameters.
    kwargs = self.op_kwargs
    if wants_params(self.python_callable, self.op_args, kwargs):
        kwargs = dict(kwargs, params=context.params)
    self.python_callable(*self.op_args, **kwargs)


def wants_params(fn, args, kwargs):
    """Whether fn has a parameter named params that args and kwargs leave
    unset. When they do not fit fn at all, the call itself says why."""
    import inspect
    try:
        sig = inspect.signature(fn)
        p = sig.parameters.get('params')
        if p is None or p.kind not in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
            return False
        return 'params' not in sig.bind_partial(*args, **kwargs).arguments
    except (TypeError, ValueError):
        return False


def int_env(name):
    v = os.environ.get(name)
    if not v:
        return None
    try:
        return int(v)
    except ValueError:
        fail(EXIT_LOAD, '%s must be an integer, got %r' % (name, v))


def env_params():
    import json
    raw = os.environ.get('AIFLOW_PARAMS') or '{}'
    try:
        params = json.loads(raw)
    except ValueError:
        params = None
    if not isinstance(params, dict) or not all(isinstance(v, str) for v in params.values()):
        fail(EXIT_LOAD, 'AIFLOW_PARAMS must be a JSON object of strings, got %r' % raw)
    return params


def module_name(stem):
    # The definition is imported under its own name, as in pydef, unless
    # that would shadow a module already loaded or from the standard
    # library (a definition named json.py).
    taken = stem in sys.modules or stem in getattr(sys, 'stdlib_module_names', ())
    if not stem.isidentifier() or taken:
        return '_aiflow_' + ''.join(c if c.isalnum() else '_' for c in stem)
    return stem


def load(path):
    import importlib.util
    name = module_name(os.path.splitext(os.path.basename(path))[0])
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    try:
        spec.loader.exec_module(mod)
    except BaseException as e:
        print('aiflow: loading %s failed:' % path, file=sys.stderr)
        print_error(e)
        sys.exit(EXIT_LOAD)
    return mod


def definition_task(path, file, workflow_name, task_name):
    """The workflow and operator of a Python definition, executed again."""
    from ai_flow import _capture
    load(path)
    workflow = None
    for w in _capture.workflows:
        if w.name == workflow_name:
            workflow = w
            break
    if workflow is None:
        names = ', '.join(repr(w.name) for w in _capture.workflows) or 'none'
        fail(EXIT_LOAD, 'workflow %r is not defined in %s (defined: %s)' % (workflow_name, file, names))
    op = workflow.tasks.get(task_name)
    if op is None:
        names = ', '.join(repr(n) for n in workflow.tasks) or 'none'
        fail(EXIT_LOAD, 'workflow %r has no task %r (tasks: %s)' % (workflow_name, task_name, names))
    return workflow, op


def operator_task(folder, spec, workflow_name, task_name):
    """A workflow and operator built from the code an IR operator names."""
    import json
    from ai_flow.model.operator import AIFlowOperator
    from ai_flow.model.workflow import Workflow
    from ai_flow.operators.python import PythonOperator
    try:
        spec = json.loads(spec)
    except ValueError as e:
        fail(EXIT_LOAD, 'bad operator argument: %s' % e)
    args = spec.get('python') or spec.get('custom')
    if not isinstance(args, dict) or not args.get('file'):
        fail(EXIT_LOAD, 'bad operator argument: want {"python": {...}} or {"custom": {...}} with a file')
    path = os.path.join(folder, args['file'])
    if not os.path.isfile(path):
        fail(EXIT_LOAD, 'task %r: %s not found' % (task_name, path))
    mod = load(path)
    attr = args.get('python_callable') if 'python' in spec else args.get('class')
    code = getattr(mod, attr or '', None)
    if code is None:
        fail(EXIT_LOAD, 'task %r: %s defines no %r' % (task_name, args['file'], attr))
    if 'python' not in spec and not (isinstance(code, type) and issubclass(code, AIFlowOperator)):
        fail(EXIT_LOAD, 'task %r: %s in %s is not a subclass of AIFlowOperator' % (task_name, attr, args['file']))
    workflow = Workflow(name=workflow_name)
    with workflow:
        try:
            if 'python' in spec:
                op = PythonOperator(name=task_name, python_callable=code,
                                    op_args=args.get('op_args'), op_kwargs=args.get('op_kwargs'))
            else:
                op = code(task_name)
        except Exception as e:
            print('aiflow: task %r: creating its operator failed:' % task_name, file=sys.stderr)
            print_error(e)
            sys.exit(EXIT_LOAD)
    return workflow, op


def main(argv):
    if sys.version_info < (3, 8):
        fail(EXIT_LOAD, 'tasks need Python 3.8 or later, %s is %s; set python_executable in aiflow_server.yaml'
             % (sys.executable, sys.version.split()[0]))
    if len(argv) not in (5, 6):
        fail(EXIT_LOAD, 'usage: aiflow_task.py SNAPSHOT_DIR FILE WORKFLOW TASK [OPERATOR]')
    snapshot, file, workflow_name, task_name = argv[1:5]
    snapshot = os.path.abspath(snapshot)
    path = os.path.join(snapshot, file)
    if not os.path.isfile(path):
        fail(EXIT_LOAD, 'definition file %s not found' % path)
    # Nothing to stop yet while the task loads.
    signal.signal(signal.SIGTERM, lambda signum, frame: os._exit(EXIT_STOPPED))
    # Bytecode goes into the runtime folder, not into the snapshot, which
    # stays as it was uploaded.
    if sys.pycache_prefix is None:
        sys.pycache_prefix = os.path.join(ROOT, '.pycache')

    # The definition shim refuses calls that would reach a server; in a
    # task the notification clients work, and what is left gets a message
    # meant for task code. Patched before any module imports it.
    from ai_flow import _capture
    _capture.forbid = runtime_forbid
    from ai_flow.ops import _binding
    _binding.in_task = True
    from ai_flow.common.exception.exceptions import TaskForceStoppedException
    from ai_flow.model.internal.contexts import TaskExecutionContext
    from ai_flow.model.internal.contexts import set_runtime_task_context
    from ai_flow.model.operator import AIFlowOperator
    from ai_flow.model.task_execution import TaskExecutionKey
    from ai_flow.operators.python import PythonOperator
    PythonOperator.start = python_start
    # Only now: a module of the task named like one the runtime uses
    # (json.py) must not replace it.
    setup_path(snapshot, path)

    if len(argv) == 6:
        workflow, op = operator_task(os.path.dirname(path), argv[5], workflow_name, task_name)
    else:
        workflow, op = definition_task(path, file, workflow_name, task_name)
    # AIFlow's task log has the task's INFO records; a definition that set
    # up logging itself keeps its own setup.
    import logging
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    # An upload may put a workflow that names no namespace into another.
    workflow.namespace = os.environ.get('AIFLOW_NAMESPACE') or workflow.namespace

    key = TaskExecutionKey(int_env('AIFLOW_EXECUTION_ID'), task_name, int_env('AIFLOW_SEQUENCE_NUMBER'))
    context = TaskExecutionContext(workflow=workflow, task_execution_key=key, params=env_params())
    set_runtime_task_context(context)
    if not isinstance(op, AIFlowOperator):
        # A plain Operator is a valid task that does nothing (AIFlow §1.2).
        return 0
    if type(op).start is AIFlowOperator.start:
        fail(EXIT_LOAD, 'task %r (%s) has no start() to run' % (task_name, type(op).__name__))

    stopping = []

    def on_sigterm(signum, frame):
        if stopping:
            os._exit(EXIT_STOPPED)
        stopping.append(signum)
        try:
            op.stop(context)
        except BaseException as e:
            print('aiflow: stop() of task %r raised:' % task_name, file=sys.stderr)
            print_error(e)
        raise TaskForceStoppedException('task %r received SIGTERM' % task_name)

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        op.start(context)
        op.await_termination(context)
    except BaseException as e:
        if stopping:
            print('aiflow: task %r stopped' % task_name, file=sys.stderr)
            return EXIT_STOPPED
        if isinstance(e, SystemExit) and not e.code:
            return 0
        print_error(e)
        return EXIT_FAILED
    if stopping:
        return EXIT_STOPPED
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
