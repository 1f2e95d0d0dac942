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


def table_at(document: object, *keys: str) -> dict[str, Any]:
    """The table at ``keys`` (``tool``, ``ruff``), or an empty one wherever a step is missing
    or not a table: ``project = 5`` or ``[tool] poetry = 3`` is valid TOML of a shape no tool
    reads, and says nothing rather than crash its reader."""
    node = document
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def array(document: object, key: str) -> list[Any]:
    """``document[key]`` when it is an array, else an empty one (see :func:`table_at`)."""
    found = document.get(key) if isinstance(document, dict) else None
    return found if isinstance(found, list) else []
