#
# Modelled on AIFlow's samples/flink_operator: a WordCount batch job, then a
# streaming job once it succeeded.
#
from ai_flow.common.env import expand_env_var
from ai_flow.model.workflow import Workflow
from ai_flow.operators.flink.flink_operator import FlinkOperator

FLINK_EXAMPLES = '${FLINK_HOME}/examples'

with Workflow(name='flink_workflow') as w1:
    word_count = FlinkOperator(name='word_count',
                               target='yarn-per-job',
                               application=expand_env_var(FLINK_EXAMPLES + '/batch/WordCount.jar'),
                               application_args=['--output', '/tmp/word_count_result'])
    streaming = FlinkOperator('top_speed_windowing',
                              expand_env_var(FLINK_EXAMPLES + '/streaming/TopSpeedWindowing.jar'),
                              target='yarn-per-job',
                              stop_with_savepoint=True,
                              command_options='-D execution.runtime-mode=STREAMING')
    streaming.start_after(word_count)
