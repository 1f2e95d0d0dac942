"""A local path is analyzed as it is on disk; ``--committed`` reads HEAD only (real git, CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import git
import jsonschema

from tests.helpers import Step, make_repo
from tests.runner import repocheck

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "docs" / "report.schema.json").read_text("utf-8")
)
TRAIN = "def train(rate):\n    return rate * 2\n"
TEST = "from train import train\n\n\ndef test_train():\n    assert train(1) == 2\n"


def report_of(*args: str | Path) -> dict:
    result = repocheck("--format", "json", *args)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    return data


def learner(tmp_path: Path) -> Path:
    """A committed project; then a new test, an ignored log, and an edit, none committed."""
    repo = make_repo(
        tmp_path / "project",
        [Step("Add training", {"train.py": TRAIN, ".gitignore": "*.log\n"})],
    )
    (repo / "tests").mkdir()
    (repo / "tests" / "test_model.py").write_text(TEST, encoding="utf-8")
    (repo / "run.log").write_text("loss 0.1\n", encoding="utf-8")
    (repo / "train.py").write_text(TRAIN + "\n\ndef evaluate():\n    return 1\n", "utf-8")
    return repo


def test_new_files_count_before_they_are_committed(tmp_path: Path) -> None:
    repo = learner(tmp_path)
    report = report_of(repo)
    assert report["repository"]["analyzed"] == "work tree"
    assert report["repository"]["uncommitted_files"] == 1
    assert report["stats"]["files"] == 3  # .gitignore, train.py, tests/test_model.py
    assert report["stats"]["test_lines"] > 0
    assert report["repository"]["branch"] == "main"


def test_committed_reads_head_only_with_the_original_history(tmp_path: Path) -> None:
    repo = learner(tmp_path)
    head = git.Repo(repo).head.commit.hexsha
    report = report_of(repo, "--committed")
    assert report["repository"]["analyzed"] == "commit"
    assert report["repository"]["uncommitted_files"] is None
    assert report["stats"]["files"] == 2
    assert report["stats"]["test_lines"] == 0
    # The edit on disk is not read: HEAD's train.py has one function.
    assert report["stats"]["code_lines"] == 2
    assert report["repository"]["commit"] == head
    assert report["repository"]["branch"] == "main"
    assert report["stats"]["commits"] == 1


def test_the_header_says_what_was_analyzed(tmp_path: Path) -> None:
    repo = learner(tmp_path)
    work = repocheck(repo)
    assert work.returncode == 0, work.stderr
    assert "(work tree: 1 file not committed)" in work.stdout.splitlines()[0]
    committed = repocheck(repo, "--committed")
    assert "(commit)" in committed.stdout.splitlines()[0]
    markdown = repocheck(repo, "--format", "markdown")
    assert "(work tree: 1 file not committed)" in markdown.stdout


def test_committed_at_a_subfolder(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "mono",
        [Step("Add", {"ml/train.py": TRAIN, "web/app.py": "APP = 1\n"})],
    )
    (repo / "ml" / "draft.py").write_text("X = 1\n", encoding="utf-8")
    report = report_of(repo / "ml", "--committed")
    assert report["repository"]["name"] == "ml"
    assert report["stats"]["files"] == 1
    assert report_of(repo / "ml")["repository"]["uncommitted_files"] == 1


def test_an_untracked_virtual_environment_is_left_out_with_a_note(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "p", [Step("Add", {"train.py": TRAIN})])
    site = repo / "env" / "lib" / "site-packages" / "numpy"
    site.mkdir(parents=True)
    (repo / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (site / "__init__.py").write_text("X = 1\n", encoding="utf-8")
    report = report_of(repo)
    assert report["stats"]["files"] == 1
    assert any(note.startswith("env/: a virtual environment") for note in report["notes"])


def test_a_repository_without_commits_is_all_uncommitted(tmp_path: Path) -> None:
    repo = tmp_path / "fresh"
    git.Repo.init(repo)
    (repo / "train.py").write_text(TRAIN, encoding="utf-8")
    report = report_of(repo)
    assert report["stats"]["files"] == 1
    assert report["repository"]["uncommitted_files"] == 1


def test_committed_needs_a_commit(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "train.py").write_text(TRAIN, encoding="utf-8")
    result = repocheck(plain, "--committed")
    assert result.returncode == 2
    assert result.stderr.startswith("repocheck: error: --committed needs a git repository")
    assert "Traceback" not in result.stderr
    git.Repo.init(plain)
    result = repocheck(plain, "--committed")
    assert result.returncode == 2
    assert "no commits yet" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_committed_never_follows_a_folder_that_is_a_symlink_in_head(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("X = 1\n", encoding="utf-8")
    repo = make_repo(tmp_path / "p", [Step("Add", {"train.py": TRAIN})])
    (repo / "ml").symlink_to(outside, target_is_directory=True)
    handle = git.Repo(repo)
    handle.git.add("ml")
    handle.git.commit("-q", "-m", "Link the data folder")
    (repo / "ml").unlink()
    (repo / "ml").mkdir()
    (repo / "ml" / "model.py").write_text("Y = 2\n", encoding="utf-8")
    result = repocheck(repo / "ml", "--committed")
    assert result.returncode == 2
    assert result.stderr == "repocheck: error: ml is a symlink in the last commit\n"


def test_junk_and_secrets_not_yet_committed_are_not_called_committed(tmp_path: Path) -> None:
    # A work tree is analyzed as it is, so a new, unignored cache or key is found before any
    # commit holds it: the finding says so instead of "committed".
    repo = make_repo(tmp_path / "project", [Step("Add training", {"train.py": TRAIN})])
    (repo / "__pycache__").mkdir()
    (repo / "__pycache__" / "train.cpython-311.pyc").write_bytes(b"\0cache")
    token = "ghp_" + "a1B2c3D4e5" * 3 + "f6G7h8"
    (repo / "settings.py").write_text(f'TOKEN = "{token}"\n', encoding="utf-8")
    rules = {rule["id"]: rule for rule in report_of(repo)["rules"]}
    assert rules["GIT005"]["status"] == "fail"
    assert "about to be committed" in rules["GIT005"]["message"]
    assert rules["GIT006"]["status"] == "fail"
    assert "about to be committed" in rules["GIT006"]["message"]
    assert token not in json.dumps(rules)

    committed = report_of(repo, "--committed")["rules"]
    assert {r["id"]: r["status"] for r in committed}["GIT005"] == "pass"
