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


ENVIRONMENT = (
    "import random\n\n\n"
    "class CardGame:\n"
    "    def reset(self, seed=None):\n"
    "        if seed is not None:\n"
    "            random.seed(seed)\n"
    "        self.hand = [random.randint(1, 10), random.randint(1, 10)]\n"
    "        return sum(self.hand)\n"
)


def _trainer(reset: str) -> str:
    return (
        "import random\n\nimport torch\nfrom game import CardGame\n\n\n"
        "def train():\n"
        "    torch.manual_seed(0)\n"
        "    model = torch.nn.Linear(1, 1)\n"
        "    game = CardGame()\n"
        "    values = []\n"
        "    for _ in range(100):\n"
        f"        state = {reset}\n"
        "        values.append(state + random.random())\n"
        "        model(torch.ones(1, 1) * state).sum().backward()\n"
        "    return values\n\n\n"
        "if __name__ == '__main__':\n"
        "    print(train())\n"
    )


def test_repro001_a_seed_behind_a_parameter_no_caller_fills_does_not_seed() -> None:
    """``def reset(self, seed=None): if seed is not None: random.seed(seed)``, called only
    as ``game.reset()``: the seed never runs, as with a switch set off."""
    files = {"game.py": ENVIRONMENT, "train.py": _trainer("game.reset()")}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "not seeded before use: Python's random (" in result.message, result.message
    assert (
        "game.py",
        7,
        "random.seed(seed)  # never runs: no call gives seed a value",
    ) in [(e.path, e.line, e.snippet) for e in result.evidence]


def test_repro001_a_seed_behind_a_parameter_a_caller_fills_seeds() -> None:
    for reset in ("game.reset(seed=3)", "game.reset(3)"):
        files = {"game.py": ENVIRONMENT, "train.py": _trainer(reset)}
        result = check("REPRO001", snapshot_from(files))
        assert result.status is Status.PASS, (reset, result.message)
