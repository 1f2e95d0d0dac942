"""The file-writing fixers in one run on a bare repository: each builds on what the ones
before it planned, and a second run has nothing left to do."""

from __future__ import annotations

from pathlib import Path

import yaml

from repocheck.fix.fixers.ci import WORKFLOW
from repocheck.model import Status
from tests.fix.helpers import round_trip
from tests.helpers import Step, make_repo

TRAIN = """\
import argparse

import torch
from sklearn.metrics import accuracy_score


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    args = parser.parse_args()
    model = torch.nn.Linear(2, 1)
    torch.save(model.state_dict(), "checkpoints/model.pt")
    print(args.data, accuracy_score([1], [1]))


if __name__ == "__main__":
    main()
"""
TEST = "def test_truth():\n    assert 1 + 1 == 2\n"
RULES = ("GIT003", "GIT005", "REPRO003", "DOCS001", "DOCS003")


def test_a_bare_repository_is_fixed_in_one_run(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "train.py": TRAIN,
        "tests/test_truth.py": TEST,
        "__pycache__/train.cpython-312.pyc": b"\x00pyc",
    }
    root = make_repo(tmp_path / "repo", [Step("Start", files)])
    trip = round_trip(root, set(RULES))
    assert trip.written(root) == {c.path: c.after for c in trip.plan.changes}
    assert set(trip.written(root)) == {".gitignore", "README.md", "requirements.txt", WORKFLOW}
    assert trip.written(root)["requirements.txt"] == "scikit-learn\ntorch\n"
    readme = trip.written(root)["README.md"]
    assert "pip install -r requirements.txt" in readme
    assert "python train.py --data <data>" in readme
    assert yaml.safe_load(trip.written(root)[WORKFLOW])["permissions"] == {"contents": "read"}
    for rule_id in ("GIT003", "REPRO003", "DOCS001", "DOCS003", "TEST003"):
        assert trip.status(rule_id) is Status.PASS, rule_id
    # Only the untracking command is left, for the user to run.
    assert [p.rule_id for p in trip.second.proposals] == ["GIT005"]
    assert not trip.second.changes
