#
# A user operator class, a callable from a helper module next to the file,
# a plain Operator, and extra keyword arguments kept in the task config.
#
from ai_flow.model.operator import AIFlowOperator, Operator
from ai_flow.model.workflow import Workflow
from ai_flow.operators.python import PythonOperator
from lib.tasks import EchoOperator, greet


class CountOperator(AIFlowOperator):

    def __init__(self, name, limit=3, **kwargs):
        super().__init__(name, **kwargs)
        self.limit = limit

    def start(self, context):
        for i in range(self.limit):
            print(i)


with Workflow(name='custom_operators', namespace='team_a', owner='me', tags=['x', 'y']) as wf:
    count = CountOperator('count', limit=5, retries=1, priority='high')
    echo = EchoOperator(name='echo', text='done', timeout=30)
    hello = PythonOperator(name='hello', python_callable=greet, op_args=['world'],
                           op_kwargs={'punctuation': '?'}, retry_dealy=10)
    barrier = Operator(name='barrier')
    echo.start_after([count, hello])
    barrier.start_after(echo)
