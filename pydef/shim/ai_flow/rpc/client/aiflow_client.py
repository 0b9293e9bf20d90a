"""Factories of the clients of the AIFlow and notification servers. Both
connect, so calling either while a workflow file loads is a sandbox
violation."""
from ai_flow._capture import forbid


def get_scheduler_client(server_uri=None):
    forbid('ai_flow.rpc.client.aiflow_client.get_scheduler_client')


def get_notification_client(notification_server_uri=None, namespace=None, sender=None):
    forbid('ai_flow.rpc.client.aiflow_client.get_notification_client')
