from __future__ import annotations

import os
import time
from pathlib import Path

import git
import pytest

from repocheck.facts.history import collect_history
from tests.helpers import DAY, EPOCH, Step, make_repo


def three_commit_repo(path: Path) -> Path:
    return make_repo(
        path,
        [
            Step("Add the data loader", {"loader.py": "x = 1\n"}),
            Step("Train a baseline", {"train.py": "y = 2\n", "models/w.bin": b"\0" * 300}, 1),
            Step("Drop the old loader", {"loader.py": None, "README.md": "# Demo\n"}, 2.5),
        ],
    )


def test_commits_come_newest_first_with_their_facts(tmp_path: Path) -> None:
    history = collect_history(three_commit_repo(tmp_path / "repo"))
    assert history.available and history.reason == ""
    assert [c.subject for c in history.commits] == [
        "Drop the old loader",
        "Train a baseline",
        "Add the data loader",
    ]
    assert [c.timestamp for c in history.commits] == [
        EPOCH + int(2.5 * DAY),
        EPOCH + DAY,
        EPOCH,
    ]
    newest = history.commits[0]
    assert (newest.author, newest.email) == ("Ada Learner", "ada@example.com")
    assert all(len(c.sha) == 40 for c in history.commits)
    assert [c.parents for c in history.commits] == [1, 1, 0]
    # When it was read: GIT001 tells a made-up future date from a real one by it.
    assert abs(history.read_at - time.time()) < 600
    assert history.head == newest.sha
    assert history.branch == "main"
    assert history.shallow is False


def test_blob_sizes_are_those_of_head(tmp_path: Path) -> None:
    history = collect_history(three_commit_repo(tmp_path / "repo"))
    # loader.py was deleted in the last commit, so HEAD no longer has it.
    assert dict(history.blob_sizes) == {"train.py": 6, "models/w.bin": 300, "README.md": 7}


def test_subjects_keep_unusual_characters(tmp_path: Path) -> None:
    subject = "Fix: handle 'quotes', tabs\tand ünïcode | pipes"
    repo = make_repo(tmp_path / "repo", [Step(subject, {"a.py": "a = 1\n"})])
    history = collect_history(repo)
    assert [c.subject for c in history.commits] == [subject]


def test_a_repository_without_commits_is_unavailable(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "empty", [])
    history = collect_history(repo)
    assert history.available is False
    assert history.reason == "the repository has no commits yet"
    assert history.commits == ()


def test_a_subfolder_sees_only_its_own_history(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "mono",
        [
            Step("Start the website", {"web/index.html": "<p>hi</p>\n"}),
            Step("Add the ML project", {"ml/train.py": "x = 1\n", "ml/data/a.csv": "a\n"}, 1),
            Step("Restyle the website", {"web/index.html": "<p>hello</p>\n"}, 2),
            Step("Tune the learning rate", {"ml/train.py": "x = 2\n"}, 3),
        ],
    )
    history = collect_history(repo / "ml")
    assert history.available
    assert [c.subject for c in history.commits] == ["Tune the learning rate", "Add the ML project"]
    assert history.head == collect_history(repo).head
    # paths are relative to the analyzed folder, and the sibling folder is not listed
    assert dict(history.blob_sizes) == {"train.py": 6, "data/a.csv": 2}


def test_a_subfolder_history_is_limited_to_the_folder(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "mono",
        [
            Step("Start the website", {"web/index.html": "<p>hi</p>\n"}),
            Step("Add the ML project", {"ml/train.py": "x = 1\n"}, 1),
            Step("Restyle the website", {"web/index.html": "<p>hello</p>\n"}, 2),
        ],
    )
    history = collect_history(repo / "ml")
    assert history.available
    assert [c.subject for c in history.commits] == ["Add the ML project"]
    assert len(history.blob_sizes) == 1  # the sibling folder's files are not listed


