"""Git LFS pointer files: what a clone holds in place of a file that ``.gitattributes`` routes
through Git LFS, until ``git lfs pull`` fetches the content.

A pointer is three short lines (the spec's version, the content's sha256, its size), under
1,024 bytes by the spec. It tells nothing of the file it stands for: a notebook kept in LFS
is no broken notebook, and a requirements file kept there lists no packages only as far as
the pointer goes.
"""

from __future__ import annotations

#: The first line of every pointer file (``.../spec/v1``).
_VERSION = "version https://git-lfs.github.com/spec/"

#: The spec's bound on a pointer file's size.
_MAX_BYTES = 1024


def is_lfs_pointer(text: str | None) -> bool:
    """True when ``text`` is a Git LFS pointer, not the content of the file it stands for."""
    if text is None or len(text) >= _MAX_BYTES or not text.startswith(_VERSION):
        return False
    return "\noid sha256:" in text
