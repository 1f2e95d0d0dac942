"""Applicants' repositories for batch tests: small bare repositories of graded quality.

``applicant_repo(path, quality)`` writes a bare repository straight from a fast-import stream
(tests/fakes/git_repos.py), so fifty of them take a second or two. Quality 0 is one upload of
a script; each level adds what a reviewer looks for (a README, tests, a licence and honest
history, CI and pinned dependencies), so scores rise with the level and differ between levels.
"""

from __future__ import annotations

import os
import random
import subprocess
import tempfile
from pathlib import Path

from tests.fakes.git_repos import FastCommit, fast_repo, work_tree

TRAIN = '''"""Train a tiny linear model on generated data."""

import random


def make_data(n, seed=0):
    """Return n points (x, y) on a noisy line."""
    rng = random.Random(seed)
    return [(x, 2 * x + rng.gauss(0, 0.1)) for x in range(n)]


def fit(points):
    """Least-squares slope through the origin."""
    top = sum(x * y for x, y in points)
    bottom = sum(x * x for x, _ in points) or 1
    return top / bottom


if __name__ == "__main__":
    print(fit(make_data(100)))
'''

TESTS = """from train import fit, make_data


def test_fit_recovers_the_slope():
    assert abs(fit(make_data(200)) - 2) < 0.05


def test_make_data_is_seeded():
    assert make_data(5, seed=1) == make_data(5, seed=1)
"""

README = """# line-fit

Fits a line to generated points.

## Install

    python -m venv .venv && .venv/bin/pip install -r requirements.txt

## Run

    python train.py

## Test

    pytest

## Results

The fitted slope is 2.00 on 100 points.
"""

CI = """name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt && pytest
"""


def _steps(quality: int, variant: int) -> list[FastCommit]:
    steps = [FastCommit("Add files via upload", {"train.py": TRAIN + f"# v{variant}\n"})]
    if quality >= 1:
        steps.append(FastCommit("Describe how to install and run", {"README.md": README}, 1))
    if quality >= 2:
        steps.append(FastCommit("Test the fit and the data", {"test_train.py": TESTS}, 2))
        steps.append(
            FastCommit("Pin the dependencies", {"requirements.txt": "pytest==8.3.3\n"}, 2.5)
        )
    if quality >= 3:
        steps.append(FastCommit("Add the MIT licence", {"LICENSE": "MIT License\n"}, 3))
        steps.append(FastCommit("Ignore caches", {".gitignore": "__pycache__/\n.venv/\n"}, 4))
    if quality >= 4:
        steps.append(FastCommit("Run the tests on every push", {".github/workflows/ci.yml": CI}, 5))
    return steps


def applicant_repo(path: Path, quality: int, variant: int = 0) -> Path:
    """A bare repository of the given quality (0-4); ``variant`` makes its commits unique."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fast_repo(path, _steps(quality, variant))
    return path


def heavy_repo(path: Path) -> Path:
    """A repository with 300 kB that does not compress: a clone that a stalling server cuts."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        noise = random.Random(0).randbytes(300_000)
        fast_repo(path, [FastCommit("Add the data", {"train.py": TRAIN, "data.bin": noise})])
    return path


def docs_only_repo(path: Path) -> Path:
    """A repository without a line of Python: the ``not-python`` failure."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fast_repo(path, [FastCommit("Add notes", {"README.md": "# Notes\n\nJust notes.\n"})])
    return path


def add_commit(path: Path, message: str, files: dict[str, str]) -> str:
    """Push one more commit to ``main`` of the bare repository ``path``; returns its SHA."""
    with tempfile.TemporaryDirectory() as scratch:
        work = work_tree(path, Path(scratch) / "work")
        for name, text in files.items():
            (work / name).write_text(text, encoding="utf-8")
        env = {**os.environ, "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com",
               "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com"}  # fmt: skip
        for command in (["add", "-A"], ["commit", "-q", "-m", message], ["push", "-q", "origin"]):
            subprocess.run(["git", *command], cwd=work, env=env, check=True)
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=work, capture_output=True, text=True
        )
        return head.stdout.strip()
