"""A training engine's loop, told by the optimizer it is handed (torchnet's
``engine.train(processor, iterator, maxepoch=..., optimizer=...)``), is a training run: the
rules that look for training read it as one."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

TRAIN = """\
import torch
from torch import nn
from torchnet.engine import Engine


def processor(sample):
    x, y = sample
    return nn.functional.mse_loss(model(x), y), None


def get_iterator(train):
    return torch.utils.data.DataLoader(dataset, batch_size=64, shuffle=train)


if __name__ == "__main__":
    model = nn.Linear(3, 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    engine = Engine()
    engine.train(processor, get_iterator(True), maxepoch=30, optimizer=optimizer)
"""


def test_an_engine_handed_an_optimizer_is_a_training_run() -> None:
    snapshot = snapshot_from({"capsnet/train.py": TRAIN, "capsnet/__init__.py": ""})
    settings = check("REPRO006", snapshot)
    assert settings.status is Status.WARN, settings.message
    assert "typed into the training code" in settings.message
    seeding = check("REPRO001", snapshot)
    assert seeding.status is Status.FAIL, seeding.message
    assert "capsnet/train.py" in seeding.message
