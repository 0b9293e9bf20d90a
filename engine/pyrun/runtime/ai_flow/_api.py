"""A small client of the aiflow-go HTTP API (docs/api.md), standard library
only, for the in-task notification clients and for ai_flow.ops under
CPython (Ops).

The server is AIFLOW_SERVER (host:port, or a URL) when it is set: a task
always talks to the server that runs it, whatever address its code passes
(AIFlow code passes "localhost:50052"). AIFLOW_TOKEN, when set, is sent as
"Authorization: Bearer <token>".
"""
import base64
import http.client
import json
import os
import re
import sys
import time
import urllib.parse

from ai_flow.common.exception.exceptions import AIFlowException
from ai_flow.ops._server import epoch_millis
from notification_service.model.event import Event

PREFIX = '/api/v1'
EVENTS = PREFIX + '/events'
EVENT_OFFSET = EVENTS + '/offset'
# Seconds a call may take beyond its long-poll wait.
SLACK = 30
# Seconds a call is tried again while the server answers busy (as the Go
# client does).
BUSY_WAIT = 20


class ServerError(AIFlowException):
    """The server answered with an error status; diagnostics are those of a
    refused upload."""

    def __init__(self, status, code, message, diagnostics=None):
        AIFlowException.__init__(self, message)
        self.status = status
        self.code = code
        self.diagnostics = diagnostics or []


class Unreachable(AIFlowException):
    """No answer: the connection failed, was cut, or timed out."""
    code = ''


