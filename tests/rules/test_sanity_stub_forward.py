"""SANITY001 evidence: a model whose ``forward`` only raises NotImplementedError (an
actor-critic run through ``act`` and ``evaluate``) gets no "assert the input's shape here"
pointed at that stub: no input ever reaches it."""

from __future__ import annotations

from textwrap import dedent

from repocheck.model import Status
from tests.helpers import check, snapshot_from

ACTOR_CRITIC = """\
import torch
from torch import nn


class ActorCritic(nn.Module):
    def __init__(self):
        super().__init__()
        self.actor = nn.Linear(4, 2)

    def forward(self):
        raise NotImplementedError

    def act(self, state):
        return self.actor(state)


class Critic(nn.Module):
    def __init__(self):
        super().__init__()
        self.value = nn.Linear(4, 1)

    def forward(self, state):
        return self.value(state)
"""


def test_sanity001_points_at_no_forward_that_only_raises() -> None:
    result = check("SANITY001", snapshot_from({"model.py": dedent(ACTOR_CRITIC)}))
    assert result.status is Status.WARN
    assert [(e.path, e.line) for e in result.evidence] == [("model.py", 22)]
