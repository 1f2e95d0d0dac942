"""GIT003 on a package whose scripts run from its own folder (``cd backend && python -m
src.training.main``): a write to ``models/catboost/model.cbm`` lands in the committed
``backend/models/catboost/`` (kept by a ``.gitkeep``), which the .gitignore already keeps out."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

TRAIN = """\
import pickle

import numpy as np
import torch


def main(model, history, y_pred):
    np.save(f"data/predictions/catboost/y_pred_{history['week']}.npy", y_pred)
    torch.save(model.state_dict(), "models/transformer/transformer.pt")
    with open("models/catboost/history.pkl", "wb") as f:
        pickle.dump(history, f)
"""

IGNORE = "__pycache__/\nbackend/data/**/*\nbackend/models/**/*\n!backend/**/.gitkeep\n"


def _files(ignore: str) -> dict[str, str]:
    return {
        ".gitignore": ignore,
        "backend/src/__init__.py": "",
        "backend/src/training/__init__.py": "",
        "backend/src/training/main.py": TRAIN,
        "backend/data/predictions/catboost/.gitkeep": "",
        "backend/models/catboost/.gitkeep": "",
        "backend/models/transformer/.gitkeep": "",
    }


def test_git003_a_write_into_a_committed_folder_of_the_package_is_covered() -> None:
    assert check("GIT003", snapshot_from(_files(IGNORE))).status is Status.PASS


def test_git003_the_same_write_where_nothing_keeps_it_out_is_still_found() -> None:
    result = check("GIT003", snapshot_from(_files("__pycache__/\n")))
    assert result.status is not Status.PASS
    assert any(e.path == "backend/src/training/main.py" for e in result.evidence)
