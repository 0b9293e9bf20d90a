"""BashOperator.
The names AIFlow's module imports are importable from it too."""
from ai_flow.common.exception.exceptions import AIFlowException
from ai_flow.model.context import Context
from ai_flow.model.operator import AIFlowOperator


class BashOperator(AIFlowOperator):

    def __init__(self, name=None, bash_command=None, env=None, cwd=None, **kwargs):
        AIFlowOperator.__init__(self, name, **kwargs)
        self._kind = 'bash'
        self.bash_command = bash_command
        self.env = env
        self.cwd = cwd
        self._args = {'bash_command': bash_command, 'env': env, 'cwd': cwd}
