"""The shipped `.pre-commit-hooks.yaml` works through pre-commit itself, on a real repository.

`pre-commit try-repo` clones this checkout, builds a virtual environment for the hook and installs
repocheck into it, exactly as a user's `repo: .../repocheck` entry does. Tests make no network
calls, so the hook's environment takes repocheck's dependencies (and the build backend) from the
test environment through PYTHONPATH, and pip is told not to look at an index.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import git
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def pre_commit() -> str:
    found = Path(sys.executable).parent / "pre-commit"
    if not found.exists():
        pytest.skip("pre-commit is not installed (pip install '.[test]' brings it)")
    return str(found)


def test_the_hook_scores_the_whole_repository_on_every_commit() -> None:
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "repocheck"
    assert hook["entry"] == "repocheck"
    assert hook["language"] == "python"
    # repocheck reads the repository itself: file names would be taken as targets.
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is True


def _project(path: Path, fail_under: int) -> Path:
    repo = git.Repo.init(path)
    (path / "train.py").write_text("import torch\n\nmodel = torch.nn.Linear(2, 1)\n")
    (path / "pyproject.toml").write_text(f"[tool.repocheck]\nfail-under = {fail_under}\n")
    repo.index.add(["train.py", "pyproject.toml"])
    actor = git.Actor("Ada", "ada@example.com")
    repo.index.commit("Train a linear model", author=actor, committer=actor)
    return path


def _try_repo(project: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "PIP_NO_INDEX": "1",
        # pip reads this variable inverted: "0" turns build isolation off, so hatchling is
        # taken from PYTHONPATH instead of downloaded.
        "PIP_NO_BUILD_ISOLATION": "0",
    }
    return subprocess.run(
        [pre_commit(), "try-repo", str(ROOT), "repocheck", "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_try_repo_fails_below_fail_under_from_config_and_passes_above(tmp_path: Path) -> None:
    home = tmp_path / "pre-commit-home"
    strict = _try_repo(_project(tmp_path / "strict", fail_under=95), home)
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert "repocheck" in strict.stdout and "Failed" in strict.stdout
    assert "is below --fail-under 95" in strict.stdout

    lenient = _try_repo(_project(tmp_path / "lenient", fail_under=5), home)
    assert lenient.returncode == 0, lenient.stdout + lenient.stderr
    assert "Passed" in lenient.stdout
