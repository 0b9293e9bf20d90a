# Spark master and deploy-mode combinations spark-submit rejects.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.spark.spark_submit import SparkSubmitOperator

with Workflow(name='spark_bad') as w:
    SparkSubmitOperator(name='standalone', application='a.py', master='spark://host:7077', deploy_mode='cluster')  # want bad-value 104 "cluster"
    SparkSubmitOperator(name='k8s', application='a.py', master='k8s://https://api:6443')  # want missing-argument 64 "k8s_namespace"
    SparkSubmitOperator(name='mode', application='a.py', deploy_mode='remote')  # want bad-value 70 "remote"
