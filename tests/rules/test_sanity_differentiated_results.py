"""SANITY004 on functions named for evaluation whose results a training step differentiates
(an actor-critic's ``evaluate(states, actions)`` in PPO): that is training, not evaluation."""

from __future__ import annotations

from textwrap import dedent

from repocheck.model import Result, Status
from tests.helpers import check, snapshot_from


def run(files: dict[str, str]) -> Result:
    return check("SANITY004", snapshot_from({name: dedent(text) for name, text in files.items()}))


POLICY = """\
import torch
from torch import nn
from torch.distributions import Categorical


class ActorCritic(nn.Module):
    def __init__(self):
        super().__init__()
        self.actor = nn.Sequential(nn.Linear(4, 64), nn.Dropout(0.1), nn.Linear(64, 2))
        self.critic = nn.Linear(4, 1)

    def evaluate(self, state, action):
        dist = Categorical(logits=self.actor(state))
        return dist.log_prob(action), self.critic(state), dist.entropy()


class PPO:
    def __init__(self):
        self.policy = ActorCritic()
        self.optimizer = torch.optim.Adam(self.policy.parameters())

    def update(self, states, actions, old_logprobs, returns):
        for _ in range(4):
            logprobs, values, entropy = self.policy.evaluate(states, actions)
            ratios = torch.exp(logprobs - old_logprobs)
            loss = -ratios * returns + 0.5 * (values - returns) ** 2 - 0.01 * entropy
            self.optimizer.zero_grad()
            loss.mean().backward()
            self.optimizer.step()
"""


def test_evaluate_whose_results_are_differentiated_is_no_evaluation() -> None:
    result = run({"ppo.py": POLICY})
    assert result.status is Status.PASS, [e.snippet for e in result.evidence]


VALIDATE_BESIDE_TRAINING = """\
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(4, 64), nn.Dropout(0.1), nn.Linear(64, 2))

    def forward(self, x):
        return self.layers(x)


def evaluate(model, x, y):
    return nn.functional.cross_entropy(model(x), y)


def train(model, optimizer, batches, x_val, y_val):
    for x, y in batches:
        loss = nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        val_loss = evaluate(model, x_val, y_val)
        print(val_loss.item())
"""


def test_evaluate_called_beside_a_training_step_still_warns() -> None:
    result = run({"train.py": VALIDATE_BESIDE_TRAINING})
    assert result.status is Status.WARN
    assert [e.line for e in result.evidence] == [14]
