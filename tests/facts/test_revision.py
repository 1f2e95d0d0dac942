"""A commit written out from git's objects: what a checkout would show, and nothing it should not."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import git
import pytest

from repocheck.facts.gitcmd import GitError
from repocheck.facts.gitrepo import locate
from repocheck.facts.history import collect_history
from repocheck.facts.inventory import list_tracked
from repocheck.facts.revision import MAX_WRITTEN_BYTES, commit_tree


def _git(repo: Path, *args: str, stdin: str = "") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com"}
    env |= {"GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com"}
    done = subprocess.run(
        ["git", *args], cwd=repo, input=stdin, capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "project"
    handle = git.Repo.init(path, initial_branch="main")
    with handle.config_writer() as config:
        config.set_value("user", "name", "Ada")
        config.set_value("user", "email", "ada@example.com")
    return path


def test_a_commit_reads_like_its_checkout(repo: Path) -> None:
    (repo / "pkg").mkdir()
    (repo / "pkg" / "core.py").write_text("X = 1\n", encoding="utf-8")
    (repo / "run.sh").write_text("#!/bin/sh\n", encoding="utf-8")
    (repo / "run.sh").chmod(0o755)
    (repo / "big.bin").write_bytes(b"\1" * (MAX_WRITTEN_BYTES + 1))
    os.symlink("pkg/core.py", repo / "alias.py")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "First")
    first = _git(repo, "rev-parse", "HEAD")
    (repo / "pkg" / "core.py").write_text("X = 2\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "Second")

    with commit_tree(repo, first) as tree:
        assert (tree / "pkg" / "core.py").read_text(encoding="utf-8") == "X = 1\n"
        assert os.access(tree / "run.sh", os.X_OK)
        assert os.readlink(tree / "alias.py") == "pkg/core.py"
        assert (tree / "big.bin").stat().st_size == MAX_WRITTEN_BYTES + 1
        assert locate(tree).top == tree.resolve()
        assert sorted(list_tracked(tree)) == ["alias.py", "big.bin", "pkg/core.py", "run.sh"]
        history = collect_history(tree)
        assert [c.subject for c in history.commits] == ["First"]
        assert history.head == first
    assert not tree.exists()


def test_a_crafted_tree_cannot_write_outside_or_into_git(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    blob = _git(repo, "hash-object", "-w", "--stdin", stdin="payload\n")
    target = _git(repo, "hash-object", "-w", "--stdin", stdin=str(outside))
    inner = _git(repo, "mktree", stdin=f"100644 blob {blob}\tconfig\n")
    entries = [
        f"120000 blob {target}\tlink",
        f"040000 tree {inner}\tlink",  # the same name again, as a folder: through the link
        f"040000 tree {inner}\t.git",
        f"040000 tree {inner}\t.GIT",
        f"040000 tree {inner}\t..",
        f"100644 blob {blob}\tok.txt",
    ]
    tree_id = _git(repo, "mktree", "--missing", stdin="\n".join(entries) + "\n")
    commit = _git(repo, "commit-tree", tree_id, "-m", "Crafted")

    with commit_tree(repo, commit) as tree:
        assert (tree / "ok.txt").read_text(encoding="utf-8") == "payload\n"
        assert (tree / "link").is_symlink()
        assert "payload" not in (tree / ".git" / "config").read_text(encoding="utf-8")
        assert not (tree.parent / "config").exists()
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("commit", ["--output=/tmp/x", "HEAD", "main", "0" * 39])
def test_only_full_object_ids_are_read(repo: Path, commit: str) -> None:
    with pytest.raises(GitError), commit_tree(repo, commit):
        pass


def test_a_blob_missing_from_a_partial_clone_is_an_error(repo: Path, tmp_path: Path) -> None:
    (repo / "core.py").write_text("X = 1\n", encoding="utf-8")
    _git(repo, "add", "core.py")
    _git(repo, "commit", "-q", "-m", "First")
    first = _git(repo, "rev-parse", "HEAD")
    (repo / "core.py").write_text("X = 2\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "Second")
    _git(repo, "config", "uploadpack.allowFilter", "true")
    partial = tmp_path / "partial"
    _git(tmp_path, "clone", "-q", "--filter=blob:none", f"file://{repo}", str(partial))

    with pytest.raises(GitError, match="partial clone"), commit_tree(partial, first):
        pass


def test_a_hooks_environment_never_points_the_base_at_the_users_repository(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "core.py").write_text("X = 1\n", encoding="utf-8")
    _git(repo, "add", "core.py")
    _git(repo, "commit", "-q", "-m", "First")
    first = _git(repo, "rev-parse", "HEAD")
    (repo / "core.py").write_text("X = 2\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "Second")
    second = _git(repo, "rev-parse", "HEAD")
    index = (repo / ".git" / "index").read_bytes()
    # What git exports to a hook, when repocheck runs in one.
    monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(repo / ".git" / "index"))
    monkeypatch.setenv("GIT_WORK_TREE", str(repo))

    with commit_tree(repo, first) as tree:
        assert (tree / "core.py").read_text(encoding="utf-8") == "X = 1\n"
        assert [c.subject for c in collect_history(tree).commits] == ["First"]
    monkeypatch.delenv("GIT_DIR")
    assert _git(repo, "rev-parse", "HEAD") == second
    assert _git(repo, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert (repo / ".git" / "index").read_bytes() == index