def test_a_subfolder_no_commit_touches_is_unavailable(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", [Step("Add code", {"a.py": "a = 1\n"})])
    (repo / "new").mkdir()
    (repo / "new" / "b.py").write_text("b = 2\n", encoding="utf-8")
    history = collect_history(repo / "new")
    assert history.available is False
    assert history.reason == "no commit touches this folder"
    assert history.head is not None


def test_commits_keep_the_author_timezone(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", [Step("Add the loader", {"a.py": "a = 1\n"})])
    stamp = f"{EPOCH + DAY} -0830"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    (repo / "b.py").write_text("b = 2\n", encoding="utf-8")
    git.Repo(repo).git.add("b.py")
    git.Repo(repo).git.commit("-q", "-m", "Add the model", env=env)
    newest, oldest = collect_history(repo).commits
    assert (newest.timestamp, newest.utc_offset) == (EPOCH + DAY, -(8 * 3600 + 30 * 60))
    assert oldest.utc_offset == 0


def test_sizes_a_partial_clone_lacks_are_unknown_not_dropped(tmp_path: Path) -> None:
    source = make_repo(
        tmp_path / "source",
        [Step("Add weights", {"train.py": "x = 1\n", "models/w.weights": b"\0" * 300})],
    )
    git.Repo(source).git.config("uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    git.Git().clone("-q", "--filter=blob:none", "--no-checkout", source.as_uri(), str(clone))
    # Sealed the way acquire seals a clone: a missing blob is never fetched.
    for key in ("remote.origin.promisor", "remote.origin.partialclonefilter"):
        git.Repo(clone).git.config("--local", "--unset-all", key)
    history = collect_history(clone)
    assert history.available
    assert dict(history.blob_sizes) == {}
    assert sorted(history.unknown_sizes) == ["models/w.weights", "train.py"]


def test_sizes_git_refuses_to_read_are_unknown_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_repo(tmp_path / "source", [Step("Add code", {"train.py": "x = 1\n"})])
    git.Repo(source).git.config("uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    git.Git().clone("-q", "--filter=blob:none", "--no-checkout", source.as_uri(), str(clone))
    # Still a promisor, but barred from fetching: ls-tree -l then fails outright.
    monkeypatch.setenv("GIT_NO_LAZY_FETCH", "1")
    history = collect_history(clone)
    assert history.available
    assert history.unknown_sizes == ("train.py",)


def test_python_files_the_history_deleted_are_listed(tmp_path: Path) -> None:
    # A script still imports pre_processamento after its file was deleted; a file deleted and
    # added again is in HEAD, and a deleted file that is not Python is not listed.
    repo = make_repo(
        tmp_path / "repo",
        [
            Step("Add the cleaning", {"src/pre_processamento.py": "x = 1\n", "a.py": "a\n"}),
            Step("Add notes", {"notes.txt": "n\n", "b.py": "b = 1\n"}, 1),
            Step("Remove old files", {"src/pre_processamento.py": None, "notes.txt": None}, 2),
            Step("Drop b", {"b.py": None}, 3),
            Step("Bring b back", {"b.py": "b = 2\n"}, 4),
        ],
    )
    assert collect_history(repo).deleted_sources == ("src/pre_processamento.py",)


def test_commits_of_a_side_branch_its_merge_left_unchanged_are_read(tmp_path: Path) -> None:
    # The author's first commits sit on a branch merged with the main line's tree kept
    # (``-s ours``): git log with a path simplifies the merge to its first parent and drops
    # them; they are the repository's history all the same.
    repo_path = three_commit_repo(tmp_path / "repo")
    repo = git.Repo(repo_path)
    env = {"GIT_AUTHOR_DATE": "2024-05-01T12:00:00", "GIT_COMMITTER_DATE": "2024-05-01T12:00:00"}
    base = repo.head.commit
    repo.git.checkout("-b", "early", base.parents[0].parents[0].hexsha)
    (repo_path / "notes.py").write_text("z = 3\n")
    repo.git.add("notes.py")
    with repo.git.custom_environment(**env):
        repo.git.commit("-m", "Sketch the notes module")
        repo.git.checkout("-")
        repo.git.merge("-s", "ours", "--no-edit", "early")
    subjects = [c.subject for c in collect_history(repo_path).commits]
    assert "Sketch the notes module" in subjects, subjects
