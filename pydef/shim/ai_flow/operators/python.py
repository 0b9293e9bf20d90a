"""PythonOperator. The callable runs later, under CPython, in the task."""
from ai_flow.model.operator import AIFlowOperator


class PythonOperator(AIFlowOperator):

    def __init__(self, name=None, python_callable=None, op_args=None, op_kwargs=None, **kwargs):
        AIFlowOperator.__init__(self, name, **kwargs)
        self._kind = 'python'
        self.python_callable = python_callable
        self.op_args = op_args
        self.op_kwargs = op_kwargs
        self._args = {'python_callable': python_callable, 'op_args': op_args, 'op_kwargs': op_kwargs}
