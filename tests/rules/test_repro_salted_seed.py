"""REPRO001: a seed taken from the hash of a string (``random.seed(hash("setting random
seeds") % 2**32 - 1)``, copied from a widely shared tutorial) changes on every run: Python
salts the hash of a string afresh in every process unless PYTHONHASHSEED is set. Like a seed
switched off, it is one edit away: a warn that shows the seeding lines. The hash of a number
is fixed, and a project function named ``hash`` is not the builtin."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from


def _train(seeding: str, head: str = "") -> str:
    return (
        f"import random\nimport torch\nfrom torch import nn\n{head}\n"
        f"{seeding}\n\n"
        "def main():\n"
        "    model = nn.Linear(3, 1)\n"
        "    picks = random.sample(range(10), 2)\n"
        "    model(torch.ones(2, 3)).sum().backward()\n\n\n"
        "if __name__ == '__main__':\n"
        "    main()\n"
    )


SALTED = (
    'random.seed(hash("setting random seeds") % 2**32 - 1)\n'
    'torch.manual_seed(hash(f"by removing {1}") % 2**32 - 1)'
)


def test_repro001_a_seed_hashed_from_a_string_changes_on_every_run() -> None:
    result = check("REPRO001", snapshot_from({"src/trainer.py": _train(SALTED)}))
    assert result.status is Status.WARN, result.message
    assert result.message.startswith("not seeded before use: Python's random, PyTorch")
    note = "  # hash() of a string differs in every process: a new seed on every run"
    assert [(e.line, e.snippet) for e in result.evidence][-2:] == [
        (5, 'random.seed(hash("setting random seeds") % 2**32 - 1)' + note),
        (6, 'torch.manual_seed(hash(f"by removing {1}") % 2**32 - 1)' + note),
    ]


def test_repro001_a_hash_of_a_number_or_a_project_hash_still_seeds() -> None:
    fixed = "random.seed(hash(42))\ntorch.manual_seed(hash(7))"
    own = _train(SALTED, head="from tools import hash\n")
    tools = "def hash(text):\n    return len(text)\n"
    for files in ({"train.py": _train(fixed)}, {"train.py": own, "tools.py": tools}):
        result = check("REPRO001", snapshot_from(files))
        assert result.status is Status.PASS, (files, result.message)
