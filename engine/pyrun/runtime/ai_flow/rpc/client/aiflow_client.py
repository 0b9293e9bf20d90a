"""Factories of the clients of the AIFlow and notification servers. In a
task, the notification client talks to the aiflow-go server that runs it;
the scheduler client has no aiflow-go counterpart in task code."""
from ai_flow._capture import forbid
from notification_service.client.embedded_notification_client import EmbeddedNotificationClient


def get_scheduler_client(server_uri=None):
    forbid('ai_flow.rpc.client.aiflow_client.get_scheduler_client')


def get_notification_client(notification_server_uri=None, namespace=None, sender=None):
    return EmbeddedNotificationClient(server_uri=notification_server_uri, namespace=namespace,
                                      sender=sender)
