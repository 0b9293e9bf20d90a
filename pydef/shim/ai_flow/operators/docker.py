"""DockerOperator: runs a command in a container with docker run.
An aiflow-go extension; AIFlow has no such operator."""
from ai_flow.model.operator import AIFlowOperator


class DockerOperator(AIFlowOperator):

    def __init__(self, name=None, image=None, command=None, env=None, volumes=None,
                 network=None, **kwargs):
        AIFlowOperator.__init__(self, name, **kwargs)
        self._kind = 'docker'
        self.image = image
        self.command = command
        self.env = env
        self.volumes = volumes
        self.network = network
        self._args = {'image': image, 'command': command, 'env': env, 'volumes': volumes,
                      'network': network}
