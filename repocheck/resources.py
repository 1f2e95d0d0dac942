"""Locate the rule catalogue and templates, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the directory ``rules`` or ``templates``.

    A wheel carries them under ``repocheck/_data``; a source checkout (and an editable
    install) keeps them at the top of the repository, beside the package.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"repocheck's {name}/ directory is missing from this installation")
