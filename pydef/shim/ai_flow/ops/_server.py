"""How ai_flow.ops reaches an aiflow-go server.

While a definition loads there is no server: add_workflow_schedule and
add_workflow_trigger record the file's own schedules and triggers, and
every other function is refused. `aiflow workflow apply` runs a file as
__main__ with a binding to the server: the calls made from the file's
`if __name__ == "__main__":` blocks reach it, the others keep their load
meaning, so that what the file declares is applied once, by its upload.
Under CPython (`aiflow python-path`) the runtime's binding speaks the HTTP
API and every call reaches the server, as in AIFlow.

A binding is called as binding(op, args): op names an API call, args is
the list of its arguments:

    upload [path, artifacts]          workflow [ns, name]
    workflows [ns]                    set_workflow_enabled [ns, name, bool]
    delete_workflow [ns, name]        add_schedule [ns, name, expression]
    schedules [ns, name]              schedule [id]
    set_schedule_paused [id, bool]    delete_schedule [id]
    delete_schedules [ns, name]       add_trigger [ns, name, condition, site]
    triggers [ns, name]               trigger [id]
    set_trigger_paused [id, bool]     delete_trigger [id]
    delete_triggers [ns, name]        start_execution [ns, name]
    executions [ns, name]             execution [id]
    stop_execution [id]               stop_executions [ns, name]
    delete_execution [id]             task_action [id, task, verb]
    task_executions [id]              task_execution [id]
    add_namespace [name, properties]  namespaces []
    delete_namespace [name]

A namespace of None is the binding's default ('default', or the -n of
apply); a condition is the capture of ai_flow._capture.export_condition
and site the call site of add_workflow_trigger. The answer is the API's
JSON (docs/api.md): an object, or the list of a list call. An error
answer raises AIFlowException with a code attribute: the API's error code
(not_found, conflict, invalid, ...), '' when there was no answer.

This file runs under both gpython and CPython (see ai_flow._capture).
"""
import datetime
import json

from ai_flow import _capture
from ai_flow.common.exception.exceptions import AIFlowException
from ai_flow.metadata import NamespaceMeta
from ai_flow.metadata import TaskExecutionMeta
from ai_flow.metadata import WorkflowEventTriggerMeta
from ai_flow.metadata import WorkflowExecutionMeta
from ai_flow.metadata import WorkflowMeta
from ai_flow.metadata import WorkflowScheduleMeta
from ai_flow.ops import _binding


def server():
    """The binding that an ops call made now reaches, or None when the call
    is a declaration or refused, as in a load."""
    b = _binding.get()
    if b is None or not _capture.in_main():
        return None
    return b


def call(name, op, args):
    """Calls op for the ops function name; refused, as in a load, when there
    is no server."""
    b = server()
    if b is None:
        _capture.forbid('ai_flow.ops.' + name)
    return b(op, args)


def unsupported(name, why):
    """An ops function that aiflow-go has no API for: refused, as in a load,
    when there is no server, else AIFlowException."""
    if server() is None:
        _capture.forbid('ai_flow.ops.' + name)
    raise AIFlowException('ai_flow.ops.%s is not supported by aiflow-go: %s' % (name, why))


def find(name, op, args):
    """call for a get_ function: None when there is no such item, as in
    AIFlow."""
    try:
        return call(name, op, args)
    except AIFlowException as e:
        if getattr(e, 'code', None) == 'not_found':
            return None
        raise


def page(items, limit, offset, convert):
    """A list answer as AIFlow's list functions give it: limit items from
    offset, converted, and None instead of an empty list."""
    items = items or []
    out = []
    i = offset or 0
    while i < len(items) and (limit is None or len(out) < limit):
        out.append(convert(items[i]))
        i += 1
    if not out:
        return None
    return out


def namespace(d):
    return NamespaceMeta(d.get('name'), d.get('properties') or {})


def workflow(d):
    return WorkflowMeta(d.get('name'), d.get('namespace'), None, None,
                        create_time=local_time(d.get('create_time')),
                        update_time=local_time(d.get('update_time')),
                        is_enabled=d.get('is_enabled'), event_offset=d.get('event_offset'),
                        uuid=d.get('id'))


def schedule(d):
    return WorkflowScheduleMeta(d.get('workflow_id'), d.get('expression'), is_paused=d.get('is_paused'),
                                create_time=local_time(d.get('create_time')), uuid=d.get('id'))


def trigger(d):
    return WorkflowEventTriggerMeta(d.get('workflow_id'), json.dumps(d.get('condition'), sort_keys=True),
                                    is_paused=d.get('is_paused'),
                                    create_time=local_time(d.get('create_time')), uuid=d.get('id'))


def execution(d):
    return WorkflowExecutionMeta(d.get('workflow_id'), d.get('run_type'), d.get('snapshot_id'),
                                 begin_date=local_time(d.get('begin_time')),
                                 end_date=local_time(d.get('end_time')),
                                 status=d.get('status'), uuid=d.get('id'))


def task_execution(d):
    return TaskExecutionMeta(d.get('execution_id'), d.get('task'),
                             sequence_number=d.get('sequence_number'), try_number=d.get('try_number'),
                             begin_date=local_time(d.get('begin_time')),
                             end_date=local_time(d.get('end_time')),
                             status=d.get('status'), uuid=d.get('id'))


def local_time(text):
    """An API time as AIFlow gives times: a naive local datetime; None when
    unset."""
    ms = epoch_millis(text)
    if ms is None:
        return None
    return datetime.datetime.fromtimestamp(ms / 1000.0)


def epoch_millis(text):
    """An RFC 3339 time (2006-01-02T15:04:05.999Z, or with an offset) as
    milliseconds since the epoch; None when it cannot be read."""
    if not isinstance(text, str) or len(text) < 19:
        return None
    try:
        y, mo, d = int(text[0:4]), int(text[5:7]), int(text[8:10])
        h, mi, s = int(text[11:13]), int(text[14:16]), int(text[17:19])
    except ValueError:
        return None
    rest = text[19:]
    ms = 0
    if rest[:1] == '.':
        i = 1
        while i < len(rest) and rest[i].isdigit():
            i += 1
        ms = int((rest[1:i] + '000')[:3])
        rest = rest[i:]
    offset = 0
    if rest[:1] in ('+', '-') and len(rest) >= 6:
        offset = (int(rest[1:3]) * 60 + int(rest[4:6])) * 60
        if rest[0] == '-':
            offset = -offset
    # Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
    # days_from_civil): neither calendar nor time.mktime is in the sandbox.
    if mo <= 2:
        y -= 1
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((mo + 9) % 12) + 2) // 5 + d - 1
    days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
    return (days * 86400 + h * 3600 + mi * 60 + s - offset) * 1000 + ms
