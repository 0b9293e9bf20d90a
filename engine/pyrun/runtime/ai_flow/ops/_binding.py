"""Under CPython, ai_flow.ops talks to the aiflow-go server over its HTTP
API (ai_flow._api.Ops): the server of AIFLOW_SERVER, else the one that
$AIFLOW_HOME/aiflow_server.yaml configures. Task code is the exception:
the task runner sets in_task, and ai_flow.ops is then refused there."""
# Set by the task runner (aiflow_task.py).
in_task = False
# The binding, made on first use.
server = None


def get():
    global server
    if in_task:
        return None
    if server is None:
        from ai_flow import _api
        server = _api.Ops().call
    return server
