# Required operator arguments left out: AIFlow would fail at run time.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.flink.flink_operator import FlinkOperator
from ai_flow.operators.python import PythonOperator
from ai_flow.operators.spark.spark_sql import SparkSqlOperator
from ai_flow.operators.spark.spark_submit import SparkSubmitOperator

with Workflow(name='missing') as w:
    BashOperator(name='bash')  # want missing-argument 5 "bash_command"
    PythonOperator(name='python')  # want missing-argument 5 "python_callable"
    FlinkOperator(name='flink', target='local')  # want missing-argument 5 "application"
    SparkSubmitOperator(name='submit')  # want missing-argument 5 "application"
    SparkSqlOperator(name='sql', master='local')  # want missing-argument 5 "sql"
