# A misspelled import becomes a stub with a warning; the callable would fail.
import reqeusts

from ai_flow.model.workflow import Workflow
from ai_flow.operators.python import PythonOperator


def fetch():
    reqeusts.get('https://example.com')


with Workflow(name='fetcher') as w:
    PythonOperator(name='fetch', python_callable=fetch)
# want@2 stubbed-import 1 "reqeusts"
