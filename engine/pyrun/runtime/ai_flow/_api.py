"""A small client of the aiflow-go HTTP API (docs/api.md), standard library
only, for the in-task notification clients.

The server is AIFLOW_SERVER (host:port, or a URL) when it is set: a task
always talks to the server that runs it, whatever address its code passes
(AIFlow code passes "localhost:50052"). AIFLOW_TOKEN, when set, is sent as
"Authorization: Bearer <token>".
"""
import calendar
import http.client
import json
import os
import re
import urllib.parse

from ai_flow.common.exception.exceptions import AIFlowException
from notification_service.model.event import Event

EVENTS = '/api/v1/events'
EVENT_OFFSET = EVENTS + '/offset'
# The most events one list call answers (api.MaxEventPage).
MAX_PAGE = 10000
# Seconds a call may take beyond its long-poll wait.
SLACK = 30


class ServerError(AIFlowException):
    """The server answered with an error status."""

    def __init__(self, status, code, message):
        AIFlowException.__init__(self, message)
        self.status = status
        self.code = code


class Unreachable(AIFlowException):
    """No answer: the connection failed, was cut, or timed out."""


class Client(object):

    def __init__(self, server_uri=None):
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
        self.token = os.environ.get('AIFLOW_TOKEN') or None

    def request(self, method, path, query=None, body=None, timeout=SLACK, holder=None):
        """Calls the API and returns the decoded answer. holder, when given,
        gets the open connection as holder.conn, so that another thread can
        cut a long poll short by setting holder.stopped (a threading.Event)
        and shutting the connection's socket down."""
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
            code, message = '', raw.decode('utf-8', 'replace').strip()
            if isinstance(answer, dict):
                code = answer.get('code', '')
                message = answer.get('message', message)
            raise ServerError(resp.status, code, 'aiflow server: %s' % message)
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
        return [to_event(e) for e in answer.get('events') or []]

    def last_offset(self):
        """The offset of the last stored event, 0 when there is none."""
        return int(self.request('GET', EVENT_OFFSET).get('offset', 0))


_TIME = re.compile(r'(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)?$')


def millis(text):
    """An RFC 3339 time as milliseconds since the epoch (AIFlow's
    create_time), None when it cannot be read."""
    m = _TIME.match(text or '')
    if m is None:
        return None
    fields = [int(g) for g in m.groups()[:6]]
    seconds = calendar.timegm((fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], 0, 0, 0))
    zone = m.group(8)
    if zone and zone not in 'Zz':
        sign = 1 if zone[0] == '+' else -1
        seconds -= sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    ms = seconds * 1000
    if m.group(7):
        ms += int((m.group(7)[1:] + '000')[:3])
    return ms


def to_event(d):
    """An API event as AIFlow's Event, with its attribute names."""
    e = Event(key=d.get('key'), value=d.get('value'))
    e.namespace = d.get('namespace')
    e.sender = d.get('sender')
    e.context = d.get('context')
    e.offset = d.get('offset')
    e.create_time = millis(d.get('create_time'))
    return e
