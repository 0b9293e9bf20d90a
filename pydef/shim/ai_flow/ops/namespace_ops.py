"""Namespace operations; ai_flow.ops._server says when they reach a
server."""
from ai_flow.ops import _server


def add_namespace(name, properties):
    return _server.namespace(_server.call('add_namespace', 'add_namespace', [name, properties]))


def get_namespace(name):
    for n in _server.call('get_namespace', 'namespaces', []):
        if n.get('name') == name:
            return _server.namespace(n)
    return None


def update_namespace(name, properties):
    _server.unsupported('update_namespace', "a namespace's properties are set when it is added")


def list_namespace(limit=None, offset=None):
    return _server.page(_server.call('list_namespace', 'namespaces', []), limit, offset, _server.namespace)


def delete_namespace(name):
    _server.call('delete_namespace', 'delete_namespace', [name])
