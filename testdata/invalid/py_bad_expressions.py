# Periodic expressions that do not follow cron@<5 fields> or interval@<d h m s>.
from ai_flow import ops
from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

with Workflow(name='expressions') as w:
    BashOperator(name='no_at', bash_command='true', periodic_expression='*/5 * * * *')  # want bad-expression 73 "cron@|interval@"
    BashOperator(name='kind', bash_command='true', periodic_expression='daily@09:00')  # want bad-expression 72 "daily"
    BashOperator(name='fields', bash_command='true', periodic_expression='cron@*/5 * * *')  # want bad-cron 74 "field"
    BashOperator(name='minute', bash_command='true', periodic_expression='cron@61 * * * *')  # want bad-cron 74 "61|minute|range"
    BashOperator(name='three', bash_command='true', periodic_expression='interval@1 2 3')  # want bad-interval 73 "four|4"
    BashOperator(name='negative', bash_command='true', periodic_expression='interval@0 -1 0 0')  # want bad-interval 76 "negative|>= 0|non-negative"

ops.add_workflow_schedule('cron@every minute', 'expressions')  # want bad-cron 1 "every|field|5"
