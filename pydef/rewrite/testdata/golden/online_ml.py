# Online machine learning: pre-processing and predicting run for ever;
# training starts on every `data_prepared`, validating after training, and
# deploying on `model_validated`. Task-only libraries (numpy, sklearn, joblib)
# are imported at the top but used only inside the callables.
import logging
import os
import shutil
import time
from typing import List

import numpy as np
from joblib import dump, load
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.preprocessing import StandardScaler

from ai_flow.model.action import TaskAction
from ai_flow.model.internal.conditions import MeetAnyCondition, SingleEventCondition
from ai_flow.model.status import TaskStatus
from ai_flow.model.workflow import Workflow
from ai_flow.notification.notification_client import AIFlowNotificationClient, ListenerProcessor
from ai_flow.operators.bash import BashOperator
from ai_flow.operators.python import PythonOperator
from notification_service.model.event import Event

NOTIFICATION_SERVER_URI = "localhost:50052"

current_dir = os.path.dirname(__file__)
dataset_path = os.path.join(current_dir, 'dataset', 'mnist_{}.npz')
working_dir = os.path.join(current_dir, 'tmp')
model_dirs = {name: os.path.join(working_dir, name + '_models')
              for name in ('trained', 'validated', 'deployed')}


def _prepare_working_dir():
    for path in model_dirs.values():
        if not os.path.isdir(path):
            os.makedirs(path)


def _latest_model(model_dir):
    files = sorted(os.listdir(model_dir), reverse=True)
    return os.path.join(model_dir, files[0]) if files else None


def _load_dataset(kind):
    with np.load(dataset_path.format(kind)) as f:
        x, y = f['x_train'], f['y_train']
    return StandardScaler().fit_transform(x.reshape((x.shape[0], -1))), y


def preprocess():
    _prepare_working_dir()
    sender = AIFlowNotificationClient(NOTIFICATION_SERVER_URI)
    while True:
        x_train, y_train = _load_dataset('train')
        np.save(os.path.join(working_dir, 'x_train'), x_train)
        np.save(os.path.join(working_dir, 'y_train'), y_train)
        sender.send_event(key="data_prepared", value=None)
        time.sleep(30)


def train():
    _prepare_working_dir()
    clf = LogisticRegression(C=50. / 5000, penalty='l1', solver='saga', tol=0.1)
    clf.fit(np.load(os.path.join(working_dir, 'x_train.npy')),
            np.load(os.path.join(working_dir, 'y_train.npy')))
    dump(clf, os.path.join(model_dirs['trained'], time.strftime("%Y%m%d%H%M%S")))


def validate():
    x, y = _load_dataset('evaluate')
    candidate = _latest_model(model_dirs['trained'])
    scores = cross_val_score(load(candidate), x, y, scoring='precision_macro')
    deployed = _latest_model(model_dirs['deployed'])
    if deployed is None or np.mean(scores) > np.mean(cross_val_score(load(deployed), x, y)):
        logging.info(f"model {candidate} passes validation with {scores}")
        shutil.copy(candidate, model_dirs['validated'])
        AIFlowNotificationClient(NOTIFICATION_SERVER_URI).send_event(key="model_validated", value=None)


def deploy():
    path = shutil.copy(_latest_model(model_dirs['validated']), model_dirs['deployed'])
    AIFlowNotificationClient(NOTIFICATION_SERVER_URI).send_event(key="model_deployed", value=path)


class ModelLoader(ListenerProcessor):
    def __init__(self):
        self.current_model = None

    def process(self, events: List[Event]):
        for e in events:
            self.current_model = e.value


def predict():
    x, _ = _load_dataset('predict')
    loader = ModelLoader()
    client = AIFlowNotificationClient(NOTIFICATION_SERVER_URI)
    client.register_listener(listener_processor=loader, event_keys=["model_deployed"])
    current = None
    while True:
        if current != loader.current_model:
            current = loader.current_model
            result = load(current).predict(x)
            logging.info(f"model [{current}] predicts {result}")
        time.sleep(5)


with Workflow(name="online_machine_learning") as workflow:
    stages = [("pre_processing", preprocess), ("training", train), ("validating", validate),
              ("deploying", deploy), ("predicting", predict)]
    tasks = {}
    for task_name, fn in stages:
        tasks[task_name] = PythonOperator(name=task_name, python_callable=fn)

    tasks["training"].action_on_event_received(action=TaskAction.START, event_key="data_prepared")
    tasks["validating"].start_after(tasks["training"])
    tasks["deploying"].action_on_event_received(action=TaskAction.START, event_key="model_validated")
    tasks["deploying"].action_on_event_received(action=TaskAction.RESTART, event_key="redeploy")

    cleanup = BashOperator(name='cleanup', bash_command='rm -rf tmp/trained_models/*')
    cleanup.action_on_condition(TaskAction.START,
                                MeetAnyCondition([SingleEventCondition('model_deployed'),
                                                  SingleEventCondition('cleanup_requested')]))

    for name in ("pre_processing", "predicting"):
        tasks[name].action_on_event_received(action=TaskAction.STOP, event_key="shutdown")
    tasks["predicting"].action_on_task_status(TaskAction.RESTART, {tasks["deploying"]: TaskStatus.SUCCESS})
