"""The licence a project's package metadata declares: what DOCS002's fixer must agree with.

Read from the texts the facts layer collected, never by running anything: pyproject.toml's
``[project] license`` (a string, or a table with ``text``; a ``file`` names no licence) and
``[tool.poetry] license``, setup.cfg's ``[metadata] license``, and a string literal given as
``license=`` in setup.py. A declaration whose licence cannot be read is still a declaration:
the fixer then writes nothing rather than guess.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Mapping
from dataclasses import dataclass

from repocheck.facts.python_target import toml_of
from repocheck.facts.toml_text import table_at
from repocheck.patterns import compile_on_use

_SETUP_PY_STRING = compile_on_use(r"""\blicense[ \t]*=[ \t]*(["'])([^"'\n]+)\1""")
#: What DOCS002 itself counts as a declaration (rules/docs.py): a ``license =`` line.
_SETUP_PY_ANY = compile_on_use(r"\blicense[ \t]*=", re.IGNORECASE)


@dataclass(frozen=True)
class Declared:
    """Where a licence is declared, and its name when the declaration gives one."""

    path: str
    name: str | None


def _pyproject(text: str) -> Declared | None:
    document = toml_of(text)
    for keys in (("project",), ("tool", "poetry")):
        table = table_at(document, *keys)
        if "license" not in table:
            continue
        value = table["license"]
        if isinstance(value, dict):
            value = value.get("text")
        return Declared("pyproject.toml", value.strip() if isinstance(value, str) else None)
    return None


def _setup_cfg(text: str) -> Declared | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    value = parser.get("metadata", "license", fallback=None)
    if value is None:
        return None
    return Declared("setup.cfg", value.strip() or None)


def _setup_py(text: str) -> Declared | None:
    if not _SETUP_PY_ANY.search(text):
        return None
    found = _SETUP_PY_STRING.search(text)
    return Declared("setup.py", found.group(2).strip() if found else None)


def declared_license(texts: Mapping[str, str]) -> Declared | None:
    """The first licence declaration in pyproject.toml, setup.cfg, then setup.py."""
    readers = (("pyproject.toml", _pyproject), ("setup.cfg", _setup_cfg), ("setup.py", _setup_py))
    for path, read in readers:
        text = texts.get(path)
        if text is not None:
            found = read(text)
            if found is not None:
                return found
    return None
