"""Task actions: a str enum as in AIFlow."""
from enum import Enum


class TaskAction(str, Enum):
    START = 'START'
    RESTART = 'RESTART'
    STOP = 'STOP'
