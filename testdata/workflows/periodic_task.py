# Periodic tasks: task_1 restarts every minute (cron), task_3 every 60 s
# (interval); their downstream tasks run after every success.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='periodic_task_workflow') as workflow:
    task_1 = BashOperator(name='task_1',
                          bash_command='echo "I am task_1, running every minute."',
                          periodic_expression='cron@*/1 * * * *')
    task_2 = BashOperator(name='task_2', bash_command='echo "I run after task_1."')
    task_2.start_after(task_1)

    task_3 = BashOperator(name='task_3',
                          bash_command='date',
                          periodic_expression='interval@0 0 1 0')
    task_4 = BashOperator(name='task_4', bash_command='echo "I run after task_3."')
    task_4.start_after([task_3])

    nightly = BashOperator(name='nightly_report',
                           bash_command='echo report',
                           periodic_expression='cron@30 2 * * MON-FRI')
