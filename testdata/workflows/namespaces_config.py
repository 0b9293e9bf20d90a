# Workflows in their own namespaces, with workflow config (extra Workflow
# keyword arguments) and task config (extra operator keyword arguments, kept
# by AIFlow in Operator.config; aiflow-go warns about each of them).
from ai_flow.model.action import TaskAction
from ai_flow.model.internal.conditions import TaskStatusCondition
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='ingest', namespace='data_team', owner='alice', max_active_runs=2,
              tags=['etl', 'daily'], sla={'hours': 6, 'notify': True}, ratio=0.75) as ingest:
    extract = BashOperator(name='extract', bash_command='./extract.sh',
                           pool='io', priority=3, labels={'tier': 'gold'})
    load = BashOperator(name='load', bash_command='./load.sh', owner=None, dry_run=False)
    load.start_after(extract)

with Workflow('report', 'analytics') as report:
    build = BashOperator(name='build', bash_command='make report')
    build.action_on_event_received(action=TaskAction.START, event_key='ingest_done')
    publish = BashOperator(name='publish', bash_command='./publish.sh')
    publish.action_on_condition(TaskAction.START,
                                TaskStatusCondition(workflow_name='report', task_name='build',
                                                    namespace='analytics',
                                                    expect_status=TaskStatus.SUCCESS))
