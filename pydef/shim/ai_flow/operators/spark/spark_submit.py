"""SparkSubmitOperator.
The names AIFlow's module imports are importable from it too."""
from ai_flow.common.env import expand_env_var
from ai_flow.common.exception.exceptions import AIFlowException
from ai_flow.model.context import Context
from ai_flow.model.operator import AIFlowOperator


class SparkSubmitOperator(AIFlowOperator):

    def __init__(self, name=None, application=None, application_args=None, executable_path=None,
                 master='yarn', deploy_mode='client', application_name=None, submit_options=None,
                 k8s_namespace=None, env_vars=None, **kwargs):
        AIFlowOperator.__init__(self, name, **kwargs)
        self._kind = 'spark-submit'
        self.application = application
        self.application_args = application_args
        self.executable_path = executable_path
        self.master = master
        self.deploy_mode = deploy_mode
        self.application_name = application_name
        self.submit_options = submit_options
        self.k8s_namespace = k8s_namespace
        self.env_vars = env_vars
        self._args = {'application': application, 'application_args': application_args,
                      'executable_path': executable_path, 'master': master,
                      'deploy_mode': deploy_mode, 'application_name': application_name,
                      'submit_options': submit_options, 'k8s_namespace': k8s_namespace,
                      'env_vars': env_vars}
