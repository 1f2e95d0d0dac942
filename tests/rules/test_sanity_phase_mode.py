"""SANITY004 on an engine whose constructor picks the model's mode from the phase it is built
for (``phase == "train"``: ``model.train()``, ``phase == "val"``: ``model.eval()``), and whose
``evaluate()`` runs only on an engine built for evaluation."""

from __future__ import annotations

from textwrap import dedent

from repocheck.model import Result
from tests.helpers import check, snapshot_from

MODEL = """\
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.Conv2d(8, 2, 1))

    def forward(self, x):
        return self.layers(x)
"""

ENGINE = """\
import torch
from torch.utils.data import DataLoader


class Engine:
    def __init__(self, network, optimizer, dataset, phase="train"):
        self.network = network
        self.optimizer = optimizer
        if phase == "train":
            self.network.train()
            shuffle = True
        elif phase == "val":
            self.network.eval()
            shuffle = False
        self.loader = DataLoader(dataset, batch_size=2, shuffle=shuffle, drop_last=True)

    def train(self):
        for x, y in self.loader:{train_switch}
            loss = torch.nn.functional.cross_entropy(self.network(x), y)
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step(){after_epoch}

    def evaluate(self):
        with torch.no_grad():
            for x, y in self.loader:
                pred = self.network(x)
                print((pred.argmax(1) == y).float().mean())
"""

MAIN = """\
import sys

import torch

from engine import Engine
from model import Net

if __name__ == "__main__":
    torch.manual_seed(0)
    network = Net()
    optimizer = torch.optim.Adam(network.parameters())
    phase = "train" if "--train" in sys.argv else "val"
    engine = Engine(network, optimizer, [], phase=phase)
    if phase == "train":
        engine.train()
    else:
        engine.evaluate()
"""


def run(train_switch: str = "", after_epoch: str = "") -> Result:
    files = {
        "model.py": MODEL,
        "engine.py": ENGINE.format(train_switch=train_switch, after_epoch=after_epoch),
        "main.py": MAIN,
    }
    return check("SANITY004", snapshot_from({name: dedent(text) for name, text in files.items()}))


def eval_mode_findings(result: Result) -> list[str]:
    return [e.snippet for e in result.evidence if "model.eval()" in e.snippet]


def test_sanity004_an_engine_built_in_eval_mode_for_evaluation_evaluates_in_eval_mode() -> None:
    result = run()
    assert result.metrics.get("eval_in_train_mode", 0) == 0, result.evidence
    assert eval_mode_findings(result) == []


def test_sanity004_an_engine_switching_to_train_mode_when_it_trains_still_needs_eval() -> None:
    # train() switches the same engine's model back to train mode: an evaluate() after it on
    # that engine would run with batch norm in train mode.
    result = run(train_switch="\n            self.network.train()")
    assert result.metrics.get("eval_in_train_mode") == 1, result.evidence
    assert eval_mode_findings(result) == [
        "def evaluate(self):  # call model.eval() first, model.train() after"
    ]


def test_sanity004_an_engine_that_evaluates_itself_after_training_still_needs_eval() -> None:
    # An engine built for phase="train" that calls self.evaluate() after its epochs
    # evaluates in the train mode its constructor picked.
    result = run(after_epoch="\n        self.evaluate()")
    assert result.metrics.get("eval_in_train_mode") == 1, result.evidence


# DataLoader's drop_last (and tf.data's drop_remainder) drop a short batch, not activations:
# a program whose only "drop" is there has no layer that eval mode changes.
NO_DROPOUT = """\
import torch
from torch import nn
from torch.utils.data import DataLoader

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)


def validate(val_loader):
    with torch.no_grad():
        for x, y in val_loader:
            print((model(x).argmax(1) == y).float().mean())


if __name__ == "__main__":
    torch.manual_seed(0)
    train_loader = DataLoader([], batch_size=2, shuffle=True, drop_last=True)
    for x, y in train_loader:
        loss = nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    validate(DataLoader([], batch_size=2))
"""


def test_sanity004_drop_last_is_no_dropout_layer() -> None:
    result = check("SANITY004", snapshot_from({"train.py": NO_DROPOUT}))
    assert eval_mode_findings(result) == [], result.evidence
    assert result.metrics.get("training_calls") == 1, result.metrics
