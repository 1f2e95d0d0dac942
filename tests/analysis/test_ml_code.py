"""The ML code model: what functions do, directly or through the helpers they call."""

from __future__ import annotations

from repocheck.analysis.imports import programs
from repocheck.analysis.ml_code import Repo
from tests.helpers import snapshot_from

HELPERS = """\
import torch

def step(model, x):
    model(x).sum().backward()

def epoch(model, data):
    for x in data:
        step(model, x)

def fit(model, data):
    epoch(model, data)

def ping():
    pong()

def pong():
    ping()
    fit(None, [])

def report():
    print("done")
"""


def test_training_functions_close_over_helper_chains_and_cycles() -> None:
    repo = Repo(programs(snapshot_from({"train.py": HELPERS})))
    # step trains itself; epoch and fit through it; ping and pong call each other and fit.
    assert repo.training_functions == {"step", "epoch", "fit", "ping", "pong"}
    assert repo.model_functions == {"step", "epoch", "fit", "ping", "pong"}
    assert repo.zeroing_functions == frozenset()
