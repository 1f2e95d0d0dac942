"""SANITY003: a test that posts to a web route which runs the model runs the model.

A Flask or FastAPI app loads its model at import and predicts in a route; its tests send a
sentence through the framework's test client (``client.post('/api/predict', ...)``) and check
the label. That runs the model end to end, on tiny data."""

from __future__ import annotations

from textwrap import dedent

from repocheck.model import Status
from tests.helpers import check, snapshot_from

APP = """\
from flask import Flask, jsonify, request
from transformers import AutoModelForSequenceClassification, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("sentiment_model")
model = AutoModelForSequenceClassification.from_pretrained("sentiment_model")
model.eval()
app = Flask(__name__)


def predict_sentiment(texts):
    inputs = tokenizer(texts, return_tensors="pt", padding=True)
    outputs = model(**inputs)
    return outputs.logits.argmax(-1).tolist()


@app.route("/api/predict", methods=["POST"])
def api_predict():
    return jsonify({"label": predict_sentiment([request.json["text"]])[0]})


@app.route("/health")
def health():
    return jsonify({"ok": True})
"""
TESTS = """\
import pytest
from app import app


@pytest.fixture
def client():
    with app.test_client() as client:
        yield client


def test_health(client):
    assert client.get("/health").status_code == 200


def test_predict(client):
    response = client.post("/api/predict", json={"text": "A fine film."})
    assert response.json["label"] in (0, 1)
"""


def _run(tests: str) -> tuple[Status, str]:
    files = {"app.py": APP, "tests/test_api.py": dedent(tests)}
    result = check("SANITY003", snapshot_from(files))
    return result.status, result.message


def test_a_request_to_a_route_that_runs_the_model_is_a_smoke_test() -> None:
    status, message = _run(TESTS)
    assert status is Status.PASS
    assert "test_predict" in message and "/api/predict" in message


def test_a_request_to_a_route_that_runs_no_model_is_not() -> None:
    only_health = TESTS.split("def test_predict")[0]
    status, _ = _run(only_health)
    assert status is Status.FAIL


def test_a_patched_name_is_no_route() -> None:
    # @mock.patch("app.predict_sentiment") decorates a function that runs the model, and a
    # test's mock.patch("app.predict_sentiment") spells the same string: neither is a route.
    patched = APP.replace('@app.route("/api/predict", methods=["POST"])', '@mock.patch("app.x")')
    patched = "from unittest import mock\n" + patched
    tests = TESTS.replace(
        'client.post("/api/predict", json={"text": "A fine film."})', 'mock.patch("app.x")'
    )
    files = {"app.py": patched, "tests/test_api.py": tests}
    assert check("SANITY003", snapshot_from(files)).status is Status.FAIL


SKLEARN_FILES = {
    "train.py": """\
import joblib
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

X, y = load_iris(return_X_y=True)
joblib.dump(LogisticRegression(max_iter=1000).fit(X, y), "model.joblib")
""",
    "app/loader.py": """\
import joblib

_MODEL = None


def get_model():
    global _MODEL
    if _MODEL is None:
        _MODEL = joblib.load("model.joblib")
    return _MODEL
""",
    "app/service.py": """\
import numpy as np

from app.loader import get_model


def predict_label(features):
    estimator = get_model()
    sample = np.asarray(features).reshape(1, -1)
    return int(estimator.predict(sample)[0]), float(max(estimator.predict_proba(sample)[0]))
""",
    "app/main.py": """\
from fastapi import APIRouter, FastAPI

from app.service import predict_label

router = APIRouter()


@router.post("/predict")
def predict(payload: dict):
    label, proba = predict_label(payload["features"])
    return {"label": label, "proba": proba}


app = FastAPI()
app.include_router(router)
""",
    "tests/test_api.py": """\
from fastapi.testclient import TestClient

from app.main import app


def test_predict():
    response = TestClient(app).post("/predict", json={"features": [5.1, 3.5, 1.4, 0.2]})
    assert 0 <= response.json()["proba"] <= 1
""",
}


def test_a_route_that_predicts_with_a_fitted_estimator_runs_the_model() -> None:
    # The route's helper loads a scikit-learn estimator and calls its predict and
    # predict_proba: no model(x) call anywhere, and still the request runs the model.
    result = check("SANITY003", snapshot_from(SKLEARN_FILES))
    assert result.status is Status.PASS
    assert "/predict" in result.message


def test_a_route_whose_helper_predicts_nothing_is_not() -> None:
    files = dict(SKLEARN_FILES)
    files["app/service.py"] = """\
def predict_label(features):
    return 0, 1.0
"""
    assert check("SANITY003", snapshot_from(files)).status is Status.FAIL
