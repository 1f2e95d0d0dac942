"""REPRO001: a seed behind a switch the script sets off (``random_seed = 0  # 0 = no random
seed`` then ``if random_seed: torch.manual_seed(random_seed)``) never runs as the script is
written; the run it starts is unseeded. Seeding is one edit away, so it warns (not fails)
and shows the switched-off seed. A switch read from the command line still counts."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

SWITCHED_OFF = (
    "import torch\nfrom torch import nn\n\n\n"
    "def train():\n"
    "    random_seed = 0  # set random seed if required (0 = no random seed)\n"
    "    if random_seed:\n"
    "        torch.manual_seed(random_seed)\n"
    "    model = nn.Linear(3, 1)\n"
    "    model(torch.ones(2, 3)).sum().backward()\n\n\n"
    "if __name__ == '__main__':\n"
    "    train()\n"
)
FROM_ARGUMENTS = (
    "import argparse\nimport torch\nfrom torch import nn\n\n\n"
    "def train(seed):\n"
    "    if seed:\n"
    "        torch.manual_seed(seed)\n"
    "    model = nn.Linear(3, 1)\n"
    "    model(torch.ones(2, 3)).sum().backward()\n\n\n"
    "if __name__ == '__main__':\n"
    "    parser = argparse.ArgumentParser()\n"
    "    parser.add_argument('--seed', type=int, default=0)\n"
    "    train(parser.parse_args().seed)\n"
)
SWITCHED_ON = SWITCHED_OFF.replace("random_seed = 0 ", "random_seed = 7 ")


def test_repro001_a_seed_behind_a_switch_set_off_does_not_seed() -> None:
    result = check("REPRO001", snapshot_from({"train.py": SWITCHED_OFF}))
    assert result.status is Status.WARN
    assert result.message.startswith("not seeded before use: PyTorch")
    assert [(e.line, e.snippet) for e in result.evidence] == [
        (9, "nn.Linear(3, 1)"),
        (
            8,
            "torch.manual_seed(random_seed)"
            "  # never runs: the switch above it is set off (0, None or False)",
        ),
    ]


def test_repro001_a_seed_behind_a_switch_set_on_or_passed_in_seeds() -> None:
    for train in (SWITCHED_ON, FROM_ARGUMENTS):
        result = check("REPRO001", snapshot_from({"train.py": train}))
        assert result.status is Status.PASS, (train, result.message)
