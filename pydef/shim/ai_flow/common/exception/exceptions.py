"""AIFlow's exception types."""


class AIFlowException(Exception):
    pass


class AIFlowConfigException(AIFlowException):
    pass


class AIFlowDBException(AIFlowException):
    pass


class AIFlowYAMLException(AIFlowException):
    pass


class TaskFailedException(AIFlowException):
    pass


class TaskForceStoppedException(AIFlowException):
    pass


class AIFlowK8sException(AIFlowException):
    pass
