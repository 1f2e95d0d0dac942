"""SANITY004 reads the helper a script imports, not another folder's helper of the same name.

A repository of self-contained folders (one per GAN: ``dcgan/``, ``pix2pix/``), each with its
own ``train.py`` and ``utils.py``, defines ``save_sample`` in every folder; only some switch the
generator to eval mode. ``from utils import save_sample`` in ``pix2pix/train.py`` runs
``pix2pix/utils.py``'s, whatever the other folders' do.
"""

from __future__ import annotations

from textwrap import dedent

from repocheck.model import Status
from tests.helpers import check, snapshot_from

MODEL = """\
from torch import nn


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 8), nn.BatchNorm1d(8), nn.Linear(8, 2))

    def forward(self, x):
        return self.net(x)
"""

TRAIN = """\
import torch
from model import Generator
from utils import save_sample


def train(loader, epochs):
    generator = Generator()
    optimizer = torch.optim.Adam(generator.parameters())
    for epoch in range(epochs):
        for i, x in enumerate(loader):
            optimizer.zero_grad()
            loss = generator(x).pow(2).mean()
            loss.backward()
            optimizer.step()
            save_sample(loader, generator)
"""

SAMPLES_IN_TRAIN_MODE = """\
def save_sample(loader, generator):
    x = next(iter(loader))
    return generator(x)
"""

SAMPLES_IN_EVAL_MODE = """\
def save_sample(loader, generator):
    generator.eval()
    x = next(iter(loader))
    return generator(x)
"""


def _files(other_utils: str) -> dict[str, str]:
    return {
        "pix2pix/model.py": MODEL,
        "pix2pix/train.py": TRAIN,
        "pix2pix/utils.py": SAMPLES_IN_TRAIN_MODE,
        "cyclegan/model.py": MODEL,
        # Its own helper switches to eval mode after each batch; the next batch switches back.
        "cyclegan/train.py": TRAIN.replace(
            "            optimizer.zero_grad()",
            "            generator.train()\n            optimizer.zero_grad()",
        ),
        "cyclegan/utils.py": other_utils,
    }


def _restored_warnings(files: dict[str, str]) -> list[tuple[str, int | None]]:
    result = check("SANITY004", snapshot_from({k: dedent(v) for k, v in files.items()}))
    assert result.status in (Status.PASS, Status.WARN)
    return [(e.path, e.line) for e in result.evidence if "model.train()" in e.snippet]


def test_another_folders_helper_of_the_same_name_does_not_leave_this_loop_in_eval() -> None:
    assert _restored_warnings(_files(SAMPLES_IN_EVAL_MODE)) == []


def test_the_imported_helper_that_leaves_eval_mode_is_still_found() -> None:
    files = _files(SAMPLES_IN_EVAL_MODE)
    files["pix2pix/utils.py"] = SAMPLES_IN_EVAL_MODE
    assert _restored_warnings(files) == [("pix2pix/train.py", 15)]


SIAMESE_UTILS = """\
import torch
from torch import nn


class SiameseNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.3), nn.Linear(8, 2))

    def forward(self, a, b):
        return self.net(a), self.net(b)


@torch.no_grad()
def test(test_loader, model):
    return [model(a, b) for a, b in test_loader]


def train(epochs, loader, model, optimizer, criterion, test_loader):
    for epoch in range(epochs):
        for a, b, label in loader:
            optimizer.zero_grad()
            loss = criterion(*model(a, b), label)
            loss.backward()
            optimizer.step()
        test(test_loader, model)
    return model
"""

DEPRECATED_NOTEBOOK_EXPORT = """\
import torch
from utils import SiameseNet

model = SiameseNet()


def test():
    with torch.no_grad():
        return model(torch.zeros(1, 4), torch.zeros(1, 4))


model.eval()
test()
"""


def test_another_files_namesake_called_after_eval_does_not_hide_evaluation_in_train_mode() -> None:
    """A per-epoch test(), with dropout on, is not excused by an old script's own test()."""
    files = {
        "utils.py": SIAMESE_UTILS,
        "deprecated/old_experiment.py": DEPRECATED_NOTEBOOK_EXPORT,
    }
    result = check("SANITY004", snapshot_from({k: dedent(v) for k, v in files.items()}))
    assert result.status is Status.WARN
    assert [(e.path, e.line) for e in result.evidence if "model.eval()" in e.snippet] == [
        ("utils.py", 15)
    ]
