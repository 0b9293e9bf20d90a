#
# Modelled on AIFlow's samples/spark_operator: SparkPi on a local master.
#
from ai_flow.model.workflow import Workflow
from ai_flow.operators.spark.spark_submit import SparkSubmitOperator
from ai_flow.operators.spark.spark_sql import SparkSqlOperator

SPARK_HOME = '/opt/spark'

with Workflow(name='spark_workflow') as w1:
    spark_pi = SparkSubmitOperator(
        name='spark_pi',
        application=SPARK_HOME + '/examples/jars/spark-examples_2.12-3.2.1.jar',
        application_args=['100'],
        master='local[2]',
        submit_options='--class org.apache.spark.examples.SparkPi',
    )
    report = SparkSqlOperator(name='report', sql='SELECT 1', master='local[2]', timeout=600)
    report.start_after(spark_pi)
