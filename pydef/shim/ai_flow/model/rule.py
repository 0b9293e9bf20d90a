"""Task rules and workflow rules."""
from ai_flow._capture import site


class TaskRule(object):

    def __init__(self, condition=None, action=None):
        self.condition = condition
        self.action = action
        self._site = site()

    def trigger(self, event, context):
        if self.condition.is_met(event, context):
            return self.action
        return None


class WorkflowRule(object):

    def __init__(self, condition=None):
        self.condition = condition
        self._site = site()

    def trigger(self, event, context):
        if self.condition.is_met(event, context):
            return True
        return False
