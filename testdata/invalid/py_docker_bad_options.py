# Docker options that docker run would refuse or take for something else.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.docker import DockerOperator

with Workflow(name='docker_bad') as w:
    DockerOperator(name='noimage', command='true')  # want missing-argument 5 "image"
    DockerOperator(name='flag', image='--privileged')  # want bad-value 39 "not an image reference"
    DockerOperator(name='quote', image='a', command='echo "x')  # want bad-value 53 "cannot be split"
    DockerOperator(name='vol', image='a', volumes=['data'])  # want bad-value 51 "SOURCE:/container/path"
    DockerOperator(name='env', image='a', env={'A B': '1'})  # want bad-value 48 "not a variable name"
