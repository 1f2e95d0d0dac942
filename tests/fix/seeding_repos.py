"""Fixture repositories for the seeding fixers' tests, and the checks every round trip gets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from repocheck.fix.fixers._seed_helper import generated_libraries
from repocheck.fix.hints import waits_for_a_fix
from repocheck.model import Status
from tests.fix.helpers import RoundTrip
from tests.helpers import Step, make_repo

FLAT_TRAIN = '''\
"""Fit a line to noisy points: python train.py --epochs 3"""

import argparse
import random

import torch


def make_data(n: int) -> torch.Tensor:
    # noise makes every run different unless it is seeded
    return torch.randn(n, 1) + random.random()


def main() -> None:
    parser = argparse.ArgumentParser(description="fit a line")
    parser.add_argument("--epochs", type=int, default=3)

    args = parser.parse_args()
    data = make_data(16)
    weight = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([weight], lr=0.1)
    for _ in range(args.epochs):
        optimizer.zero_grad()
        loss = ((data - weight) ** 2).mean()
        loss.backward()
        optimizer.step()
    print(f"{loss.item():.8f}")


if __name__ == "__main__":
    main()
'''

PACKAGE_MODEL = '''\
"""The model."""

import torch
from torch import nn


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Linear(4, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layer(x)
'''

PACKAGE_TRAIN = '''\
"""Train the tiny net: python -m tinynet.train --steps 3"""

import argparse

import numpy as np
import torch

from tinynet.model import Net


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=3)  # a few steps are enough
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = Net().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scale = float(np.random.uniform(0.5, 1.5))

    for _ in range(args.steps):
        optimizer.zero_grad()
        loss = model(torch.randn(8, 4, device=device)).pow(2).mean() * scale
        loss.backward()
        optimizer.step()
    print(f"{loss.item():.8f}")


if __name__ == "__main__":
    main()
'''

PLAIN_SCRIPT = '''\
"""Shuffle a deck and deal a hand."""

import random

# the deck, in order
DECK = list(range(52))

random.shuffle(DECK)
print(DECK[:5])
'''

NUMPY_MAIN = '''\
"""Bootstrap a mean."""

import numpy as np


def bootstrap(values: np.ndarray, rounds: int) -> float:
    means = [np.random.choice(values, len(values)).mean() for _ in range(rounds)]
    return float(np.mean(means))


if __name__ == "__main__":
    # a small sample
    sample = np.arange(10.0)

    print(f"{bootstrap(sample, 50):.8f}")
'''

#: A main block that only prints is a self-demo unless the README runs it.
README = "# Stats\n\nRun `python stats.py`.\n"


def repo_of(tmp_path: Path, files: dict[str, str]) -> Path:
    return make_repo(tmp_path / "repo", [Step("Add the code", dict(files))])


def run(root: Path, *command: str) -> str:
    done = subprocess.run(
        [sys.executable, *command], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def ruff_formatted(text: str) -> bool:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--isolated", "--stdin-filename", "x.py", "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout == text


def kept_in_order(before: str, after: str) -> bool:
    """Every line of ``before`` (comments and blank lines too) is in ``after``, in order,
    but the helper call a fixer wrote before (REPRO002 hands it the flag)."""
    lines = iter(after.splitlines())
    kept = [line for line in before.splitlines() if "seed_everything(" not in line]
    return all(any(line == new for new in lines) for line in kept)


def check_trip(trip: RoundTrip, root: Path, rule_ids: tuple[str, ...]) -> None:
    """The rules pass, what was shown is what was written, nothing is left to do, and the
    user's files keep every line (repocheck's own helper is rewritten whole)."""
    for rule_id in rule_ids:
        before = trip.before.outcome(rule_id).result
        # A rule waiting for another's fix (REPRO002 for a torch seed) is fixed with it.
        assert before.status in (Status.WARN, Status.FAIL) or waits_for_a_fix(before), rule_id
        assert trip.status(rule_id) is Status.PASS, rule_id
    assert trip.written(root) == {c.path: c.after for c in trip.plan.changes}
    assert trip.second.empty and not trip.second.changes
    assert not any(proposal.commands for proposal in trip.plan.proposals)  # nothing to run
    for change in trip.plan.changes:
        if change.before is None or ruff_formatted(change.before):
            assert ruff_formatted(change.after), change.path
        if generated_libraries(change.before) is None and change.before is not None:
            assert kept_in_order(change.before, change.after), change.path
