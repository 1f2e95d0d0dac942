"""The workspace fixers plan in: reads the repository safely, composes edits, diffs nothing else."""

from __future__ import annotations

from pathlib import Path

from repocheck.fix.plan import FileChange, Workspace


def test_a_later_read_sees_the_planned_text(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text("print(1)\n")
    workspace = Workspace(tmp_path)
    workspace.plan(FileChange("train.py", "print(1)\n", "import random\nprint(1)\n"))
    assert workspace.read("train.py") == "import random\nprint(1)\n"
    assert workspace.original("train.py") == "print(1)\n"


def test_changes_hold_one_text_per_file_against_the_disk(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc\n")
    workspace = Workspace(tmp_path)
    workspace.plan(FileChange(".gitignore", "*.pyc\n", "*.pyc\ndata/\n"))
    workspace.plan(FileChange(".gitignore", "*.pyc\ndata/\n", "*.pyc\ndata/\n*.pt\n"))
    workspace.plan(FileChange("LICENSE", None, "MIT\n"))
    assert list(workspace.changes()) == [
        FileChange(".gitignore", "*.pyc\n", "*.pyc\ndata/\n*.pt\n"),
        FileChange("LICENSE", None, "MIT\n"),
    ]


def test_a_change_undone_by_a_later_fixer_is_no_change(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a\n")
    workspace = Workspace(tmp_path)
    workspace.plan(FileChange("a.txt", "a\n", "b\n"))
    workspace.plan(FileChange("a.txt", "b\n", "a\n"))
    assert list(workspace.changes()) == []


def test_a_symlink_reads_as_absent(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("secret\n")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").symlink_to(outside)
    assert Workspace(root).read("README.md") is None
    assert not Workspace(root).exists("../outside.md")
