from enum import Enum, auto
class Phase(Enum):
    INIT = auto()
    RUN = auto()
    DONE = auto()
print(Phase.INIT.value, Phase.RUN.value, Phase.DONE.value, Phase.RUN.name, Phase.__members__['DONE'])
