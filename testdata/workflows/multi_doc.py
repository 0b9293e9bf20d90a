# Three small workflows in one file, in creation order; the last one has a
# schedule and a trigger.
from ai_flow import ops
from ai_flow.model.internal.conditions import MeetAllCondition, SingleEventCondition
from ai_flow.model.rule import WorkflowRule
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='wf_a') as a:
    BashOperator(name='hello', bash_command='echo hello from a')

with Workflow(name='wf_b', namespace='team_b') as b:
    first = BashOperator(name='first', bash_command='echo 1')
    second = BashOperator(name='second', bash_command='echo 2')
    second.start_after(first)

with Workflow(name='wf_c') as c:
    BashOperator(name='only', bash_command='echo c')

ops.add_workflow_trigger(WorkflowRule(MeetAllCondition(name='both_ready',
                                                       conditions=[SingleEventCondition('ready_1'),
                                                                   SingleEventCondition('ready_2')])),
                         'wf_c')
ops.add_workflow_trigger(WorkflowRule(SingleEventCondition('kick')), workflow_name='wf_b',
                         namespace='team_b')
ops.add_workflow_schedule('interval@1 0 0 0', 'wf_c')
