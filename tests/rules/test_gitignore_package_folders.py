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


LOGGER = """\
import logging
from logging.handlers import TimedRotatingFileHandler

logger = logging.getLogger()


def add_handler(level, filename):
    handler = TimedRotatingFileHandler(filename=filename, when="midnight")
    handler.setLevel(level)
    logger.addHandler(handler)


add_handler(logging.INFO, "logs/info/info.log")
add_handler(logging.ERROR, "logs/error/error.log")
"""


def _service(package_ignore: str) -> dict[str, str]:
    # A FastAPI service in api/ (its own requirements.txt and .gitignore), run from there
    # (``cd api && uvicorn app.main:app``): its logs land in api/logs/.
    return {
        ".gitignore": "__pycache__/\n",
        "api/.gitignore": package_ignore,
        "api/requirements.txt": "fastapi==0.110.0\n",
        "api/app/__init__.py": "",
        "api/app/logger/__init__.py": "",
        "api/app/logger/setup.py": LOGGER,
        "api/app/main.py": "from app.logger import setup\n\napp = object()\n",
    }


def test_git003_logs_the_package_own_gitignore_keeps_out_are_covered() -> None:
    # ``logs/*`` in api/.gitignore keeps out api/logs/, where the logs land when the service
    # runs from its own folder: no line to add.
    result = check("GIT003", snapshot_from(_service("__pycache__/\nlogs/*\n")))
    assert result.status is Status.PASS, result.message
    assert "logs/" not in result.message


def test_git003_the_package_logs_nothing_keeps_out_are_still_found() -> None:
    result = check("GIT003", snapshot_from(_service("__pycache__/\n")))
    assert result.status is not Status.PASS
    assert any(e.path == "api/app/logger/setup.py" for e in result.evidence), result.evidence
