# Unknown operator keywords are kept in the task's config, with a warning.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator


def f():
    pass


with Workflow(name='kwargs') as w:
    t1 = BashOperator(name='t1', bash_command='echo 1', retrys=3)  # want unknown-argument 57 "retrys.*did you mean .retries."
    t2 = PythonOperator(name='t2', python_callable=f, op_kwarg={'a': 1})  # want unknown-argument 55 "op_kwarg.*did you mean .op_kwargs."
    t3 = BashOperator(name='t3', bash_command='echo 3', queue='gpu')  # want unknown-argument 57 "queue"
