"""Task code of flow.yaml."""
from ai_flow.model.operator import AIFlowOperator
from lib.helpers import shout


def write_args(name, *args, **kwargs):
    with open(name, 'w') as f:
        f.write('%r %r' % (args, kwargs))


class Hello(AIFlowOperator):

    def start(self, context):
        with open('hello.txt', 'w') as f:
            f.write('%s %s %s' % (shout(self.name), context.workflow.name,
                                  context.task_execution_key.workflow_execution_id))


class NotAnOperator(object):
    pass
