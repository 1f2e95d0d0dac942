"""TOML documents of the analyzed repository, read without trusting them.

A repository's pyproject.toml may be broken, or hostile: ``x = [[[[...`` nested a hundred
thousand deep makes the standard parser recurse until Python stops it. Every reader of a
repository's TOML goes through here, so such a file is "not valid TOML" everywhere alike.
"""

from __future__ import annotations

import sys
from typing import Any


class TomlError(ValueError):
    """The text is not TOML that can be read; the message says where, or why."""


def parse_toml(text: str) -> dict[str, Any]:
    """The document in ``text``; raises TomlError when it is not valid or nests too deep."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlError(str(exc)) from None
    except RecursionError:
        raise TomlError("nested too deeply to read") from None


def toml_or_none(text: str) -> dict[str, Any] | None:
    """The document in ``text``, or None when it is not TOML that can be read."""
    try:
        return parse_toml(text)
    except TomlError:
        return None
