# A MeetAllCondition needs a name: it is the state that remembers which
# sub-conditions were met.
from ai_flow.model.action import TaskAction
from ai_flow.model.internal.conditions import MeetAllCondition, SingleEventCondition
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='meet_all') as w:
    t1 = BashOperator(name='t1', bash_command='echo 1')
    t1.action_on_condition(TaskAction.START,
                           MeetAllCondition(name='', conditions=[SingleEventCondition('a'),  # want bad-condition 50 "name"
                                                                 SingleEventCondition('b')]))
