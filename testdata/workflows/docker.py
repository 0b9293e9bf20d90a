# Docker tasks (an aiflow-go extension): a build step, then a report that
# mounts the build's output, on a private network with a retry.
from ai_flow.model.workflow import Workflow
from ai_flow.operators.docker import DockerOperator

with Workflow(name='docker_workflow') as workflow:
    build = DockerOperator(name='build', image='golang:1.26',
                           command="sh -c 'go build -o /out/app ./...'",
                           volumes=['/srv/src:/src:ro', 'build-cache:/root/.cache'])
    report = DockerOperator('report', 'python:3.12-slim', 'python /app/report.py --daily',
                            env={'MODE': 'daily', 'LANG': 'C.UTF-8'}, network='reports',
                            retries=2, timeout=600)
    report.start_after([build])
    plain = DockerOperator(name='hello', image='hello-world@sha256:0123abcd')
