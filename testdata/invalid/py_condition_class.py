# Custom conditions whose is_met the engine could not call.
from ai_flow.model.action import TaskAction
from ai_flow.model.condition import Condition
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator


class Lazy(Condition):
    pass


class TwoArgs(Condition):
    def is_met(self, event):
        return True


class KeywordOnly(Condition):
    def is_met(self, event, context, *, strict):
        return True


class NotAMethod(Condition):
    is_met = True


class Flexible(Condition):
    def is_met(self, event, *rest):
        return True


class Defaults(Condition):
    def is_met(self, event, context, extra=1, *, strict=False):
        return True


with Workflow(name='classes') as w:
    t = BashOperator(name='t', bash_command='echo 1')
    t.action_on_condition(TaskAction.START, Lazy(['k']))  # want bad-condition 45 "condition \"Lazy\" does not override is_met, so it is never met"
    t.action_on_condition(TaskAction.START, TwoArgs(['k']))  # want bad-condition 45 "is_met of condition \"TwoArgs\" takes \\(self, event\\)"
    t.action_on_condition(TaskAction.START, KeywordOnly(['k']))  # want bad-condition 45 "takes \\(self, event, context, \\*, strict\\)"
    t.action_on_condition(TaskAction.START, NotAMethod(['k']))  # want bad-condition 45 "is_met of condition \"NotAMethod\" is not a method"
    t.action_on_condition(TaskAction.START, Flexible(['k']))
    t.action_on_condition(TaskAction.START, Defaults(['k']))
