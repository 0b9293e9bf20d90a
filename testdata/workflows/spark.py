# Spark: SparkPi with spark-submit on a local master, a cluster-mode job on
# Kubernetes, and two spark-sql tasks (inline SQL and a .sql file).
from ai_flow.model.workflow import Workflow
from ai_flow.operators.spark.spark_sql import SparkSqlOperator
from ai_flow.operators.spark.spark_submit import SparkSubmitOperator

SPARK_JAR = '/opt/spark/examples/jars/spark-examples_2.12-3.2.1.jar'

with Workflow(name='spark_workflow') as workflow:
    task = SparkSubmitOperator(name='spark-submit-example-task',
                               application=SPARK_JAR,
                               application_args=['100'],
                               master='local[2]',
                               application_name='spark_operator_example',
                               submit_options='--class org.apache.spark.examples.SparkPi')

    k8s = SparkSubmitOperator(name='spark-on-k8s',
                              application='local:///opt/spark/jobs/etl.py',
                              master='k8s://https://kubernetes.default.svc:443',
                              deploy_mode='cluster',
                              k8s_namespace='spark-jobs',
                              env_vars={'STAGE': 'prod', 'LOG_LEVEL': 'info'},
                              executable_path='/opt/spark/bin/spark-submit')
    k8s.start_after(task)

    yarn = SparkSubmitOperator(name='spark-yarn-default', application='/jobs/report.py')

    sql = SparkSqlOperator(name='spark-sql-inline',
                           sql='SELECT count(*) FROM events WHERE day = current_date()',
                           master='local',
                           application_name='daily_count')
    sql_file = SparkSqlOperator(name='spark-sql-file', sql='/jobs/aggregate.sql',
                                executable_path='/opt/spark/bin/spark-sql')
    sql_file.start_after([sql, yarn])
