"""Reading and writing a repository's files without ever leaving its folder.

Every path is walked one component at a time from an open descriptor of the root, each opened
with ``O_NOFOLLOW``: a symlink anywhere on the way (a file, or a folder above it) is refused
rather than followed, and no check can be raced by a rename between checking and opening. A
file is read only when ``fstat`` says it is a regular file, opened with ``O_NONBLOCK`` so that
a FIFO cannot block the open, and never past its cap, so a file that grows while it is read
cannot exhaust memory.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
#: What a symlink where a folder or file was expected makes ``open(O_NOFOLLOW)`` say.
_LINK_ERRORS = (errno.ELOOP, errno.ENOTDIR)


class NotRead(Exception):
    """Why a file was not read, in words for a note ("symlink, not followed")."""


class NotRegular(NotRead):
    """A symlink, a FIFO, a device or a folder where a file was expected."""


class TooLarge(NotRead):
    """A regular file over the cap; ``size`` is how large it is (at least)."""

    def __init__(self, size: int, cap: int) -> None:
        super().__init__(f"larger than {cap // 1_000_000} MB, not read")
        self.size = size


def parts_of(rel: str) -> list[str]:
    """The components of a relative path; raises NotRead for anything that could step out."""
    parts = rel.split("/")
    if any(part in ("", ".", "..") or "\0" in part for part in parts):
        raise NotRead("not a plain path inside the repository, not read")
    return parts


def _open_folder(root: Path, folders: list[str], create: bool) -> int:
    """A descriptor of ``root/folders...``, refusing a symlink at every step."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for name in folders:
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o755, dir_fd=fd)
            inner = os.open(name, _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = inner
    except OSError as exc:
        os.close(fd)
        if exc.errno in _LINK_ERRORS:
            raise NotRegular("behind a symlinked folder, not followed") from exc
        raise
    return fd


def _open_in(folder: int, name: str) -> int:
    """A read descriptor of ``name`` in the open ``folder``; a symlink is NotRegular."""
    try:
        return os.open(name, _READ_FLAGS, dir_fd=folder)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegular("symlink, not followed") from exc
        raise


def _read_capped(fd: int, cap: int) -> bytes:
    info = os.fstat(fd)
    if stat.S_ISLNK(info.st_mode):  # pragma: no cover - O_NOFOLLOW already refused it
        raise NotRegular("symlink, not followed")
    if not stat.S_ISREG(info.st_mode):
        raise NotRegular("not a regular file, not read")
    if info.st_size > cap:
        raise TooLarge(info.st_size, cap)
    chunks = []
    left = cap + 1
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    data = b"".join(chunks)
    if len(data) > cap:  # it grew while it was read
        raise TooLarge(len(data), cap)
    return data


def read_regular(root: Path, rel: str, cap: int) -> bytes:
    """The bytes of the regular file ``root/rel``, at most ``cap`` of them.

    Raises NotRead (NotRegular, TooLarge) when the file must not be read and OSError when it
    cannot be (gone, no permission).
    """
    parts = parts_of(rel)
    folder = _open_folder(root, parts[:-1], create=False)
    try:
        fd = _open_in(folder, parts[-1])
    finally:
        os.close(folder)
    try:
        return _read_capped(fd, cap)
    finally:
        os.close(fd)


def write_new(root: Path, rel: str, data: bytes, *, mode: int = 0o644, size: int = 0) -> None:
    """Create the file ``root/rel`` (never an existing one, never through a symlink).

    With ``size`` larger than ``data``, the file is extended to ``size`` bytes without
    writing them (a sparse file: its size without its content).
    """
    parts = parts_of(rel)
    folder = _open_folder(root, parts[:-1], create=True)
    try:
        fd = os.open(parts[-1], _CREATE_FLAGS, mode, dir_fd=folder)
    finally:
        os.close(folder)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if size > len(data):
            os.ftruncate(fd, size)
    finally:
        os.close(fd)


def symlink_new(root: Path, rel: str, target: str) -> None:
    """Create the symlink ``root/rel`` -> ``target`` (never through another symlink)."""
    parts = parts_of(rel)
    folder = _open_folder(root, parts[:-1], create=True)
    try:
        os.symlink(target, parts[-1], dir_fd=folder)
    finally:
        os.close(folder)


def replace_regular(root: Path, rel: str, data: bytes) -> None:
    """Replace the regular file ``root/rel`` with ``data``, keeping its permission bits.

    The new text is written to a temporary file beside it and renamed over it, so a reader
    never sees half a file; a symlink at ``rel`` or on the way is refused, never followed.
    """
    parts = parts_of(rel)
    folder = _open_folder(root, parts[:-1], create=False)
    try:
        old = _open_in(folder, parts[-1])
        try:
            info = os.fstat(old)
        finally:
            os.close(old)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular("not a regular file")
        temporary = f".{parts[-1]}.repocheck-{os.getpid()}"
        fd = os.open(temporary, _CREATE_FLAGS, 0o600, dir_fd=folder)
        try:
            os.fchmod(fd, stat.S_IMODE(info.st_mode))  # exactly the old bits, whatever the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temporary, parts[-1], src_dir_fd=folder, dst_dir_fd=folder)
    finally:
        os.close(folder)
