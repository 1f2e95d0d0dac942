"""The oldest Python a repository says it supports, from its own declarations.

pyupgrade-style findings (``Optional[int]`` -> ``int | None``) are only right for the Pythons a
project targets, so ruff is told the oldest one declared anywhere: ruff's ``target-version``,
``requires-python`` (PEP 621 or Poetry), ``python_requires`` in setup.cfg / setup.py, the
GitHub Actions matrix, a conda environment file and tox's envlist. Nothing is run: TOML, INI and YAML are parsed, and
setup.py is searched as text.

A project whose CI runs Python 2 and no Python 3 (``python: "2.7"`` in ``.travis.yml``, ``py27``
alone in tox's envlist) and that declares no Python 3 anywhere is written for Python 2:
``declared_python2`` says where, so that Python 2 syntax is not read as Python 3's errors.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from repocheck.facts.toml_text import table_at, toml_or_none
from repocheck.facts.yaml_text import base_loader
from repocheck.patterns import compile_on_use

#: The range of versions ruff can target; declarations outside it are clamped.
OLDEST = (3, 7)
NEWEST = (3, 14)
RUFF_CONFIG_FILES = (".ruff.toml", "ruff.toml")
_RUFF_TARGET = compile_on_use(r"^py3(\d{1,2})$")
_VERSION = compile_on_use(r"^\s*3\.(\d{1,2})(?:\.[\dx*]+)?\s*$")
_SETUP_PY = compile_on_use(r"python_requires\s*=\s*[\"']([^\"']{1,100})[\"']")
_TOX_ENV = compile_on_use(r"\bpy3(\d{1,2})\b")
_TOX_ANY = compile_on_use(r"\bpy([23])\d{0,2}\b")
#: A CI's Python version, 2.x or 3.x ("2.7", "3.6", "3.10-dev").
_ANY_VERSION = compile_on_use(r"^\s*([23])\.\d{1,2}\b")
#: CI files that name the Pythons a project runs on, besides GitHub's workflows.
_CI_YAML = (".travis.yml",)
_POETRY_CARET = compile_on_use(r"^[\^~]=?\s*")
_CONDA_PYTHON = compile_on_use(r"^python\s*(?:==?|>=|~=)?\s*3\.(\d{1,2})(?:[.*\s]|$)")
CONDA_FILES = ("environment.yml", "environment.yaml", "conda.yml", "conda.yaml")


@dataclass(frozen=True)
class PythonTarget:
    """The oldest Python declared, and where it was declared."""

    version: tuple[int, int]
    source: str

    @property
    def ruff(self) -> str:
        """The version as ruff's ``--target-version`` spells it."""
        return f"py{self.version[0]}{self.version[1]}"

    @property
    def dotted(self) -> str:
        """The version as people write it."""
        return f"{self.version[0]}.{self.version[1]}"


def toml_of(text: str | None) -> dict[str, Any]:
    """The parsed TOML document; empty when missing or not valid TOML."""
    return (toml_or_none(text) if text is not None else None) or {}


def lowest_of(specifier: str) -> tuple[int, int] | None:
    """The oldest 3.x a version specifier (``>=3.8``, ``^3.9``, ``~=3.10.1``) allows."""
    # packaging is imported here: only a repository that declares its Python pays for it.
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    poetry = _POETRY_CARET.sub(">=", specifier.strip()) if specifier.strip()[:1] in "^~" else None
    try:
        allowed = SpecifierSet(poetry or specifier)
    except InvalidSpecifier:
        return None
    for minor in range(0, NEWEST[1] + 1):
        if allowed.contains(f"3.{minor}.99", prereleases=True):
            return 3, minor
    return None


def ruff_table(texts: Mapping[str, str]) -> tuple[str, dict[str, Any] | None] | None:
    """Where ruff itself would find the repository's settings, in ruff's order, and the table
    (None when that file is not valid TOML)."""
    for name in RUFF_CONFIG_FILES:
        if name in texts:
            return name, toml_of(texts[name]) if _valid(texts[name]) else None
    text = texts.get("pyproject.toml")
    if text is not None and not _valid(text):
        return ("pyproject.toml", None) if "[tool.ruff" in text else None
    pyproject = toml_of(text)
    if isinstance(table_at(pyproject, "tool").get("ruff"), dict):
        return "pyproject.toml", table_at(pyproject, "tool", "ruff")
    return None


def _valid(text: str) -> bool:
    return toml_or_none(text) is not None


def _from_ruff(texts: Mapping[str, str]) -> Iterator[tuple[tuple[int, int], str]]:
    found = ruff_table(texts)
    value = found[1].get("target-version") if found and found[1] else None
    match = _RUFF_TARGET.match(value) if isinstance(value, str) and found else None
    if match and found:
        yield (3, int(match.group(1))), f"ruff target-version in {found[0]}"


