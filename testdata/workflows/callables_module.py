# Python tasks whose functions live in a helper module next to the file, and
# callable arguments of every JSON type.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.python import PythonOperator

from lib import callables
from lib.callables import greet


def local_step():
    print("runs from this file")


with Workflow(name='callables_workflow') as wf:
    hello = PythonOperator(name='hello', python_callable=greet, op_args=['world'])
    stats = PythonOperator(name='stats',
                           python_callable=callables.summarize,
                           op_args=[[1, 2.5, -3], None],
                           op_kwargs={'options': {'round': 2, 'strict': False, 'labels': ['a', 'b'],
                                                  'empty': {}, 'nothing': None}})
    local = PythonOperator(name='local', python_callable=local_step, op_args=[], op_kwargs={})
    stats.start_after(hello)
    local.start_after([hello, stats, hello])
