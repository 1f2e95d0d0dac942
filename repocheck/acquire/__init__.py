"""Acquire: turn what the user named into a directory to analyze.

A local folder is analyzed where it is. A URL or ``gh:owner/repo`` is cloned (clone.py) into a
temporary folder that is removed when the ``with`` block ends, whatever ends it: the analysis
finishing, an error, a broken limit, Ctrl-C or SIGTERM. ``keep`` clones into a folder of the
user's choosing instead and leaves it there.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from repocheck.acquire.clone import CloneLimits, clone_into
from repocheck.acquire.errors import AcquireError
from repocheck.acquire.heads import remote_head
from repocheck.acquire.targets import GITHUB_URL, Remote, parse_target

__all__ = ["AcquireError", "AcquireOptions", "Checkout", "acquire", "options_from", "remote_head"]


@dataclass(frozen=True)
class Checkout:
    """A directory ready for the facts layer, and how to name it in the report."""

    path: Path
    display: str
    url: str | None = None


@dataclass(frozen=True)
class AcquireOptions:
    """How to fetch a remote target; none of it applies to a local folder."""

    ref: str | None = None
    github_url: str = GITHUB_URL
    token: str | None = field(default=None, repr=False)
    keep: Path | None = None
    limits: CloneLimits = field(default_factory=CloneLimits)


def options_from(
    *,
    ref: str | None = None,
    github_url: str = GITHUB_URL,
    token: str | None = None,
    keep: Path | None = None,
    clone_timeout: float = CloneLimits.timeout,
    max_repo_size: int = CloneLimits.max_bytes // 1_000_000,
) -> AcquireOptions:
    """AcquireOptions from the command line's words (sizes in MB, an empty token is none)."""
    return AcquireOptions(
        ref=ref,
        github_url=github_url,
        token=token or None,
        keep=keep,
        limits=CloneLimits(timeout=clone_timeout, max_bytes=max_repo_size * 1_000_000),
    )


def _force_remove(function: Callable[..., Any], path: str, _: Any) -> None:
    # git writes its packs read-only; a folder without write permission keeps its entries.
    os.chmod(os.path.dirname(path), stat.S_IRWXU)
    if os.path.lexists(path) and not os.path.islink(path):
        os.chmod(path, stat.S_IRWXU)
    function(path)


def remove_tree(path: Path) -> None:
    """Delete ``path`` and everything below it, read-only entries included."""
    if path.exists() or path.is_symlink():
        shutil.rmtree(path, onerror=_force_remove)


@contextmanager
def _exit_on_termination() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into SystemExit, so that cleanup code runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, leave) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _local(root: Path, target: str, options: AcquireOptions) -> Checkout:
    if not root.exists():
        raise AcquireError(f"{target}: no such file or directory")
    if not root.is_dir():
        raise AcquireError(f"{target}: not a directory")
    if options.keep is not None:
        raise AcquireError("--keep applies to a URL: a local folder is analyzed where it is")
    return Checkout(root, target)


def _kept_folder(keep: Path) -> bool:
    """Check that ``keep`` can take a clone; True when it does not exist yet."""
    if keep.is_symlink() or (keep.exists() and not keep.is_dir()):
        raise AcquireError(f"--keep {keep}: not a folder")
    if keep.exists() and any(keep.iterdir()):
        raise AcquireError(f"--keep {keep}: the folder is not empty")
    return not keep.exists()


@contextmanager
def _clone_into_kept(remote: Remote, options: AcquireOptions, keep: Path) -> Iterator[Checkout]:
    created = _kept_folder(keep)
    try:
        clone_into(remote, keep, options.token, options.limits)
    except BaseException:
        if created:
            remove_tree(keep)
        raise
    yield Checkout(keep, remote.canonical, remote.canonical)


@contextmanager
def _clone_into_temp(remote: Remote, options: AcquireOptions) -> Iterator[Checkout]:
    holder = Path(tempfile.mkdtemp(prefix="repocheck-"))
    try:
        destination = holder / remote.name
        clone_into(remote, destination, options.token, options.limits)
        yield Checkout(destination, remote.canonical, remote.canonical)
    finally:
        remove_tree(holder)


@contextmanager
def acquire(target: str, options: AcquireOptions | None = None) -> Iterator[Checkout]:
    """Yield the checkout for ``target``; raises AcquireError with a one-line reason."""
    options = options or AcquireOptions()
    found = parse_target(target, options.ref, options.github_url)
    if isinstance(found, Path):
        yield _local(found, target, options)
        return
    with _exit_on_termination():
        if options.keep is not None:
            with _clone_into_kept(found, options, options.keep) as checkout:
                yield checkout
        else:
            with _clone_into_temp(found, options) as checkout:
                yield checkout
