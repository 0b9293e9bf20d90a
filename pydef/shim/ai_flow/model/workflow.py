"""The Workflow: a context manager that collects the operators created in
its with block and the rules attached to them."""
from ai_flow._capture import current
from ai_flow._capture import error
from ai_flow._capture import export_condition
from ai_flow._capture import site
from ai_flow._capture import stack
from ai_flow._capture import workflows
# TaskAction, Condition, Operator and TaskStatus are not used here, but
# AIFlow's module imports them, so files may import them from it.
from ai_flow.model.action import TaskAction
from ai_flow.model.condition import Condition
from ai_flow.model.internal.conditions import SingleEventCondition
from ai_flow.model.internal.conditions import TaskStatusAllMetCondition
from ai_flow.model.internal.conditions import TaskStatusCondition
from ai_flow.model.operator import Operator
from ai_flow.model.rule import TaskRule
from ai_flow.model.status import TaskStatus


class Workflow(object):

    def __init__(self, name=None, namespace='default', **kwargs):
        self.name = name
        self.namespace = namespace
        self.config = kwargs
        # tasks maps name -> operator as in AIFlow (a later task replaces an
        # earlier one of the same name); _tasks keeps every task in order so
        # that the validator can report the duplicate.
        self.tasks = {}
        self.rules = {}
        self._tasks = []
        self._rules = []
        self._site = site()
        self._nested = False
        workflows.append(self)

    def __enter__(self):
        outer = current()
        if outer is not None:
            self._nested = True
            error('nested-workflow', self._site, self.name)
        stack.append(self)
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        if stack:
            del stack[-1]
        return False

    def _add_task(self, op):
        self._tasks.append(op)
        if type(op.name) is str:
            self.tasks[op.name] = op

    def _add_rule(self, task_name, rule, where):
        self._rules.append((task_name, rule, where))
        if type(task_name) is str:
            if task_name not in self.rules:
                self.rules[task_name] = []
            self.rules[task_name].append(rule)

    def action_on_condition(self, task_name, action, condition):
        rule = TaskRule(condition=condition, action=action)
        self._add_rule(task_name, rule, site())

    def action_on_event_received(self, task_name, event_key, action):
        self.action_on_condition(task_name, action, SingleEventCondition(expect_event_key=event_key))

    def action_on_task_status(self, task_name, action, upstream_task_status_dict):
        upstreams = []
        names_only = True
        for upstream in upstream_task_status_dict:
            upstreams.append(upstream)
            if type(upstream) is not str:
                names_only = False
        # A dict keyed only by task names has no order under gpython (its
        # str-keyed dicts are Go maps), so read it in name order; dicts keyed
        # by operators keep their insertion order.
        if names_only:
            upstreams = sorted(upstreams)
        conditions = []
        for upstream in upstreams:
            status = upstream_task_status_dict[upstream]
            conditions.append(self._status_condition(upstream, status))
        self.action_on_condition(task_name, action, TaskStatusAllMetCondition(condition_list=conditions))

    def _status_condition(self, upstream, status):
        # An operator of another workflow keeps its own workflow's name, so
        # that the validator reports it as a foreign task instead of silently
        # waiting on a same-named task of this workflow.
        workflow_name = self.name
        namespace = self.namespace
        task_name = upstream
        if type(upstream) is not str:
            task_name = getattr(upstream, 'name', upstream)
            owner = getattr(upstream, 'workflow', None)
            if owner is not None:
                workflow_name = owner.name
                namespace = owner.namespace
        return TaskStatusCondition(workflow_name=workflow_name, task_name=task_name,
                                   namespace=namespace, expect_status=status)

    def _export(self):
        tasks = []
        for op in self._tasks:
            tasks.append(op._export())
        rules = []
        for entry in self._rules:
            rule = entry[1]
            rules.append({'task': entry[0], 'action': rule.action, 'site': entry[2],
                          'condition': export_condition(rule.condition)})
        return {'object': self, 'name': self.name, 'namespace': self.namespace,
                'config': self.config, 'site': self._site, 'nested': self._nested,
                'tasks': tasks, 'rules': rules}


class WorkflowContextManager(object):
    """The workflow of the enclosing with block, as AIFlow's operators find
    it. Entering and leaving go through Workflow's with block."""

    @classmethod
    def push_context_managed_workflow(cls, workflow):
        workflow.__enter__()

    @classmethod
    def pop_context_managed_workflow(cls):
        wf = current()
        if stack:
            del stack[-1]
        return wf

    @classmethod
    def get_current_workflow(cls):
        return current()
