# A workflow without tasks.
from ai_flow.model.workflow import Workflow

with Workflow(name='nothing_to_do') as w:  # want empty-workflow 6 "nothing_to_do"
    pass
