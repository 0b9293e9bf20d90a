# Three bash tasks that share their retry policy and environment, written with
# a dict of defaults; the YAML twin uses anchors and merge keys.
from ai_flow.model.action import TaskAction
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

DEFAULTS = dict(retries=2, retry_delay=60, timeout=3600,
                env={'PYTHONUNBUFFERED': '1', 'STAGE': 'prod'})

with Workflow(name='shared_defaults') as wf:
    a = BashOperator(name='a', bash_command='./run.sh a', **DEFAULTS)
    b = BashOperator(name='b', bash_command='./run.sh b', **dict(DEFAULTS, retries=5))
    c = BashOperator(name='c', bash_command='./run.sh c', cwd='/srv', **DEFAULTS)
    for t in (b, c):
        t.start_after(a)
        t.action_on_event_received(event_key='rerun', action=TaskAction.RESTART)
