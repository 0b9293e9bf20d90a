# Flink jobs on several targets: a batch job, then a streaming job after it,
# an application-mode job on Kubernetes and a local job with every option.
from ai_flow.model.action import TaskAction
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.operators.flink.flink_operator import FlinkOperator

FLINK_EXAMPLES = '/opt/flink/examples'

with Workflow(name='flink_workflow') as workflow:
    batch_task = FlinkOperator(name='flink-batch-task',
                               target='yarn-per-job',
                               application=FLINK_EXAMPLES + '/batch/WordCount.jar')
    streaming_task = FlinkOperator(name='flink-streaming-task',
                                   target='yarn-per-job',
                                   application=FLINK_EXAMPLES + '/streaming/TopSpeedWindowing.jar')
    streaming_task.start_after([batch_task, ])

    k8s_task = FlinkOperator(name='flink-k8s-application',
                             application='local:///opt/flink/usrlib/job.jar',
                             target='kubernetes-application',
                             application_mode=True,
                             kubernetes_cluster_id='aiflow-cluster',
                             stop_with_savepoint=True,
                             jobs_info_poll_interval=5)

    local_task = FlinkOperator('flink-local-python',
                               application='/jobs/word_count.py',
                               target='local',
                               application_args=['--input', '/data/in', '--output', '/data/out'],
                               executable_path='/opt/flink/bin/flink',
                               command_options='-py /jobs/word_count.py -p 2',
                               jobs_info_poll_interval=0.5)
    local_task.action_on_task_status(TaskAction.START, {batch_task: TaskStatus.FAILED})

    session_task = FlinkOperator(name='flink-session', application='/jobs/session.jar',
                                 target='kubernetes-session', kubernetes_cluster_id='session-1')
    session_task.action_on_event_received(event_key='run_session_job', action=TaskAction.START)
