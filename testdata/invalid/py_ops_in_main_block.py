# AIFlow's samples add their schedules, triggers and first runs in a
# __main__ block, which only `python file.py` ran; an upload or a validation
# does not run it, so they are reported once per block, at the first call
# other than upload_workflows, with the command that runs them.
from ai_flow import ops
from ai_flow.model.internal.conditions import SingleEventCondition
from ai_flow.model.rule import WorkflowRule
from ai_flow.model.workflow import Workflow
from ai_flow.ops import start_workflow_execution as start
from ai_flow.operators.bash import BashOperator

with Workflow(name='nightly') as w:
    BashOperator(name='t', bash_command='true')

if __name__ == '__main__':
    ops.upload_workflows(__file__)
    if not ops.list_workflow_schedules('nightly'):  # want ops-in-main-block 12 "\"ops.list_workflow_schedules\", \"ops.add_workflow_schedule\" and \"start\" in the `if __name__ == \"__main__\":` block do not run .*'aiflow workflow apply .*py_ops_in_main_block.py' runs them"
        ops.add_workflow_schedule('cron@0 2 * * *', workflow_name='nightly')
    start('nightly')
else:
    print('imported')

if "__main__" == __name__:
    ops.add_workflow_trigger(WorkflowRule(SingleEventCondition('go')), 'nightly')  # want ops-in-main-block 5 "\"ops.add_workflow_trigger\" in .* does not run"

if __name__ == '__main__':
    ops.upload_workflows(__file__)
