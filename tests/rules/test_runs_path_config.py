"""REPRO006: a config.py holding only the project's folders (``DATA = ROOT / "data"``) is
where files live, not the settings of a run; the learning rate typed into the training code
is still typed in place."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

TRAIN = """\
import torch
from config import DATA_DIR

model = torch.nn.Linear(2, 2)
optimizer = torch.optim.Adam(model.parameters(), lr=2e-4)
for x in torch.load(DATA_DIR / "train.pt"):
    optimizer.zero_grad()
    model(x).sum().backward()
    optimizer.step()
"""

PATHS = """\
from pathlib import Path

ROOT = Path(__file__).parent
DATA_DIR = ROOT / "datasets"
CHECKPOINTS = DATA_DIR / "checkpoints" / "best.pt"
"""


def test_repro006_a_config_module_of_folders_only_holds_no_settings() -> None:
    result = check("REPRO006", snapshot_from({"train.py": TRAIN, "config.py": PATHS}))
    assert result.status is Status.WARN, result.message
    assert "config module" not in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 5)]


def test_repro006_a_setting_beside_the_folders_still_makes_a_config_module() -> None:
    with_setting = PATHS + "EPOCHS = 10\nLR = 1 / 1000\n"
    result = check("REPRO006", snapshot_from({"train.py": TRAIN, "config.py": with_setting}))
    assert result.status is Status.PASS, result.message
    assert "config module (config.py)" in result.message
    computed = PATHS + "LR = BASE_LR / 4\n"
    result = check("REPRO006", snapshot_from({"train.py": TRAIN, "config.py": computed}))
    assert result.status is Status.PASS, result.message
