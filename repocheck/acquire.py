"""Acquire: turn what the user named into a directory to analyze.

Today a target is a local folder. Remote targets (URLs, ``gh:owner/repo``) plug in here and
hand back a temporary clone, removed when the ``with`` block ends, whatever ends it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class AcquireError(Exception):
    """The target cannot be analyzed; the message is one line for the user."""


@dataclass(frozen=True)
class Checkout:
    """A directory ready for the facts layer, and how to name it in the report."""

    path: Path
    display: str
    url: str | None = None


@contextmanager
def acquire(target: str) -> Iterator[Checkout]:
    """Yield the checkout for ``target``; raises AcquireError with a one-line reason."""
    root = Path(target)
    if not root.exists():
        raise AcquireError(f"{target}: no such file or directory")
    if not root.is_dir():
        raise AcquireError(f"{target}: not a directory")
    yield Checkout(root, target)
