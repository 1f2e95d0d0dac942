"""SANITY004: a loop over validation or test batches that calls backward() and steps the
optimizer: the model learns the held-out batches it is then scored on."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

TRAINS_ON_VALIDATION = """\
import torch


def run(model, train_loader, val_loader, optimizer, criterion, epochs):
    for _ in range(epochs):
        model.train()
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
        model.eval()
        total = 0.0
        for x, y in val_loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        print(total)
"""


def test_sanity004_fails_on_an_optimizer_stepped_on_validation_batches() -> None:
    result = check("SANITY004", snapshot_from({"train.py": TRAINS_ON_VALIDATION}))
    assert result.status is Status.FAIL, result.message
    assert result.metrics["trained_on_held_out"] == 1
    assert "optimizer stepped on validation or test batches" in result.message
    assert ("train.py", 14) in [(e.path, e.line) for e in result.evidence]


def test_sanity004_gradients_on_test_inputs_without_a_step_change_no_weight() -> None:
    # A saliency map: backward() on test inputs, no optimizer step.
    saliency = TRAINS_ON_VALIDATION.replace(
        "            optimizer.step()\n            total += loss.item()\n",
        "            total += x.grad.abs().sum().item()\n",
    )
    result = check("SANITY004", snapshot_from({"train.py": saliency}))
    assert "trained_on_held_out" not in result.metrics, result.message


def test_sanity004_a_loader_chosen_by_phase_is_not_read_as_held_out() -> None:
    phased = TRAINS_ON_VALIDATION.replace("for x, y in val_loader:", "for x, y in loaders[phase]:")
    result = check("SANITY004", snapshot_from({"train.py": phased}))
    assert "trained_on_held_out" not in result.metrics, result.message


def test_sanity004_a_walk_forward_over_test_positions_retrains_on_the_past() -> None:
    # Rolling forecasts: for each test position, retrain on the rows before it, then predict.
    rolling = TRAINS_ON_VALIDATION.replace(
        "for x, y in val_loader:", "for i in range(len(test_data) - 10):"
    )
    result = check("SANITY004", snapshot_from({"train.py": rolling}))
    assert "trained_on_held_out" not in result.metrics, result.message
