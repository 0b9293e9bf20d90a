"""Custom conditions shared by the corpus' workflows (a helper module, no workflow)."""
from ai_flow.model.condition import Condition
from ai_flow.model.context import Context
from ai_flow.model.state import ValueState, ValueStateDescriptor
from notification_service.model.event import Event


class Consumer(object):
    def __init__(self, is_consumed: bool = False, accumulator: int = 0):
        self.is_consumed = is_consumed
        self.accumulator = accumulator


class NumCondition(Condition):
    """Met once the values of the events it listens to add up to 100."""

    def is_met(self, event: Event, context: Context) -> bool:
        state: ValueState = context.get_state(ValueStateDescriptor(name='consumer'))
        con = state.value()
        if con is None:
            con = Consumer()
        con.accumulator = con.accumulator + int(event.value)
        if con.accumulator >= 100 and not con.is_consumed:
            con.is_consumed = True
            state.update(con)
            return True
        state.update(con)
        return False


class ThresholdCondition(Condition):
    """Met by every event on key whose value is at least threshold."""

    def __init__(self, key, threshold=10):
        super().__init__([key])
        self.threshold = threshold

    def is_met(self, event: Event, context: Context) -> bool:
        return int(event.value) >= self.threshold
