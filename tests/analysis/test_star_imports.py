"""A module that takes its libraries from a local grab-bag with ``from utils import *``
(``utils.py``: "collection of common imports and methods") uses those libraries: its
``torch.randn`` is PyTorch's, and its ``loss.backward()`` trains with PyTorch."""

from __future__ import annotations

from repocheck.analysis.imports import programs
from tests.helpers import check, snapshot_from

UTILS = """\
\"\"\"Collection of common imports and methods\"\"\"
import numpy as np
import torch
import torch.nn as nn
from mod_private import _hidden


def scale(x, a, b):
    return (b - a) * (x - x.min()) / (x.max() - x.min()) + a
"""
WITH_ALL = "import torch\nimport numpy as np\n\n__all__ = ['torch']\n"
TRAIN = """\
import os
import sys

sys.path.append(os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))

from utils import *


class Critic(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 1)

    def forward(self, x):
        return self.fc(x)


def train(data):
    device = torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")
    critic = Critic().to(device)
    optimizer = torch.optim.Adam(critic.parameters(), lr=1e-4)
    for epoch in range(10):
        z = torch.randn(8, 4, device=device)
        loss = critic(scale(z, -1, 1)).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    train(np.zeros((8, 4)))
"""


def _by_path(files: dict[str, str]) -> dict[str, dict[str, str]]:
    return {program.path: program.names for program in programs(snapshot_from(files))}


def test_a_star_import_brings_the_modules_libraries() -> None:
    names = _by_path({"utils.py": UTILS, "wgan/train.py": TRAIN})["wgan/train.py"]
    assert names["torch"] == "torch"
    assert names["np"] == "numpy"
    assert names["nn"] == "torch.nn"
    assert names["scale"] == "utils.scale"
    assert "_hidden" not in names  # a star import skips underscored names


def test_a_star_import_takes_only_what_all_lists() -> None:
    names = _by_path({"utils.py": WITH_ALL, "train.py": "from utils import *\n"})["train.py"]
    assert names.get("torch") == "torch"
    assert "np" not in names


def test_the_importers_own_binding_wins() -> None:
    code = "import jax.numpy as np\nfrom utils import *\n"
    assert _by_path({"utils.py": UTILS, "train.py": code})["train.py"]["np"] == "jax.numpy"


def test_star_imports_follow_a_chain_and_survive_a_cycle() -> None:
    files = {
        "utils.py": UTILS + "from helpers import *\n",
        "helpers.py": "from utils import *\nimport scipy\n",
        "train.py": "from helpers import *\n",
    }
    names = _by_path(files)
    assert names["train.py"]["torch"] == "torch"
    assert names["utils.py"]["scipy"] == "scipy"


def test_training_through_a_star_import_is_seen() -> None:
    snapshot = snapshot_from({"utils.py": UTILS, "wgan/train.py": TRAIN})
    determinism = check("REPRO002", snapshot)
    assert "no PyTorch training" not in determinism.message, determinism.message
    guards = check("SANITY002", snapshot)
    assert guards.status != "skip", guards.message
    seeding = check("REPRO001", snapshot)
    assert any(e.path == "wgan/train.py" for e in seeding.evidence), seeding.evidence
