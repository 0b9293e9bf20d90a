# Argument shapes: positional arguments, duplicate tasks, duplicate
# upstreams, a name-keyed status dict, a condition built in a helper
# function, a workflow built by a function.
from ai_flow.model.action import TaskAction
from ai_flow.model.condition import Condition
from ai_flow.model.internal.conditions import TaskStatusCondition
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator


class Ratio(Condition):

    def __init__(self, keys, low, high=1.0, *extra, **options):
        Condition.__init__(self, keys)
        self.low = low

    def is_met(self, event, context):
        return True


def make(name):
    with Workflow(name, 'ns') as w:
        a = BashOperator('a', 'echo a')
        b = BashOperator('a', 'echo again')
        c = BashOperator('c', 'echo c', {'K': 'V'}, '/tmp')
        c.start_after([a, b, a])
        c.action_on_task_status(TaskAction.RESTART, {'c': TaskStatus.FAILED, 'a': TaskStatus.FAILED, 'b': 'STOPPED'})
        c.action_on_condition(TaskAction.STOP, Ratio(['k1', 'k2'], 0.5, 2, 'x', mode='fast'))
        w.action_on_condition('a', TaskAction.START,
                              TaskStatusCondition('other', 'z', 'ns', TaskStatus.SUCCESS))
    return w


built = make('built')
names = list(t.name for t in built._tasks)
sizes = sorted(len(n) for n in names)
