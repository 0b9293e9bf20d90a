# numpy may be imported, but only task code may use it: the definition itself
# must not compute with it while loading.
import numpy as np

from ai_flow.model.workflow import Workflow
from ai_flow.operators.bash import BashOperator

SHARDS = np.arange(4)  # want task-only-import 1 "numpy"

with Workflow(name='sharded') as w:
    for i in SHARDS:
        BashOperator(name='shard_%d' % i, bash_command='echo %d' % i)
