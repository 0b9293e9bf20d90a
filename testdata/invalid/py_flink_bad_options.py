# Flink targets that do not go together with the other options.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.flink.flink_operator import FlinkOperator

with Workflow(name='flink_bad') as w:
    FlinkOperator(name='mode', application='a.jar', target='yarn-per-job', application_mode=True)  # want bad-value 60 "yarn-per-job"
    FlinkOperator(name='app', application='a.jar', target='yarn-application')  # want bad-value 59 "application_mode"
    FlinkOperator(name='k8s', application='a.jar', target='kubernetes-session')  # want missing-argument 59 "kubernetes_cluster_id"
    FlinkOperator(name='target', application='a.jar', target='mesos')  # want bad-value 62 "mesos"
