"""Namespace operations; each would reach the AIFlow server."""
from ai_flow._capture import forbid


def add_namespace(name, properties):
    forbid('ai_flow.ops.add_namespace')


def get_namespace(name):
    forbid('ai_flow.ops.get_namespace')


def update_namespace(name, properties):
    forbid('ai_flow.ops.update_namespace')


def list_namespace(limit=None, offset=None):
    forbid('ai_flow.ops.list_namespace')


def delete_namespace(name):
    forbid('ai_flow.ops.delete_namespace')
