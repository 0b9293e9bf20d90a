#
# Modelled on AIFlow's samples/periodic_task: task_1 restarts every minute by
# cron and task_3 every minute by interval; task_2 and task_4 follow them.
#
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='periodic_task_workflow') as w1:
    task_1 = BashOperator(name='task_1',
                          bash_command='echo "I am the 1st task"',
                          periodic_expression='cron@*/1 * * * *')
    task_2 = BashOperator(name='task_2', bash_command='echo "I am the 2nd task"')
    task_3 = BashOperator(name='task_3',
                          bash_command='echo "I am the 3rd task"',
                          periodic_expression='interval@0 0 1 0')
    task_4 = BashOperator(name='task_4', bash_command='echo "I am the 4th task"')
    task_2.start_after(task_1)
    task_4.start_after(task_3)
