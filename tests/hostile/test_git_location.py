"""Which repository a folder's history is read from: its own, or none (with a note saying why).

A folder's ``.git`` can name another repository on the disk (a file, a ``commondir``, symlinks
into another ``.git``): that repository's history must appear in no output. A linked worktree,
a submodule and a repository with shared hooks are still read; git's dubious-ownership refusal
is reported, not hidden.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import git
import pytest

from tests.github.actions_env import pull_request_event, run_action
from tests.hostile.checkouts import MODULE, pull_request_checkout
from tests.runner import repocheck

FOREIGN_NOTE = "points at a repository outside this folder"


@pytest.fixture
def pull(tmp_path: Path) -> tuple[Path, str, str]:
    return pull_request_checkout(tmp_path / "portfolio")


def foreign_git_file(tmp_path: Path, how: str = "git-file") -> Path:
    """A folder whose .git points at another repository, with a private history.

    ``how``: a .git file naming the other repository's, a .git symlink to it, or a .git folder
    of the folder's own whose ``commondir`` names it, or whose refs and objects link into it.
    """
    secret = tmp_path / "secret"
    handle = git.Repo.init(secret, initial_branch="main")
    (secret / "plan.txt").write_text("plan\n", encoding="utf-8")
    handle.git.add("plan.txt")
    handle.git.commit("-q", "-m", "Private plan for the merger", author="Eve <eve@example.com>")
    folder = tmp_path / "download"
    (folder / "pkg").mkdir(parents=True)
    (folder / "pkg" / "core.py").write_text(MODULE, encoding="utf-8")
    if how == "commondir":
        (folder / ".git").mkdir()
        (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
        (folder / ".git" / "commondir").write_text(f"{secret / '.git'}\n", encoding="utf-8")
    elif how == "git-symlink":
        (folder / ".git").symlink_to(secret / ".git")
    elif how == "symlinks":
        git.Repo.init(folder, initial_branch="main")
        for name in ("objects", "refs"):
            shutil.rmtree(folder / ".git" / name)
            (folder / ".git" / name).symlink_to(secret / ".git" / name)
    else:
        (folder / ".git").write_text(f"gitdir: {secret / '.git'}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("how", ["git-file", "git-symlink", "commondir", "symlinks"])
def test_a_git_file_pointing_at_another_repository_is_not_read(tmp_path: Path, how: str) -> None:
    folder = foreign_git_file(tmp_path, how)
    result = repocheck("--format", "json", folder, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Private plan" not in result.stdout and "eve@example.com" not in result.stdout
    report = json.loads(result.stdout)
    assert report["stats"]["commits"] == 0
    assert any(FOREIGN_NOTE in note for note in report["notes"]), report["notes"]
    # The files on disk are still analyzed.
    assert report["stats"]["python_files"] == 1


def test_github_never_reads_the_repository_a_git_file_points_at(tmp_path: Path) -> None:
    folder = foreign_git_file(tmp_path)
    head = "1" * 40
    run = run_action(
        folder, None, tmp_path / "work", pull_request_event("2" * 40, head), "--comment", "off"
    )
    assert run.process.returncode in (0, 1), run.process.stderr
    for output in (run.summary, run.process.stdout, run.process.stderr):
        assert "Private plan" not in output and "eve@example.com" not in output
    assert "no comparison with the base" in run.summary


def test_a_linked_worktree_is_still_read(pull: tuple[Path, str, str], tmp_path: Path) -> None:
    repo, base, _ = pull
    tree = tmp_path / "linked"
    git.Repo(repo).git.worktree("add", "--detach", "-q", str(tree), base)
    result = repocheck("--format", "json", tree, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["stats"]["commits"] == 1
    assert not any(FOREIGN_NOTE in note for note in report["notes"])


def test_shared_hooks_linked_from_outside_do_not_make_a_repository_foreign(
    pull: tuple[Path, str, str], tmp_path: Path
) -> None:
    repo, _, _ = pull
    shared = tmp_path / "dotfiles-hooks"
    shared.mkdir()
    shutil.rmtree(repo / ".git" / "hooks", ignore_errors=True)
    (repo / ".git" / "hooks").symlink_to(shared)
    result = repocheck("--format", "json", repo, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert json.loads(result.stdout)["stats"]["commits"] == 2


def test_a_submodule_is_still_read(pull: tuple[Path, str, str], tmp_path: Path) -> None:
    repo, _, _ = pull
    library = tmp_path / "library"
    handle = git.Repo.init(library, initial_branch="main")
    (library / "lib.py").write_text(MODULE, encoding="utf-8")
    handle.git.add("lib.py")
    handle.git.commit("-q", "-m", "Start the library", author="Ada <ada@example.com>")
    git.Repo(repo).git.execute(
        ["git", "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(library), "lib"]
    )
    assert (repo / "lib" / ".git").is_file()
    result = repocheck("--format", "json", repo / "lib", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["stats"]["commits"] == 1
    assert not any(FOREIGN_NOTE in note for note in report["notes"])


def test_dubious_ownership_is_reported_not_hidden(pull: tuple[Path, str, str]) -> None:
    repo, _, _ = pull
    env = {"GIT_TEST_ASSUME_DIFFERENT_OWNER": "1"}
    result = repocheck("--format", "json", repo, cwd=repo.parent, env=env)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["stats"]["commits"] == 0
    assert any("dubious ownership" in note for note in report["notes"]), report["notes"]
    assert report["stats"]["python_files"] == 4
