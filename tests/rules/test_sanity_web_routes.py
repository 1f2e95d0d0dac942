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
