"""How a workflow or task execution was triggered."""
from enum import Enum


class ExecutionType(str, Enum):
    MANUAL = 'MANUAL'
    EVENT = 'EVENT'
    PERIODIC = 'PERIODIC'
