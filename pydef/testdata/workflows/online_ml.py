#
# Modelled on AIFlow's online machine learning tutorial: pre-processing sends
# data_prepared every 30 s, training starts on it, validating follows
# training, deploying starts on model_validated and predicting listens for
# model_deployed. numpy, sklearn and joblib are only used by task code.
#
import logging
import os
import shutil
import time
from typing import List

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.utils import check_random_state

from ai_flow.model.action import TaskAction
from ai_flow.model.workflow import Workflow
from ai_flow.notification.notification_client import AIFlowNotificationClient, ListenerProcessor
from ai_flow.operators.python import PythonOperator
from notification_service.model.event import Event

logger = logging.getLogger(__name__)

NOTIFICATION_SERVER_URI = 'localhost:50052'
WORKING_DIR = os.path.join('/tmp', 'online_ml')
DATASET_DIR = os.path.join(WORKING_DIR, 'dataset')
MODEL_DIR = os.path.join(WORKING_DIR, 'model')
VALIDATED_MODEL_DIR = os.path.join(WORKING_DIR, 'validated')
DEPLOYED_MODEL_DIR = os.path.join(WORKING_DIR, 'deployed')
PREDICT_RESULT = os.path.join(WORKING_DIR, 'predict_result')


def _send_event(key, value):
    client = AIFlowNotificationClient(server_uri=NOTIFICATION_SERVER_URI)
    client.send_event(Event(key=key, value=value))


def _latest_file(folder):
    files = [os.path.join(folder, f) for f in os.listdir(folder)]
    return max(files, key=os.path.getmtime) if files else None


def preprocess():
    os.makedirs(DATASET_DIR, exist_ok=True)
    random_state = check_random_state(0)
    while True:
        x = random_state.rand(1000, 8)
        y = (x.sum(axis=1) > 4).astype(int)
        path = os.path.join(DATASET_DIR, f'{int(time.time())}.npz')
        np.savez(path, x=x, y=y)
        logger.info(f'dataset written to {path}')
        _send_event('data_prepared', path)
        time.sleep(30)


def train():
    dataset = _latest_file(DATASET_DIR)
    data = np.load(dataset)
    scaler = StandardScaler().fit(data['x'])
    model = LogisticRegression(max_iter=200).fit(scaler.transform(data['x']), data['y'])
    os.makedirs(MODEL_DIR, exist_ok=True)
    path = os.path.join(MODEL_DIR, f'model_{int(time.time())}.pkl')
    joblib.dump((scaler, model), path)
    logger.info(f'trained {path} on {dataset}')


def _score(model_path, dataset):
    scaler, model = joblib.load(model_path)
    data = np.load(dataset)
    return model.score(scaler.transform(data['x']), data['y'])


def validate():
    new_model = _latest_file(MODEL_DIR)
    dataset = _latest_file(DATASET_DIR)
    deployed = _latest_file(DEPLOYED_MODEL_DIR) if os.path.exists(DEPLOYED_MODEL_DIR) else None
    new_score = _score(new_model, dataset)
    old_score = _score(deployed, dataset) if deployed else 0.0
    logger.info(f'new model {new_score:.3f}, deployed model {old_score:.3f}')
    if new_score > old_score:
        os.makedirs(VALIDATED_MODEL_DIR, exist_ok=True)
        shutil.copy(new_model, VALIDATED_MODEL_DIR)
        _send_event('model_validated', new_model)


def deploy():
    validated = _latest_file(VALIDATED_MODEL_DIR)
    os.makedirs(DEPLOYED_MODEL_DIR, exist_ok=True)
    shutil.copy(validated, DEPLOYED_MODEL_DIR)
    _send_event('model_deployed', validated)


class ModelListener(ListenerProcessor):

    def __init__(self):
        self.model_path = None

    def process(self, events: List[Event]):
        for event in events:
            self.model_path = event.value
            logger.info(f'now predicting with {self.model_path!r}')


def predict():
    listener = ModelListener()
    client = AIFlowNotificationClient(server_uri=NOTIFICATION_SERVER_URI)
    client.register_listener(listener_processor=listener, event_keys=['model_deployed'])
    while True:
        if listener.model_path:
            scaler, model = joblib.load(listener.model_path)
            x = np.random.rand(10, 8)
            with open(PREDICT_RESULT, 'a') as f:
                f.write(f'{model.predict(scaler.transform(x)).tolist()}\n')
        time.sleep(5)


with Workflow(name='online_ml_workflow', owner='ml-team') as workflow:
    pre_processing = PythonOperator(name='pre_processing', python_callable=preprocess)
    training = PythonOperator(name='training', python_callable=train, timeout=1800)
    validating = PythonOperator(name='validating', python_callable=validate)
    deploying = PythonOperator(name='deploying', python_callable=deploy)
    predicting = PythonOperator(name='predicting', python_callable=predict)

    training.action_on_event_received(event_key='data_prepared', action=TaskAction.START)
    validating.start_after(training)
    deploying.action_on_event_received(event_key='model_validated', action=TaskAction.START)
