"""Best weights kept by reference: ``state_dict()`` (or a shallow ``.copy()`` of it) taken in
a training loop and loaded back after it holds the live tensors, so it restores the last
weights, not the best."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

TRAIN = """\
import copy

import torch
import torch.nn as nn


def train(model, train_loader, val_loader, epochs=10):
    opt = torch.optim.Adam(model.parameters())
    loss_func = nn.CrossEntropyLoss()
    best_loss, best_state = float("inf"), None
    for epoch in range(epochs):
        model.train()
        for x, y in train_loader:
            opt.zero_grad()
            loss = loss_func(model(x), y)
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            val = sum(loss_func(model(x), y).item() for x, y in val_loader)
        if val < best_loss:
            best_loss = val
            best_state = model.state_dict().copy()
    model.load_state_dict(best_state)
    return model
"""


def test_a_shallow_copy_of_the_state_dict_restored_after_training_fails() -> None:
    result = check("SANITY004", snapshot_from({"train.py": TRAIN}))
    assert result.status is Status.FAIL, result.message
    assert "best weights kept by reference" in result.message
    assert [e.line for e in result.evidence] == [23]
    assert "state_dict().copy()  # keep copy.deepcopy" in result.evidence[0].snippet


def test_the_bare_state_dict_kept_as_best_fails_too() -> None:
    code = TRAIN.replace("model.state_dict().copy()", "model.state_dict()")
    assert check("SANITY004", snapshot_from({"train.py": code})).status is Status.FAIL


def test_a_deep_copy_or_a_saved_file_passes() -> None:
    deep = TRAIN.replace("model.state_dict().copy()", "copy.deepcopy(model.state_dict())")
    assert check("SANITY004", snapshot_from({"train.py": deep})).status is Status.PASS
    saved = TRAIN.replace(
        "best_state = model.state_dict().copy()", "torch.save(model.state_dict(), 'best.pt')"
    ).replace("model.load_state_dict(best_state)", "model.load_state_dict(torch.load('best.pt'))")
    assert check("SANITY004", snapshot_from({"train.py": saved})).status is Status.PASS


def test_a_state_kept_as_training_stops_is_the_last_one_anyway() -> None:
    # Taken just before the loop is left: nothing trains after it, so it holds what it says.
    code = TRAIN.replace(
        "            best_state = model.state_dict().copy()\n",
        "            best_state = model.state_dict().copy()\n            break\n",
    )
    assert check("SANITY004", snapshot_from({"train.py": code})).status is Status.PASS


def test_a_state_taken_outside_any_training_loop_passes() -> None:
    code = """\
import torch


def reset(model, other):
    start = model.state_dict()
    for x in range(3):
        other(x)
    model.load_state_dict(start)
"""
    train = TRAIN.replace("best_state = model.state_dict().copy()", "pass")
    files = {"train.py": train, "reset.py": code}
    assert check("SANITY004", snapshot_from(files)).status is Status.PASS


def test_an_optimizer_state_kept_the_same_way_is_not_read() -> None:
    code = TRAIN.replace("model.state_dict().copy()", "opt.state_dict()").replace(
        "model.load_state_dict(best_state)", "opt.load_state_dict(best_state)"
    )
    assert check("SANITY004", snapshot_from({"train.py": code})).status is Status.PASS
