"""FlinkOperator.
The names AIFlow's module imports are importable from it too."""
from ai_flow.common.env import expand_env_var
from ai_flow.common.exception.exceptions import AIFlowException
from ai_flow.model.context import Context
from ai_flow.model.operator import AIFlowOperator


class FlinkOperator(AIFlowOperator):

    def __init__(self, name=None, application=None, target=None, application_args=None,
                 executable_path=None, application_mode=False, stop_with_savepoint=False,
                 kubernetes_cluster_id=None, command_options=None, jobs_info_poll_interval=1,
                 **kwargs):
        AIFlowOperator.__init__(self, name, **kwargs)
        self._kind = 'flink'
        self.application = application
        self.target = target
        self.application_args = application_args
        self.executable_path = executable_path
        self.application_mode = application_mode
        self.stop_with_savepoint = stop_with_savepoint
        self.kubernetes_cluster_id = kubernetes_cluster_id
        self.command_options = command_options
        self.jobs_info_poll_interval = jobs_info_poll_interval
        self._args = {'application': application, 'target': target,
                      'application_args': application_args, 'executable_path': executable_path,
                      'application_mode': application_mode,
                      'stop_with_savepoint': stop_with_savepoint,
                      'kubernetes_cluster_id': kubernetes_cluster_id,
                      'command_options': command_options,
                      'jobs_info_poll_interval': jobs_info_poll_interval}
