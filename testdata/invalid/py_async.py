# async functions are not supported by the definition loader, even as callables.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.python import PythonOperator


async def fetch():  # want unsupported-syntax 1 "async"
    return 1

with Workflow(name='asyncwf') as w:
    PythonOperator(name='t', python_callable=fetch)
