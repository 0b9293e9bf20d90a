"""SparkSqlOperator.
The names AIFlow's module imports are importable from it too."""
from ai_flow.common.env import expand_env_var
from ai_flow.common.exception.exceptions import AIFlowException
from ai_flow.model.context import Context
from ai_flow.model.operator import AIFlowOperator


class SparkSqlOperator(AIFlowOperator):

    def __init__(self, name=None, sql=None, master='yarn', application_name=None,
                 executable_path=None, **kwargs):
        AIFlowOperator.__init__(self, name, **kwargs)
        self._kind = 'spark-sql'
        self.sql = sql
        self.master = master
        self.application_name = application_name
        self.executable_path = executable_path
        self._args = {'sql': sql, 'master': master, 'application_name': application_name,
                      'executable_path': executable_path}
