"""Lock files: which files are ones, and whether one locks anything (a ``uv.lock`` holding only
the project itself pins no dependency, and neither does a Pipfile.lock with empty sections).

A lock file that cannot be read or parsed is given the benefit of the doubt: the rule says less
rather than call a lock empty that it could not read.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Any

from repocheck.analysis.distributions import canonicalize_name
from repocheck.analysis.requirements import parse_requirements
from repocheck.facts.toml_text import toml_or_none
from repocheck.facts.yaml_text import safe_loader
from repocheck.patterns import compile_on_use

LOCK_NAMES = frozenset(
    {"poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock", "pylock.toml", "conda-lock.yml"}
)
LOCK_PATTERN = compile_on_use(
    r"^(conda-lock\.yaml|pylock\.[^/]+\.toml|[^/]*\.conda-lock\.ya?ml|requirements[^/]*\.lock)$"
)
CONSTRAINTS_FILE = compile_on_use(r"^constraints[^/]*\.txt$")
#: A package entry with one of these sources is the project (or a workspace member) itself.
_OWN_SOURCES = frozenset({"virtual", "editable", "directory"})


def locks_nothing(path: str, text: str | None) -> bool:
    """True when the lock file at ``path`` is readable and pins no third-party package."""
    if text is None:
        return False
    name = PurePosixPath(path).name
    if name == "Pipfile.lock":
        return _pipfile_lock_empty(text)
    if name.endswith(".toml") or name in ("uv.lock", "poetry.lock", "pdm.lock"):
        return _toml_lock_empty(text)
    if name.endswith((".yml", ".yaml")):
        return _conda_lock_empty(text)
    if name.endswith(".lock") and "requirements" in name:
        return not parse_requirements(path, text)
    return False


def _pipfile_lock_empty(text: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False
    if not isinstance(data, dict):
        return False
    sections = [data.get("default"), data.get("develop")]
    return all(isinstance(section, dict) and not section for section in sections)


def _toml_lock_empty(text: str) -> bool:
    data = toml_or_none(text)
    if data is None:
        return False
    packages = data.get("package", data.get("packages", []))
    if not isinstance(packages, list):
        return False
    return not [entry for entry in packages if not _is_own(entry)]


def _is_own(entry: Any) -> bool:
    source = entry.get("source") if isinstance(entry, dict) else None
    return isinstance(source, dict) and bool(_OWN_SOURCES & set(source))


def _conda_lock_empty(text: str) -> bool:
    import yaml

    try:
        data = yaml.load(text, Loader=safe_loader())
    except yaml.YAMLError:
        return False
    packages = data.get("package") if isinstance(data, dict) else None
    return isinstance(packages, list) and not packages


def locked_names(path: str, text: str | None) -> frozenset[str]:
    """Canonical names of the third-party distributions the lock file at ``path`` pins: what
    the tool's one install command (``uv sync``, ``poetry install``) sets up, whatever brings
    each one in. Empty where the lock cannot be read, or its kind is not read for names."""
    if text is None:
        return frozenset()
    name = PurePosixPath(path).name
    if name == "Pipfile.lock":
        return _pipfile_lock_names(text)
    if name.endswith(".toml") or name in ("uv.lock", "poetry.lock", "pdm.lock"):
        return _toml_lock_names(text)
    return frozenset()


def _toml_lock_names(text: str) -> frozenset[str]:
    data = toml_or_none(text)
    packages = data.get("package", data.get("packages", [])) if data is not None else []
    if not isinstance(packages, list):
        return frozenset()
    return frozenset(
        canonicalize_name(entry["name"])
        for entry in packages
        if isinstance(entry, dict) and isinstance(entry.get("name"), str) and not _is_own(entry)
    )


def _pipfile_lock_names(text: str) -> frozenset[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return frozenset()
    if not isinstance(data, dict):
        return frozenset()
    sections = [data.get("default"), data.get("develop")]
    return frozenset(
        canonicalize_name(name)
        for section in sections
        if isinstance(section, dict)
        for name in section
    )


def is_lock_file(path: str, text: str | None) -> bool:
    """True for lock files, fully pinned constraints files and conda explicit specs."""
    name = PurePosixPath(path).name
    if name in LOCK_NAMES or LOCK_PATTERN.match(name):
        return True
    if text is None or not name.endswith(".txt"):
        return False
    if re.search(r"^@EXPLICIT\s*$", text, re.MULTILINE):
        return True
    if CONSTRAINTS_FILE.match(name):
        pins = parse_requirements(path, text)
        return bool(pins) and all(entry.pinned for entry in pins)
    return False