class Client(object):

    def __init__(self, server_uri=None, token=None):
        address = os.environ.get('AIFLOW_SERVER') or server_uri
        if not address:
            raise AIFlowException('no aiflow server address: AIFLOW_SERVER is not set')
        if '://' not in address:
            address = 'http://' + address
        parts = urllib.parse.urlsplit(address)
        if parts.scheme not in ('http', 'https') or not parts.hostname:
            raise AIFlowException('bad aiflow server address %r: want host:port' % address)
        self.address = parts.netloc
        self.https = parts.scheme == 'https'
        self.base = parts.path.rstrip('/')
        self.token = os.environ.get('AIFLOW_TOKEN') or token or None

    def request(self, method, path, query=None, body=None, timeout=SLACK, holder=None):
        """Calls the API and returns the decoded answer, asking again for up
        to BUSY_WAIT seconds while the server answers that it is busy (at
        its cap of connections or uploads). holder, when given, gets the
        open connection as holder.conn, so that another thread can cut a
        long poll short by setting holder.stopped (a threading.Event) and
        shutting the connection's socket down."""
        deadline, wait = time.monotonic() + BUSY_WAIT, 0.05
        while True:
            try:
                return self._request(method, path, query, body, timeout, holder)
            except ServerError as e:
                if e.status != 503 or e.code != 'busy' or time.monotonic() + wait > deadline:
                    raise
            time.sleep(wait)
            wait = min(2 * wait, 1.0)

    def _request(self, method, path, query, body, timeout, holder):
        if self.https:
            conn = http.client.HTTPSConnection(self.address, timeout=timeout)
        else:
            conn = http.client.HTTPConnection(self.address, timeout=timeout)
        if holder is not None:
            holder.conn = conn
        headers = {'Accept': 'application/json'}
        data = None
        if body is not None:
            data = json.dumps(body).encode('utf-8')
            headers['Content-Type'] = 'application/json'
        if self.token:
            headers['Authorization'] = 'Bearer ' + self.token
        url = self.base + path
        if query:
            url += '?' + urllib.parse.urlencode(query, doseq=True)
        try:
            if holder is not None:
                # A stop that came before the socket existed could not cut
                # it: look again now that it does.
                conn.connect()
                if holder.stopped.is_set():
                    raise Unreachable('the call was cancelled')
            conn.request(method, url, body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
        except (OSError, http.client.HTTPException) as e:
            raise Unreachable('cannot reach the aiflow server at %s: %s' % (self.address, e)) from None
        finally:
            conn.close()
            if holder is not None:
                holder.conn = None
        try:
            answer = json.loads(raw.decode('utf-8')) if raw else {}
        except ValueError:
            answer = None
        if resp.status >= 400:
            code, message, diagnostics = '', raw.decode('utf-8', 'replace').strip(), None
            if isinstance(answer, dict):
                code = answer.get('code', '')
                message = answer.get('message', message)
                diagnostics = answer.get('diagnostics')
            raise ServerError(resp.status, code, 'aiflow server: %s' % message, diagnostics)
        if not isinstance(answer, dict):
            raise AIFlowException('aiflow server at %s answered %r, not JSON' % (self.address, raw[:200]))
        return answer

    def send_event(self, key, value, namespace, sender, context, uuid):
        """POST /api/v1/events; one retry with the same uuid when the
        server could not be reached, so a send is stored at most once."""
        body = {'key': key, 'uuid': uuid}
        for name, v in (('value', value), ('namespace', namespace), ('sender', sender),
                        ('context', context)):
            if v is not None and v != '':
                body[name] = v
        try:
            answer = self.request('POST', EVENTS, body=body)
        except Unreachable:
            answer = self.request('POST', EVENTS, body=body)
        return to_event(answer)

    def list_events(self, keys=None, namespace=None, sender=None, after=0, wait=0, holder=None):
        """One page of GET /api/v1/events; wait (seconds) makes it a long
        poll."""
        return self.list_events_page(keys, namespace, sender, after, wait, holder)[0]

    def list_events_page(self, keys=None, namespace=None, sender=None, after=0, wait=0, holder=None):
        """One page of GET /api/v1/events and where the next starts: the
        offset to ask after, 0 when no more events followed the page (a
        page is cut by count or by size)."""
        query = []
        for k in keys or []:
            query.append(('key', k))
        if namespace:
            query.append(('namespace', namespace))
        if sender:
            query.append(('sender', sender))
        if after:
            query.append(('after', str(after)))
        if wait:
            query.append(('wait', '%ds' % wait))
        answer = self.request('GET', EVENTS, query=query, timeout=wait + SLACK, holder=holder)
        return [to_event(e) for e in answer.get('events') or []], int(answer.get('next') or 0)

    def last_offset(self):
        """The offset of the last stored event, 0 when there is none."""
        return int(self.request('GET', EVENT_OFFSET).get('offset', 0))


def to_event(d):
    """An API event as AIFlow's Event, with its attribute names."""
    e = Event(key=d.get('key'), value=d.get('value'))
    e.namespace = d.get('namespace')
    e.sender = d.get('sender')
    e.context = d.get('context')
    e.offset = d.get('offset')
    e.create_time = epoch_millis(d.get('create_time'))
    return e


def server_config():
    """The address and token of the configured aiflow server, as the aiflow
    command reads them: server_address (127.0.0.1 for a server that listens
    on every interface) and token of $AIFLOW_HOME/aiflow_server.yaml
    (AIFLOW_HOME defaults to ~/aiflow). Only these two plain top-level keys
    are read."""
    values = {'server_address': '127.0.0.1:50051', 'token': ''}
    home = os.path.expanduser(os.environ.get('AIFLOW_HOME') or '~/aiflow')
    try:
        with open(os.path.join(home, 'aiflow_server.yaml'), encoding='utf-8') as f:
            lines = f.read().splitlines()
    except OSError:
        lines = []
    for line in lines:
        m = re.match(r'(server_address|token)\s*:\s*(.*)$', line)
        if m is None:
            continue
        v = m.group(2).strip()
        if v[:1] in ('"', "'"):
            end = v.find(v[0], 1)
            v = v[1:end] if end > 0 else v[1:]
        else:
            v = re.sub(r'\s+#.*$', '', v)
        values[m.group(1)] = v
    host, _, port = values['server_address'].rpartition(':')
    if host.strip('[]') in ('', '0.0.0.0', '::'):
        values['server_address'] = '127.0.0.1:' + port
    return values['server_address'], values['token']


def _quote(s):
    if not isinstance(s, str):
        raise AIFlowException('a name must be a str, got %s' % type(s).__name__)
    return urllib.parse.quote(s, safe='')


class Ops(object):
    """The binding of ai_flow.ops (ai_flow.ops._server) over the HTTP API."""

    def __init__(self):
        address, token = server_config()
        self.api = Client(address, token)

    def call(self, op, args):
        fn = getattr(self, 'op_' + op, None)
        if fn is None:
            raise AIFlowException('unknown ai_flow.ops call %r' % op)
        return fn(*args)

    def get(self, path, key=None):
        return _unwrap(self.api.request('GET', PREFIX + path), key)

    def post(self, path, body=None, key=None):
        return _unwrap(self.api.request('POST', PREFIX + path, body=body if body is not None else {}), key)

    def delete(self, path, key=None):
        return _unwrap(self.api.request('DELETE', PREFIX + path), key)

    def op_upload(self, path, artifacts):
        with open(path, 'rb') as f:
            source = f.read()
        body = {'path': path, 'source_name': os.path.basename(path), 'source': _b64(source),
                'files': _artifacts(artifacts or [])}
        try:
            answer = self.api.request('POST', PREFIX + '/uploads', body=body, timeout=300)
        except ServerError as e:
            if e.diagnostics:
                _print_diagnostics(e.diagnostics)
                e.args = ('%s has errors; nothing was stored' % path,)
            raise
        # The running script's main block does run: drop the warning that
        # an upload does not run it.
        main = getattr(sys.modules.get('__main__'), '__file__', None)
        running = main is not None and os.path.abspath(main) == os.path.abspath(path)
        _print_diagnostics([d for d in answer.get('diagnostics') or []
                            if not (running and d.get('code') == 'ops-in-main-block')])
        return answer

    def op_workflow(self, ns, name):
        return self.get(_workflow(ns, name))

    def op_workflows(self, ns):
        return self.get('/namespaces/%s/workflows' % _quote(ns or 'default'), 'workflows')

    def op_set_workflow_enabled(self, ns, name, enabled):
        return self.post(_workflow(ns, name) + ('/enable' if enabled else '/disable'))

    def op_delete_workflow(self, ns, name):
        return self.delete(_workflow(ns, name))

    def op_add_schedule(self, ns, name, expression):
        return self.post(_workflow(ns, name) + '/schedules', {'expression': expression})

    def op_schedules(self, ns, name):
        return self.get(_workflow(ns, name) + '/schedules', 'schedules')

    def op_schedule(self, id):
        return self.get('/schedules/%d' % id)

    def op_set_schedule_paused(self, id, paused):
        return self.post('/schedules/%d/%s' % (id, 'pause' if paused else 'resume'))

    def op_delete_schedule(self, id):
        return self.delete('/schedules/%d' % id)

    def op_delete_schedules(self, ns, name):
        return self.delete(_workflow(ns, name) + '/schedules', 'schedules')

    def op_add_trigger(self, ns, name, condition, site):
        return self.post(_workflow(ns, name) + '/triggers', {'condition': condition_ir(condition)})

    def op_triggers(self, ns, name):
        return self.get(_workflow(ns, name) + '/triggers', 'triggers')

    def op_trigger(self, id):
        return self.get('/triggers/%d' % id)

    def op_set_trigger_paused(self, id, paused):
        return self.post('/triggers/%d/%s' % (id, 'pause' if paused else 'resume'))

    def op_delete_trigger(self, id):
        return self.delete('/triggers/%d' % id)

    def op_delete_triggers(self, ns, name):
        return self.delete(_workflow(ns, name) + '/triggers', 'triggers')

    def op_start_execution(self, ns, name):
        return self.post(_workflow(ns, name) + '/executions')

    def op_executions(self, ns, name):
        return self.get(_workflow(ns, name) + '/executions', 'executions')

    def op_execution(self, id):
        return self.get('/executions/%d' % id)

    def op_stop_execution(self, id):
        return self.post('/executions/%d/stop' % id)

    def op_stop_executions(self, ns, name):
        return self.post(_workflow(ns, name) + '/executions/stop', key='executions')

    def op_delete_execution(self, id):
        return self.delete('/executions/%d' % id)

    def op_task_action(self, id, task, verb):
        return self.post('/executions/%d/tasks/%s/%s' % (id, _quote(task), verb))

    def op_task_executions(self, id):
        return self.get('/executions/%d/task-executions' % id, 'task_executions')

    def op_task_execution(self, id):
        return self.get('/task-executions/%d' % id)

    def op_add_namespace(self, name, properties):
        return self.post('/namespaces', {'name': name, 'properties': properties or {}})

    def op_namespaces(self):
        return self.get('/namespaces', 'namespaces')

    def op_delete_namespace(self, name):
        return self.delete('/namespaces/' + _quote(name))


def _unwrap(answer, key):
    """The list of a list answer ({key: [...]}), or the answer itself."""
    if key is None:
        return answer
    return answer.get(key) or []


def _workflow(ns, name):
    return '/namespaces/%s/workflows/%s' % (_quote(ns or 'default'), _quote(name))


def _b64(data):
    return base64.b64encode(data).decode('ascii')


def _artifacts(paths):
    """The files of upload_workflows' artifacts, as `aiflow workflow upload
    -f` sends them: a file at the snapshot root under its base name, a
    folder under its base name with its content."""
    if isinstance(paths, str):
        raise AIFlowException('artifacts must be a list of paths, got a str')
    out = []

    def add(name, path):
        with open(path, 'rb') as f:
            data = f.read()
        out.append({'path': name, 'mode': os.stat(path).st_mode & 0o777, 'data': _b64(data)})

    for p in paths:
        p = os.path.abspath(p)
        base = os.path.basename(p)
        if not os.path.isdir(p):
            add(base, p)
            continue
        for folder, dirs, files in os.walk(p):
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(folder, name)
                if os.path.isfile(full):
                    rel = os.path.relpath(full, p).replace(os.sep, '/')
                    add(base + '/' + rel, full)
    return out


def _print_diagnostics(diagnostics):
    """Prints an upload's diagnostics as aiflow validate does."""
    for d in diagnostics:
        print('%s:%s:%s: %s: %s [%s]' % (d.get('file'), d.get('line'), d.get('column'), d.get('severity'),
                                         d.get('message'), d.get('code')), file=sys.stderr)


def condition_ir(c):
    """The IR of a condition captured by ai_flow._capture.export_condition,
    as the aiflow-go loader exports it. The loader records a custom
    condition's constructor arguments; CPython cannot, so a custom condition
    whose class needs arguments is refused."""
    if c is None:
        raise AIFlowException('a workflow trigger needs a condition, got None')
    kind = c.get('kind')
    if kind == 'invalid':
        raise AIFlowException('a condition must be an ai_flow Condition, got %s' % type(c.get('value')).__name__)
    if kind == 'custom':
        return _custom_ir(c)
    out = {}
    for k, v in c.items():
        if k == 'site' or v is None:
            continue
        if k == 'conditions':
            v = [condition_ir(x) for x in v]
        out[k] = v
    return out


def _custom_ir(c):
    import inspect
    obj = c['object']
    cls = type(obj)
    main = getattr(sys.modules.get('__main__'), '__file__', None) or '.'
    try:
        file = inspect.getsourcefile(cls)
        inspect.signature(cls).bind()
    except (TypeError, ValueError):
        raise AIFlowException(
            'condition %s needs constructor arguments, which CPython cannot record; add this trigger '
            "with 'aiflow workflow apply', which runs the file as __main__ and records them" % cls.__name__) from None
    out = {'kind': 'custom', 'class': cls.__name__,
           'file': os.path.relpath(file, os.path.dirname(os.path.abspath(main))).replace(os.sep, '/')}
    keys = c.get('expect_event_keys')
    if keys:
        out['expect_event_keys'] = list(keys)
    return out
