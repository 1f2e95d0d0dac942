"""The .gitignore matcher reads what git reads, and skips what git cannot use."""

from __future__ import annotations

from pathlib import Path

import git

from repocheck.analysis.ignored import IgnoreRules
from tests.helpers import Step, make_repo


def test_lines_git_cannot_use_are_skipped_not_a_crash(tmp_path: Path) -> None:
    # A lone "!" or backslash matches nothing in git, nor does "[z-a]" match "m" (git reads
    # its "z" alone); pathspec refuses all three. The other lines of the file still apply.
    patterns = "!\n\\\n[z-a]\n__pycache__/\n"
    rules = IgnoreRules({".gitignore": patterns})
    make_repo(tmp_path, [Step("Ignore", {".gitignore": patterns})])
    for path in ("__pycache__/m.pyc", "train.py", "m"):
        status, _, _ = git.Repo(tmp_path).git.check_ignore(
            "--no-index", "-q", path, with_extended_output=True, with_exceptions=False
        )
        assert rules.ignores(path) is (status == 0), path


def test_a_folder_outside_git_with_such_a_gitignore_is_analyzed(tmp_path: Path) -> None:
    from repocheck.facts.collect import collect

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("!\n*.log\n")
    (tmp_path / "sub" / "run.log").write_text("x\n")
    (tmp_path / "train.py").write_text("x = 1\n")
    assert {f.path for f in collect(tmp_path).files} == {"train.py", "sub/.gitignore"}


def test_a_folder_let_back_in_keeps_the_lines_about_what_is_inside_it(tmp_path: Path) -> None:
    # "!src/data/" takes the folder src/data back from "data/"; it says nothing of the files
    # and folders inside it, which earlier lines ("__pycache__/", "*.csv") still keep out, as
    # git check-ignore says. "models/**" keeps out everything inside models/ (pass 456).
    patterns = "__pycache__/\n*.csv\ndata/\n!src/data/\nmodels/**\n"
    rules = IgnoreRules({".gitignore": patterns})
    make_repo(tmp_path, [Step("Ignore", {".gitignore": patterns})])
    paths = (
        "src/data/__pycache__/m.cpython-312.pyc",
        "src/data/table.csv",
        "src/data/loader.py",
        "data/raw.bin",
        "models/sub/w.bin",
        "models/w.bin",
        "src/__pycache__/m.pyc",
    )
    for path in paths:
        status, _, _ = git.Repo(tmp_path).git.check_ignore(
            "--no-index", "-q", path, with_extended_output=True, with_exceptions=False
        )
        assert rules.ignores(path) is (status == 0), path


def test_a_line_of_every_folder_keeps_out_what_git_keeps_out(tmp_path: Path) -> None:
    # "*/" keeps out every folder at any depth, and "!utils" lets one back in while the
    # "__pycache__" inside it stays out (pass 476). pathspec reads "*/" and "**/" as a
    # pattern found anywhere in the path, not one anchored at its start.
    patterns = "*/\nmodel*\n!utils\n"
    make_repo(tmp_path, [Step("Ignore", {".gitignore": patterns})])
    paths = (
        "__pycache__/m.cpython-312.pyc",
        ".ipynb_checkpoints/x-checkpoint.ipynb",
        "utils/__pycache__/m.cpython-312.pyc",
        "utils/helpers.py",
        "data/raw.csv",
        "train.py",
        "weights.pth",
        "model.pth",
    )
    for pattern_text in (patterns, "**/\n!utils\n"):
        rules = IgnoreRules({".gitignore": pattern_text})
        (tmp_path / ".gitignore").write_text(pattern_text)
        for path in paths:
            status, _, _ = git.Repo(tmp_path).git.check_ignore(
                "--no-index", "-q", path, with_extended_output=True, with_exceptions=False
            )
            assert rules.ignores(path) is (status == 0), (pattern_text, path)
