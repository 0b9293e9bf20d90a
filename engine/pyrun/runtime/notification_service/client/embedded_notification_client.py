"""The notification client of task code at run time. AIFlow's speaks gRPC to
the notification server; this one speaks the aiflow-go HTTP API, whose
server keeps the event log (decisions.md Fix 11, Fix 16). The server is
AIFLOW_SERVER, whatever server_uri says (decisions.md Keep 5)."""
import datetime
import itertools
import os
import socket
import sys
import threading
import time
import traceback

from notification_service.client.notification_client import ListenerProcessor
from notification_service.client.notification_client import ListenerRegistrationId
from notification_service.client.notification_client import NotificationClient
from notification_service.model.event import Event

# Seconds a listener's long poll waits (AIFlow's NOTIFICATION_TIMEOUT_SECONDS).
NOTIFICATION_TIMEOUT_SECONDS = 5
# Seconds a listener waits before asking again after a failed call.
RETRY_SECONDS = 1

# Every send of this process gets the next number; the process token keeps
# the uuids of two processes (two tries of one task, or a script a task
# starts) apart, so that only a retry of the same send is deduplicated.
_sends = itertools.count(1)
_token = os.urandom(4).hex()


class _Listener(object):

    def __init__(self, processor, keys, namespace, offset):
        self.processor = processor
        self.keys = keys
        self.namespace = namespace
        self.offset = offset
        self.stopped = threading.Event()
        self.conn = None
        self.thread = None


class EmbeddedNotificationClient(NotificationClient):

    def __init__(self, server_uri, namespace=None, sender=None, client_id=None,
                 initial_seq_num=None):
        NotificationClient.__init__(self, namespace=namespace, sender=sender)
        self.server_uri = server_uri
        # Imported here: http.client costs more than the rest of the
        # runtime, and most definition files import this module for task
        # code that may never run in the same process.
        from ai_flow import _api
        self._api = _api.Client(server_uri)
        self._lock = threading.Lock()
        self._listeners = {}

    def disable_high_availability(self):
        pass

    def _uuid(self):
        return '%s_%s_%d' % (self.sender or 'client', _token, next(_sends))

    def send_event(self, event):
        """Sends event with this client's namespace and sender and returns
        the stored event (offset and create_time set)."""
        value = event.value
        if value is not None and not isinstance(value, str):
            value = str(value)
        return self._api.send_event(event.key, value, self.namespace, self.sender,
                                    event.context, self._uuid())

    def list_events(self, key=None, namespace=None, sender=None, begin_offset=None,
                    end_offset=None):
        """Events with offset > begin_offset and <= end_offset, of key (a
        key or a list of keys; None or '*' for any), namespace and sender
        (None or '*' for any)."""
        keys = _keys(key)
        after = begin_offset or 0
        out = []
        while True:
            page, after = self._api.list_events_page(keys, _any(namespace), _any(sender), after)
            for e in page:
                if end_offset is not None and e.offset > end_offset:
                    return out
                out.append(e)
            if not after:
                return out

    def list_all_events(self, start_time=None, start_offset=None, end_offset=None):
        events = self.list_events(begin_offset=start_offset, end_offset=end_offset)
        if start_time:
            events = [e for e in events if e.create_time is None or e.create_time >= start_time]
        return events

    def time_to_offset(self, time):
        """The largest offset of an event created at or before time (a
        datetime, or milliseconds since the epoch), 0 when none was. The
        API has no such lookup, so this reads the log from its start."""
        limit = _millis(time)
        found = 0
        for e in self.list_events():
            if e.create_time is not None and e.create_time > limit:
                break
            found = e.offset
        return found

    def register_listener(self, listener_processor, event_keys=None, offset=None):
        """Calls listener_processor.process(events) from a background thread
        with each batch of new events after offset (None: from the start)
        whose key is one of event_keys (None: any) in this client's
        namespace. Returns the id unregister_listener takes."""
        lst = _Listener(listener_processor, _keys(event_keys), self.namespace, offset or 0)
        lst.thread = threading.Thread(target=self._listen, args=(lst,), daemon=True,
                                      name='aiflow-listener')
        with self._lock:
            rid = str(id(lst))
            self._listeners[rid] = lst
        lst.thread.start()
        return ListenerRegistrationId(rid)

    def unregister_listener(self, registration_id):
        """Stops a listener and waits for its thread."""
        rid = getattr(registration_id, 'id', registration_id)
        with self._lock:
            lst = self._listeners.pop(str(rid), None)
        if lst is None:
            return
        lst.stopped.set()
        # Cut the long poll short instead of waiting for it to end. The
        # listener may close the connection meanwhile: read each field once.
        conn = lst.conn
        sock = getattr(conn, 'sock', None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if lst.thread is not threading.current_thread():
            lst.thread.join()

    def close(self):
        with self._lock:
            ids = list(self._listeners)
        for rid in ids:
            self.unregister_listener(rid)

    def _listen(self, lst):
        failing = False
        while not lst.stopped.is_set():
            try:
                page = self._api.list_events(lst.keys, lst.namespace, None, lst.offset,
                                             wait=NOTIFICATION_TIMEOUT_SECONDS, holder=lst)
            except Exception as e:
                if lst.stopped.is_set():
                    return
                if not failing:
                    print('aiflow: event listener: %s; retrying' % e, file=sys.stderr)
                    failing = True
                lst.stopped.wait(RETRY_SECONDS)
                continue
            failing = False
            if not page:
                continue
            lst.offset = page[-1].offset
            if lst.stopped.is_set():
                return
            try:
                lst.processor.process(page)
            except Exception:
                # One bad batch must not end the listening, as a dead
                # listener would silently lose every later event.
                print('aiflow: event listener: process() raised:', file=sys.stderr)
                traceback.print_exc()


def _keys(key):
    if key is None:
        return None
    if isinstance(key, str):
        key = [key]
    keys = list(key)
    if '*' in keys:
        return None
    return keys


def _any(v):
    if v is None or v == '*':
        return None
    return v


def _millis(t):
    if t is None:
        return int(time.time() * 1000)
    if isinstance(t, datetime.datetime):
        return int(t.timestamp() * 1000)
    return int(t)
