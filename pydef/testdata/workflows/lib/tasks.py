"""Task code shared by workflow files; it is imported, not loaded as a
workflow."""
from ai_flow.model.operator import AIFlowOperator


def greet(who, punctuation='!'):
    print('hello ' + who + punctuation)


class EchoOperator(AIFlowOperator):

    def __init__(self, name, text, **kwargs):
        AIFlowOperator.__init__(self, name, **kwargs)
        self.text = text

    def start(self, context):
        print(self.text)
