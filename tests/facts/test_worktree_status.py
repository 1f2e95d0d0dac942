"""What git status says of a work tree, read without running the repository's filters."""

from __future__ import annotations

import os
import time
from pathlib import Path

import git

from repocheck.facts.worktree_status import work_tree_status
from tests.helpers import Step, make_repo


def _repo(tmp_path: Path) -> Path:
    files: dict[str, str | bytes | None] = {
        "train.py": "x = 1\n",
        ".gitignore": "out/\n",
        "data/a.csv": "1\n",
    }
    return make_repo(tmp_path / "repo", [Step("Add the code", files)])


def test_a_clean_work_tree_has_no_changes(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "out").mkdir()
    (root / "out" / "model.pt").write_bytes(b"\0")
    status = work_tree_status(root)
    assert status.in_git and status.changed == ()


def test_edits_staged_files_and_new_files_are_changes(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "train.py").write_text("x = 2\n")
    (root / "notes.md").write_text("new\n")
    (root / "data" / "b.csv").write_text("2\n")
    git.Repo(root).git.add("data/b.csv")
    status = work_tree_status(root / "data")
    assert sorted(status.changed) == ["data/b.csv", "notes.md", "train.py"]


def test_a_folder_outside_git_says_so(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    assert work_tree_status(tmp_path / "plain").in_git is False


def test_the_repository_filter_is_never_run(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    marker = tmp_path / "ran"
    repo = git.Repo(root)
    (root / ".gitattributes").write_text("*.py filter=evil\n")
    repo.git.add(".gitattributes")
    repo.git.commit("-q", "-m", "Add attributes")
    with repo.config_writer() as config:
        config.set_value('filter "evil"', "clean", f"touch {marker}; cat")
    # A timestamp change makes git compare contents, which is when a clean filter runs.
    later = time.time() + 5
    os.utime(root / "train.py", (later, later))
    status = work_tree_status(root)
    assert not marker.exists()
    assert status.in_git
    repo.git.status()  # the same question asked plainly does run it
    assert marker.exists()
