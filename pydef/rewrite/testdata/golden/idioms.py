"""
A definition written the way Python users write them: constants from json,
an Enum of regions, a small builder class with inheritance and super(),
helper functions, loops, typing and a dict keyed by operators.
"""
import json
import logging
import os.path
from enum import Enum
from typing import Dict, List, Optional

from ai_flow.model.action import TaskAction
from ai_flow.model.operator import Operator
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator

log = logging.getLogger(__name__)

SETTINGS = json.loads('{"bucket": "s3://lake", "tables": ["users", "orders", "items"], "retries": 2}')
SCRIPTS = os.path.join('/opt', 'etl', 'scripts')


class Region(Enum):
    EU = 'eu'
    US = 'us'


def export_table(table, region='eu'):
    print(json.dumps({'table': table, 'region': region}))


class TaskFactory(object):
    def __init__(self, prefix: str):
        self.prefix = prefix
        self.created: List[Operator] = []

    def name(self, *parts) -> str:
        return '_'.join([self.prefix] + [str(p) for p in parts])

    def bash(self, suffix: str, script: str, **kwargs) -> BashOperator:
        op = BashOperator(name=self.name(suffix),
                          bash_command='bash ' + os.path.join(SCRIPTS, script), **kwargs)
        self.created.append(op)
        return op


class RegionalFactory(TaskFactory):
    def __init__(self, region: Region):
        super().__init__('etl_' + region.value)
        self.region = region

    def export(self, table: str, upstream: Optional[Operator] = None) -> PythonOperator:
        op = PythonOperator(name=self.name('export', table), python_callable=export_table,
                            op_args=[table], op_kwargs={'region': self.region.value},
                            retries=SETTINGS['retries'])
        if upstream is not None:
            op.start_after(upstream)
        self.created.append(op)
        return op


def fan_in(target: Operator, upstreams, status=TaskStatus.SUCCESS):
    statuses: Dict[Operator, str] = {up: status for up in upstreams}
    target.action_on_task_status(TaskAction.START, statuses)


with Workflow(name='regional_etl') as wf:
    prepare = BashOperator(name='prepare', bash_command='mkdir -p /tmp/etl')
    finals = []
    for region in Region:
        factory = RegionalFactory(region)
        extract = factory.bash('extract', 'extract.sh')
        extract.start_after(prepare)
        exports = [factory.export(t, upstream=extract) for t in SETTINGS['tables']]
        finals.extend(exports)
        log.info('%d tasks for %s', len(factory.created), region.name)

    publish = BashOperator(name='publish', bash_command='echo published to ' + SETTINGS['bucket'])
    fan_in(publish, finals)
    assert isinstance(publish, Operator) and isinstance(wf.tasks, dict)

    failed = BashOperator(name='on_failure', bash_command='echo something failed')
    failed.action_on_task_status(TaskAction.START, {prepare: TaskStatus.FAILED})
