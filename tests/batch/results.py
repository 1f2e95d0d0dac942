"""Outcomes for tests of ranking and rendering: real reports of in-memory repositories."""

from __future__ import annotations

from typing import Any

from repocheck.analyze import evaluate
from repocheck.batch.inputs import Entry
from repocheck.batch.rows import Row, make_row
from repocheck.batch.work import Outcome, failed
from repocheck.report import Target
from tests.helpers import commits_of, snapshot_from

GOOD = {
    "README.md": "# fit\n\n## Install\n\npip install -r requirements.txt\n\n## Run\n\n"
    "python train.py\n",
    "train.py": '"""Train."""\n\n\ndef fit(x):\n    """Fit."""\n    return x\n',
    "tests/test_train.py": "from train import fit\n\n\ndef test_fit():\n    assert fit(1) == 1\n",
    "requirements.txt": "numpy==2.1.0\n",
}


def report(files: dict[str, str], name: str, commits: int = 3) -> dict[str, Any]:
    """The JSON report of an in-memory repository."""
    history = commits_of([f"Add step {i} of the model" for i in range(commits)], days_apart=1)
    snapshot = snapshot_from(files, commits=history)
    target = Target(path=f"https://git.example/{name}", name=name, commit=history[0].sha)
    return evaluate(snapshot, target).to_dict()


def analyzed(applicant: str, name: str, files: dict[str, str] | None = None) -> Row:
    """A row for a repository that was analyzed."""
    key = f"https://git.example/{applicant}/{name}"
    outcome = Outcome(key, report(files if files is not None else GOOD, name), seconds=0.5)
    return make_row(Entry(key, applicant, "row 2"), key, outcome)


def broken(applicant: str, target: str, kind: str, reason: str) -> Row:
    """A row for a repository that failed."""
    return make_row(Entry(target, applicant, "row 3"), target, failed(target, kind, reason))
