"""getpass for workflow definitions: a fixed user, so loads do not
depend on who runs them."""


def getuser():
    return "aiflow"


def getpass(prompt="Password: ", stream=None):
    raise RuntimeError("getpass() cannot prompt while loading a workflow definition")
