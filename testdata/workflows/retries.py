# aiflow-go's operator extensions: retries with a delay and exponential
# backoff, timeouts, and the environment and working directory of bash tasks.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator


def flaky(attempts, url=None, verbose=False):
    import urllib.request
    with urllib.request.urlopen(url, timeout=10) as resp:
        print(f"{attempts} attempts, got HTTP {resp.status}")


with Workflow(name='resilient') as wf:
    fetch = BashOperator(name='fetch',
                         bash_command='curl -fsS "$SOURCE_URL" -o data.csv',
                         env={'SOURCE_URL': 'https://example.com/data.csv', 'LANG': 'C.UTF-8'},
                         cwd='/var/lib/aiflow/data',
                         retries=3,
                         retry_delay=30,
                         retry_exponential_backoff=True,
                         timeout=600)
    check = PythonOperator(name='check',
                           python_callable=flaky,
                           op_args=[3],
                           op_kwargs={'url': 'https://example.com/health', 'verbose': True},
                           retries=1,
                           retry_delay=1.5,
                           timeout=5400)
    check.start_after(fetch)
    quick = BashOperator(name='quick', bash_command='true', timeout=0.25, retries=0)