def _from_packaging(texts: Mapping[str, str]) -> Iterator[tuple[tuple[int, int], str]]:
    pyproject = toml_of(texts.get("pyproject.toml"))
    requires = table_at(pyproject, "project").get("requires-python")
    declared = [(requires, "requires-python in pyproject.toml")]
    poetry = table_at(pyproject, "tool", "poetry", "dependencies").get("python")
    declared.append((poetry, "Poetry's python in pyproject.toml"))
    if "setup.cfg" in texts:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(texts["setup.cfg"])
            declared.append((parser.get("options", "python_requires", fallback=None), "setup.cfg"))
        except configparser.Error:
            pass
    match = _SETUP_PY.search(texts.get("setup.py", ""))
    declared.append((match.group(1) if match else None, "python_requires in setup.py"))
    for specifier, source in declared:
        lowest = lowest_of(specifier) if isinstance(specifier, str) else None
        if lowest:
            yield lowest, source


def _strings_under_python_keys(
    node: object, inside: bool, seen: set[tuple[int, bool]]
) -> Iterator[str]:
    """Scalars under keys such as ``python-version`` anywhere in a workflow document."""
    if isinstance(node, (dict, list)):
        # YAML anchors make shared or cyclic structures: each is walked once per context.
        if (id(node), inside) in seen:
            return
        seen.add((id(node), inside))
    if isinstance(node, dict):
        for key, value in node.items():
            wanted = inside or str(key).lower() in ("python-version", "python_version", "python")
            yield from _strings_under_python_keys(value, wanted, seen)
    elif isinstance(node, list):
        for item in node:
            yield from _strings_under_python_keys(item, inside, seen)
    elif inside and isinstance(node, str):
        yield node


def _is_workflow(path: str) -> bool:
    pure = PurePosixPath(path)
    return pure.parent.as_posix() == ".github/workflows" and pure.suffix in (".yml", ".yaml")


def _from_ci(texts: Mapping[str, str]) -> Iterator[tuple[tuple[int, int], str]]:
    yield from _from_yaml(texts)
    # [ \t], not \s: from every blank line \s* would run over all the following ones.
    envlist = re.search(r"^[ \t]*envlist[ \t]*=([^\n]*)", texts.get("tox.ini", ""), re.MULTILINE)
    for minor in _TOX_ENV.findall(envlist.group(1) if envlist else ""):
        yield (3, int(minor)), "tox.ini's envlist"


def _from_yaml(texts: Mapping[str, str]) -> Iterator[tuple[tuple[int, int], str]]:
    """Python versions in GitHub workflows' matrices and in conda environment files."""
    workflows = [path for path in texts if _is_workflow(path)]
    conda = [name for name in CONDA_FILES if name in texts]
    if not workflows and not conda:
        return  # most repositories: PyYAML is never imported
    import yaml

    for path in workflows:
        text = texts[path]
        try:
            # BaseLoader keeps every scalar a string, so an unquoted 3.10 stays 3.10, not 3.1.
            document = yaml.load(text, Loader=base_loader())
        except (yaml.YAMLError, RecursionError):
            continue
        for value in _strings_under_python_keys(document, False, set()):
            match = _VERSION.match(value)
            if match:
                yield (3, int(match.group(1))), f"the CI matrix in {path}"
    for name in conda:
        try:
            document = yaml.load(texts[name], Loader=base_loader())
        except (yaml.YAMLError, RecursionError):
            continue
        entries = document.get("dependencies") if isinstance(document, dict) else None
        for entry in entries if isinstance(entries, list) else []:
            match = _CONDA_PYTHON.match(entry) if isinstance(entry, str) else None
            if match:
                yield (3, int(match.group(1))), f"the conda environment in {name}"


def declared_oldest(texts: Mapping[str, str]) -> PythonTarget | None:
    """The oldest Python any of the repository's declarations allows, as declared (3.6 stays
    3.6), or None if none does."""
    found = [*_from_ruff(texts), *_from_packaging(texts), *_from_ci(texts)]
    if not found:
        return None
    version, source = min(found, key=lambda item: item[0])
    return PythonTarget(version, source)


def declared_target(texts: Mapping[str, str]) -> PythonTarget | None:
    """The oldest Python any of the repository's declarations allows, within the range ruff
    can target, or None if none does."""
    oldest = declared_oldest(texts)
    if oldest is None:
        return None
    return PythonTarget(min(max(oldest.version, OLDEST), NEWEST), oldest.source)


def _ci_majors(texts: Mapping[str, str]) -> Iterator[tuple[int, str]]:
    """(major version, file) for each Python a CI file or tox's envlist runs."""
    paths = [path for path in texts if _is_workflow(path) or path in _CI_YAML]
    if paths:
        import yaml

        for path in paths:
            try:
                document = yaml.load(texts[path], Loader=base_loader())
            except (yaml.YAMLError, RecursionError):
                continue
            for value in _strings_under_python_keys(document, False, set()):
                match = _ANY_VERSION.match(value)
                if match:
                    yield int(match.group(1)), path
    envlist = re.search(r"^[ \t]*envlist[ \t]*=([^\n]*)", texts.get("tox.ini", ""), re.MULTILINE)
    for major in _TOX_ANY.findall(envlist.group(1) if envlist else ""):
        yield int(major), "tox.ini"


def declared_python2(texts: Mapping[str, str]) -> str | None:
    """Where the repository says it runs on Python 2, when it names no Python 3 anywhere (a
    CI running 2.7 and 3.6 is a Python 3 project that still supports 2); else None."""
    majors = list(_ci_majors(texts))
    if any(major == 3 for major, _ in majors) or declared_oldest(texts) is not None:
        return None
    return next((path for major, path in majors if major == 2), None)
