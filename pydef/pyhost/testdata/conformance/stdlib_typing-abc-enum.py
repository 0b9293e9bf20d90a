from abc import ABC, abstractmethod
from enum import Enum
class Color(Enum):
    RED = 1
    GREEN = 2
class Base(ABC):
    @abstractmethod
    def run(self): pass
class Impl(Base):
    def run(self): return 'ran'
print(Color.RED.name, Color.RED.value, Color.GREEN.value, Color.RED == Color.RED, Color.RED == Color.GREEN)
print(isinstance(Color.RED, Color), repr(Color.GREEN), str(Color.RED), Impl().run())
class TaskAction(str, Enum):
    START = 'START'
    STOP = 'STOP'
print(TaskAction.START.value, TaskAction.STOP.name, TaskAction.START == 'START')
