# The task runner imports a callable by name: lambdas and nested functions
# cannot be found.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.python import PythonOperator


def make_step(n):
    def step():
        print(n)
    return step


with Workflow(name='callables') as w:
    PythonOperator(name='anon', python_callable=lambda: print('hi'))  # want bad-callable 49 "lambda"
    PythonOperator(name='nested', python_callable=make_step(2))  # want bad-callable 51 "step"
    PythonOperator(name='not_callable', python_callable='print')  # want bad-callable 57 "function|callable"
