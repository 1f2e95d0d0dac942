"""REPRO001: a global seed drawn afresh on every run (``seed = random.randint(1, 10000)``
then ``torch.manual_seed(seed)``, never printed) seeds nothing a rerun can repeat. Like a
seed switched off or hashed from a string, it is one edit away: a warn that shows the
seeding lines. A drawn seed the program prints or logs can be repeated, and still seeds."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

TRAIN = """\
import random

import torch
from torch import nn


def main():
    seed = random.randint(1, 10000)
    random.seed(seed)
    torch.manual_seed(seed)
    model = nn.Linear(3, 1)
    picks = random.sample(range(10), 2)
    model(torch.ones(2, 3)).sum().backward()


if __name__ == "__main__":
    main()
"""


def test_repro001_a_seed_drawn_just_before_changes_on_every_run() -> None:
    result = check("REPRO001", snapshot_from({"main.py": TRAIN}))
    assert result.status is Status.WARN, result.message
    assert result.message.startswith("not seeded before use: Python's random, PyTorch")
    note = "  # the seed is drawn at random just before: a new seed on every run"
    assert [(e.line, e.snippet) for e in result.evidence][-2:] == [
        (9, "random.seed(seed)" + note),
        (10, "torch.manual_seed(seed)" + note),
    ]


def test_repro001_a_drawn_seed_that_is_printed_or_a_fixed_one_still_seeds() -> None:
    printed = TRAIN.replace("    random.seed(seed)\n", "    print(seed)\n    random.seed(seed)\n")
    fixed = TRAIN.replace("random.randint(1, 10000)", "42")
    # Kept beside the run's results, the seed can be found again as surely as printed.
    kept = TRAIN.replace(
        "    model(torch.ones(2, 3))", "    results = {'seed': seed}\n    model(torch.ones(2, 3))"
    )
    for code in (printed, fixed, kept):
        result = check("REPRO001", snapshot_from({"main.py": code}))
        assert result.status is Status.PASS, result.message
