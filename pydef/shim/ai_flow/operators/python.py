"""PythonOperator. The callable runs later, under CPython, in the task.
The names AIFlow's module imports are importable from it too."""
from ai_flow.common.exception.exceptions import AIFlowException
from ai_flow.model.context import Context
from ai_flow.model.operator import AIFlowOperator


class PythonOperator(AIFlowOperator):

    def __init__(self, name=None, python_callable=None, op_args=None, op_kwargs=None, **kwargs):
        AIFlowOperator.__init__(self, name, **kwargs)
        self._kind = 'python'
        self.python_callable = python_callable
        # As in AIFlow; the task's arguments keep what was written.
        self.op_args = op_args or []
        self.op_kwargs = op_kwargs or {}
        self._args = {'python_callable': python_callable, 'op_args': op_args, 'op_kwargs': op_kwargs}
