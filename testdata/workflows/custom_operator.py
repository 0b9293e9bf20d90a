# A plain Operator is a no-op task that succeeds at once; a subclass of
# AIFlowOperator is run by the Python task runner from this file.
import logging
import time

from ai_flow.model.context import Context
from ai_flow.model.operator import AIFlowOperator, Operator
from ai_flow.model.workflow import Workflow


class SleepOperator(AIFlowOperator):
    """Sleeps for a while; stop() cuts the sleep short."""

    def __init__(self, name, seconds=1, **kwargs):
        super().__init__(name, **kwargs)
        self.seconds = seconds
        self.stopped = False

    def start(self, context: Context):
        deadline = time.time() + self.seconds
        while not self.stopped and time.time() < deadline:
            time.sleep(0.1)
        logging.info(f"slept {self.seconds}s")

    def stop(self, context: Context):
        self.stopped = True


with Workflow(name='custom_operator_workflow') as wf:
    begin = Operator(name='begin')
    nap = SleepOperator('nap', seconds=3)
    nap.start_after(begin)
    end = Operator('end')
    end.start_after([nap])
