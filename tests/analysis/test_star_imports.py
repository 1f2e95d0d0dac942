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


# A package whose ``__init__.py`` lists its submodules in ``__all__``: ``from util import *``
# imports each of them, so the script's ``learning.train(...)`` runs util/learning.py's loop.
LEARNING = """\
import torch


def train(loader, model, optimizer, criterion):
    model.train()
    for images, labels in loader:
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
"""
NETWORK = """\
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        return self.fc(x)
"""
PRUNE_MAIN = """\
import torch
import torch.nn as nn

from models import *
from util import *

hyper_params = {'num_epochs': 20, 'learning_rate': 0.01}


def train_network():
    model = network.Net()
    optimizer = torch.optim.SGD(model.parameters(), lr=hyper_params['learning_rate'])
    for epoch in range(hyper_params['num_epochs']):
        learning.train(loader.get(), model, optimizer, nn.CrossEntropyLoss())
    torch.save(model, 'model.pt')


if __name__ == '__main__':
    train_network()
"""
PACKAGES = {
    "util/__init__.py": '__all__ = ["learning", "loader"]\n',
    "util/learning.py": LEARNING,
    "util/loader.py": "import torch\n\n\ndef get():\n    return torch.randn(8, 784)\n",
    "models/__init__.py": "__all__ = ['network']\n",
    "models/network.py": NETWORK,
    "main.py": PRUNE_MAIN,
}


def test_a_star_import_of_a_package_binds_the_submodules_all_lists() -> None:
    names = _by_path(PACKAGES)["main.py"]
    assert names["learning"] == "util.learning"
    assert names["network"] == "models.network"
    # without ``__all__`` a star import binds only what the package itself binds
    plain = _by_path({"util/__init__.py": "", "util/learning.py": LEARNING, "main.py": PRUNE_MAIN})
    assert "learning" not in plain["main.py"]


def test_training_through_a_packages_listed_submodules_is_seen() -> None:
    snapshot = snapshot_from(PACKAGES)
    determinism = check("REPRO002", snapshot)
    assert "no PyTorch training" not in determinism.message, determinism.message
    configured = check("REPRO006", snapshot)
    assert configured.status != "skip", configured.message


# A package whose ``__init__.py`` takes each submodule's names with ``from .seed import *``:
# importing a submodule binds it in its package too, so ``from pkg.utils import *`` (no
# ``__all__``) brings ``seed`` and ``trainer`` themselves, and the script's
# ``seed.seed_everything(21)`` seeds before its loader shuffles.
SEED_HELPER = """\
import random

import numpy as np
import torch


def seed_everything(seed=21):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
"""
TRAINER = """\
def model_train(model, data_loader, criterion, optimizer):
    model.train()
    for images, masks in data_loader:
        optimizer.zero_grad()
        loss = criterion(model(images), masks)
        loss.backward()
        optimizer.step()
"""
RUN_ADAPTER = """\
import argparse

import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from pkg.utils import *


def main(opts):
    seed.seed_everything(opts.seed)
    loader = DataLoader(torch.randn(64, 4), batch_size=opts.batch_size, shuffle=True)
    model = nn.Linear(4, 1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=opts.lr)
    for epoch in range(opts.epoch):
        trainer.model_train(model, loader, nn.MSELoss(), optimizer)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--batch_size", type=int, default=4)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--epoch", type=int, default=10)
    main(parser.parse_args())
"""
STAR_PACKAGE = {
    "code/pkg/__init__.py": "",
    "code/pkg/utils/__init__.py": "from .seed import *\nfrom .trainer import *\n",
    "code/pkg/utils/seed.py": SEED_HELPER,
    "code/pkg/utils/trainer.py": TRAINER,
    "code/run.py": RUN_ADAPTER,
}


def test_a_packages_star_import_brings_the_submodules_its_init_imports() -> None:
    names = _by_path(STAR_PACKAGE)["code/run.py"]
    assert names["seed"] == "code.pkg.utils.seed"
    assert names["trainer"] == "code.pkg.utils.trainer"
    assert names["seed_everything"] == "code.pkg.utils.seed.seed_everything"
    # an ``__all__`` that leaves a submodule out keeps it out of a star import
    listed = {**STAR_PACKAGE, "code/pkg/utils/__init__.py": "from .seed import *\n__all__ = []\n"}
    assert "seed" not in _by_path(listed)["code/run.py"]


def test_seeding_and_training_through_a_packages_star_import_are_seen() -> None:
    snapshot = snapshot_from(STAR_PACKAGE)
    seeding = check("REPRO001", snapshot)
    assert seeding.status == "pass", (seeding.message, seeding.evidence)
    determinism = check("REPRO002", snapshot)
    assert "no PyTorch training" not in determinism.message, determinism.message
    configured = check("REPRO006", snapshot)
    assert configured.status != "skip", configured.message


def test_a_star_import_of_a_sibling_in_a_package_folder_brings_its_libraries() -> None:
    # Pass 483: src/ holds an __init__.py and its scripts, run from there, import their
    # siblings by bare name (`from ocr_utils import *` in src/ocr_data_loader.py): Python
    # loads src/ocr_utils.py, whose `np` the loader's `np.random.shuffle` reads. A module the
    # repository holds at the top under that name still wins.
    files = {
        "src/__init__.py": "",
        "src/ocr_utils.py": "import numpy as np\n",
        "src/ocr_data_loader.py": "from ocr_utils import *\n",
    }
    assert _by_path(files)["src/ocr_data_loader.py"].get("np") == "numpy"
    top = {**files, "ocr_utils.py": "import jax.numpy as np\n"}
    assert _by_path(top)["src/ocr_data_loader.py"].get("np") == "jax.numpy"
