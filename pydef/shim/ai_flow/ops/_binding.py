"""The server that ai_flow.ops calls reach: none while a definition loads.
`aiflow workflow apply` sets server to its Go binding; the CPython runtime
(engine/pyrun) replaces this module with one that speaks the HTTP API."""
# binding(op, args), see ai_flow.ops._server.
server = None


def get():
    return server
