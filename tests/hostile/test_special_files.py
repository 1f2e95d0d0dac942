"""A folder outside git whose files are symlinks or FIFOs: listed, never read or waited on.

Outside a git work tree repocheck walks the folder and reads each ``.gitignore`` on its way.
A ``.gitignore`` that is a symlink to a file outside, or a FIFO that no one ever writes to,
must change nothing and block nothing: the run ends within its time limit, and what lies
outside the folder has no effect on the report.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.runner import repocheck

MODULE = '"""A module."""\n\n\ndef answer():\n    """The answer."""\n    return 42\n'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "download"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "core.py").write_text(MODULE, encoding="utf-8")
    (root / "README.md").write_text("# Download\n", encoding="utf-8")
    return root


def analyze(folder: Path) -> dict:
    try:
        result = repocheck("--format", "json", folder, cwd=folder.parent)
    except subprocess.TimeoutExpired:  # the failure the FIFO test guards against
        pytest.fail("repocheck blocked on a special file")
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    report: dict = json.loads(result.stdout)
    return report


def test_a_gitignore_symlinked_out_of_the_folder_is_not_read(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside-ignore"
    outside.write_text("*.py\nREADME.md\n", encoding="utf-8")
    (folder / ".gitignore").symlink_to(outside)
    (folder / "pkg" / ".gitignore").symlink_to(outside)
    report = analyze(folder)
    assert report["stats"]["python_files"] == 1


def test_a_gitignore_fifo_never_blocks_the_run(folder: Path) -> None:
    os.mkfifo(folder / ".gitignore")
    os.mkfifo(folder / "pkg" / ".gitignore")
    os.mkfifo(folder / ".repocheck.toml")
    report = analyze(folder)
    assert report["stats"]["python_files"] == 1


def test_a_gitignore_over_the_size_cap_is_not_read(folder: Path) -> None:
    line = b"*.py\n" + b"#" * 1000 + b"\n"
    (folder / ".gitignore").write_bytes(line * 2_000)  # 2 MB, over the 1 MB cap
    report = analyze(folder)
    assert report["stats"]["python_files"] == 1
