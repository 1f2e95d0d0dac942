"""What the SANITY rule tests share: running a rule on a few files, reading its evidence, and
the small training programs the rules are read against."""

from __future__ import annotations

from textwrap import dedent

from repocheck.model import Result, Status
from tests.helpers import check, snapshot_from

SANITY = ("SANITY001", "SANITY002", "SANITY003", "SANITY004")


def run(rule_id: str, files: dict[str, str]) -> Result:
    return check(rule_id, snapshot_from({name: dedent(text) for name, text in files.items()}))


def places(result: Result) -> list[tuple[str, int | None, int | None]]:
    return [(e.path, e.cell, e.line) for e in result.evidence]


def kinds(result: Result) -> dict[str, int | float | str | None]:
    """SANITY004's findings per detector, from its metrics."""
    ignored = ("training_calls", "mistakes", "warnings")
    return {key: value for key, value in result.metrics.items() if key not in ignored}


def unguarded(result: Result) -> bool:
    """No guard found: a warn, or the note a short exercise gets instead."""
    return result.status is Status.WARN or result.metrics.get("short_runs_only") == 1


TRAIN_LOOP = """\
import torch
from torch import nn

from model import MLP

model = MLP()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for x, y in loader:
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
"""

TRAINING = """\
import torch
from torch import nn


def train_epoch(model, optimizer, x, y):
    model.train()
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()
"""

MODEL = """\
import torch
from torch import nn


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(2, 16), nn.Dropout(0.1), nn.Linear(16, 2))

    def forward(self, x):
        return self.layers(x)
"""
