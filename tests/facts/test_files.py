"""Reading inside a root: regular files only, never through a symlink, never past the cap."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from repocheck.facts.files import (
    NotRead,
    NotRegular,
    TooLarge,
    read_regular,
    replace_regular,
    write_new,
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    (folder / "pkg").mkdir(parents=True)
    (folder / "pkg" / "core.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret\n", encoding="utf-8")
    return folder


def test_a_regular_file_is_read(root: Path) -> None:
    assert read_regular(root, "pkg/core.py", 100) == b"X = 1\n"


@pytest.mark.parametrize(
    "make",
    [
        lambda root: (root / "link.txt").symlink_to(root.parent / "secret.txt"),
        lambda root: (root / "link.txt").symlink_to("/dev/zero"),
        lambda root: os.mkfifo(root / "link.txt"),
        lambda root: (root / "link.txt").mkdir(),
    ],
    ids=["symlink-out", "symlink-device", "fifo", "folder"],
)
def test_anything_but_a_regular_file_is_refused(root: Path, make: Callable[[Path], object]) -> None:
    make(root)
    with pytest.raises(NotRegular):
        read_regular(root, "link.txt", 100)


def test_a_symlinked_folder_is_not_followed(root: Path) -> None:
    (root / "up").symlink_to(root.parent)
    with pytest.raises(NotRegular, match="symlinked folder"):
        read_regular(root, "up/secret.txt", 100)


@pytest.mark.parametrize("rel", ["../secret.txt", "/etc/passwd", "pkg//core.py", "./x"])
def test_paths_that_could_step_out_are_refused(root: Path, rel: str) -> None:
    with pytest.raises(NotRead):
        read_regular(root, rel, 100)


def test_a_file_over_the_cap_is_not_read(root: Path) -> None:
    with pytest.raises(TooLarge):
        read_regular(root, "pkg/core.py", 3)


def test_writing_never_replaces_a_file_or_goes_through_a_symlink(root: Path) -> None:
    (root / "out").symlink_to(root.parent)
    with pytest.raises(NotRegular):
        write_new(root, "out/planted.txt", b"x")
    with pytest.raises(FileExistsError):
        write_new(root, "pkg/core.py", b"x")
    assert not (root.parent / "planted.txt").exists()
    assert read_regular(root, "pkg/core.py", 100) == b"X = 1\n"


def test_replace_regular_replaces_the_text_and_keeps_the_mode(root: Path) -> None:
    script = root / "run.sh"
    script.write_text("old\n")
    script.chmod(0o755)
    replace_regular(root, "run.sh", b"new\n")
    assert script.read_text() == "new\n"
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    assert sorted(p.name for p in root.iterdir()) == ["pkg", "run.sh"]  # no temporary left


def test_replace_regular_never_writes_through_a_symlink(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n")
    (root / "link.txt").symlink_to(outside)
    with pytest.raises(NotRegular):
        replace_regular(root, "link.txt", b"changed\n")
    assert outside.read_text() == "keep\n"
