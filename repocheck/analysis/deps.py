"""Dependency files read statically: requirements files, pyproject, setup.*, conda, Pipfile,
and the lock files that pin them all (the requirement strings inside: _requirements.py; lock
files: _locks.py; setup.py: _setup_py.py).

Nothing here runs a file: ``setup.py`` is read from its parsed tree, TOML with tomllib and
YAML with ``yaml.safe_load``. Every declared requirement keeps its file and line for evidence.
yaml and the TOML and INI parsers load on first use: most repositories need one of them, none
needs all, and a run that never reads a dependency file needs none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from repocheck.analysis.cache import per_object
from repocheck.analysis.distributions import canonicalize_name
from repocheck.analysis.docker_images import DOCKERFILE, image_packages
from repocheck.analysis.imports import in_checkpoint
from repocheck.analysis.locks import is_lock_file, locked_names, locks_nothing
from repocheck.analysis.requirements import (
    REQUIREMENTS_WORD,
    Declared,
    Dependencies,
    entry_line,
    from_strings,
    includes,
    mark_backports,
    notebook_installs,
    parse_requirements,
    repositories_named,
    unreadable_lines,
)
from repocheck.analysis.setup_py import parse_setup_py, setup_units
from repocheck.facts.python_target import declared_oldest
from repocheck.facts.snapshot import Snapshot
from repocheck.facts.toml_text import array, table_at, toml_or_none
from repocheck.facts.yaml_text import safe_loader
from repocheck.patterns import compile_on_use

if TYPE_CHECKING:
    import configparser

#: A requirements file, also named in the singular (requirement.txt, requirement/gpu.txt)
#: or misspelt (requirments.txt): ``pip install -r`` reads any name, and learners often drop
#: the s or a letter.
REQUIREMENTS_FILE = compile_on_use(
    rf"(^|/)([^/]*{REQUIREMENTS_WORD}[^/]*\.(txt|in)|{REQUIREMENTS_WORD}/(?:[^/]+/)*[^/]+\.txt)$"
)
#: A conda environment file: environment.yml, env.yaml, conda.yml, and the same named for a
#: machine or purpose (cpu-environment.yml, environment_gpu.yaml). Only one with a list of
#: dependencies declares anything.
CONDA_FILE = compile_on_use(r"(^|/)([^/]*(environment|conda)[^/]*|env[^/]*)\.ya?ml$")
#: A YAML file with conda's own top-level keys, "channels:" and "dependencies:", is an
#: environment whatever its name (``conda env export > env/rankenv.yaml``).
_YAML_FILE = compile_on_use(r"\.ya?ml$")
_CONDA_CHANNELS = compile_on_use(r"^channels[ \t]*:", re.MULTILINE)
_CONDA_DEPENDENCIES = compile_on_use(r"^dependencies[ \t]*:", re.MULTILINE)
#: Entries of a conda environment that are not packages the code imports.
CONDA_NON_PACKAGES = frozenset({"python", "pip"})
_CONDA_SPEC = compile_on_use(r"^([A-Za-z0-9_.\-]+)\s*(.*)$")
_POETRY_EXACT = compile_on_use(r"^(===?)?\s*\d[\w.!+]*$")


def _key_line(text: str, key: str) -> int | None:
    """Line of ``key = ...`` in a TOML table (the key bare or quoted)."""
    # [ \t], not \s: \s would run over line ends from every blank line (quadratic, and the
    # match would start on an earlier blank line).
    pattern = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _toml(text: str) -> dict[str, Any] | None:
    """The parsed TOML document, or None when it does not parse."""
    return toml_or_none(text)


def _poetry_entries(path: str, text: str, table: object) -> list[Declared]:
    declared = []
    for name, spec in (table if isinstance(table, dict) else {}).items():
        if name.lower() == "python":
            continue
        version = spec.get("version", "") if isinstance(spec, dict) else spec
        version = str(version).strip()
        pinned = bool(_POETRY_EXACT.match(version))
        shown = f"{name} {version}".strip()
        declared.append(
            Declared(path, _key_line(text, name), canonicalize_name(name), shown, pinned)
        )
    return declared


def _pipfile_entries(path: str, text: str, table: object) -> list[Declared]:
    declared = []
    for name, spec in (table if isinstance(table, dict) else {}).items():
        version = spec.get("version", "*") if isinstance(spec, dict) else spec
        version = str(version).strip()
        pinned = version.startswith("==") and not version.endswith("*")
        shown = f"{name} {version}"
        declared.append(
            Declared(path, _key_line(text, name), canonicalize_name(name), shown, pinned)
        )
    return declared


def _standard_entries(path: str, text: str, data: dict[str, Any]) -> list[Declared]:
    """[project].dependencies, its optional dependencies and PEP 735 [dependency-groups]."""
    project = table_at(data, "project")
    key = _key_line(text, "dependencies") or 0
    entries = from_strings(path, text, project.get("dependencies"), key)
    groups = [*table_at(project, "optional-dependencies").items()]
    groups += table_at(data, "dependency-groups").items()
    for name, items in groups:
        entries += from_strings(path, text, items, _key_line(text, name) or 0)
    return entries


def _poetry_tables(path: str, text: str, poetry: dict[str, Any]) -> list[Declared]:
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    tables += [table_at(group, "dependencies") for group in table_at(poetry, "group").values()]
    return [entry for table in tables for entry in _poetry_entries(path, text, table)]


def parse_pyproject(path: str, text: str, deps: Dependencies) -> None:
    """[project] (and its optional dependencies), [dependency-groups] and Poetry's tables."""
    data = _toml(text)
    if data is None:
        return
    poetry = table_at(data, "tool", "poetry")
    entries = _standard_entries(path, text, data) + _poetry_tables(path, text, poetry)
    if "project" in data or poetry:
        deps.add(path, entries)
    if not entries and "dependencies" in array(table_at(data, "project"), "dynamic"):
        deps.opaque.append(path)  # setuptools reads them from a file named in its own table
    if path == "pyproject.toml" and _builds_a_package(data, poetry):
        deps.distribution = path


def _builds_a_package(data: dict[str, Any], poetry: dict[str, Any]) -> bool:
    """True when the pyproject names a package and a build system to make it: without
    [build-system] it is an application's manifest (uv init's default), not a library."""
    if "build-system" not in data:
        return False
    if poetry:
        return bool(poetry.get("name")) and poetry.get("package-mode", True) is not False
    project = data.get("project")
    return isinstance(project, dict) and bool(project.get("name"))


def parse_pipfile(path: str, text: str, deps: Dependencies) -> None:
    """[packages] and [dev-packages] of a Pipfile."""
    data = _toml(text)
    if data is None:
        return
    entries = _pipfile_entries(path, text, data.get("packages"))
    entries += _pipfile_entries(path, text, data.get("dev-packages"))
    deps.add(path, entries)


def _setup_cfg_values(parser: configparser.ConfigParser) -> list[str]:
    values = []
    if parser.has_option("options", "install_requires"):
        values.append(parser.get("options", "install_requires"))
    if parser.has_section("options.extras_require"):
        values.extend(value for _, value in parser.items("options.extras_require"))
    return [line.strip() for value in values for line in value.splitlines() if line.strip()]


def parse_setup_cfg(path: str, text: str, deps: Dependencies) -> None:
    """``install_requires`` and ``extras_require`` of a setup.cfg."""
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return
    if not parser.has_section("options"):
        return
    lines = _setup_cfg_values(parser)
    if any(line.startswith("file:") for line in lines):
        deps.opaque.append(path)
    deps.add(path, from_strings(path, text, lines))


def _conda_entry(path: str, text: str, spec: str, after: int) -> Declared | None:
    bare = spec.split("::")[-1].strip()
    match = _CONDA_SPEC.match(bare)
    if not match or match.group(1).lower() in CONDA_NON_PACKAGES:
        return None
    rest = match.group(2).strip()
    pinned = bool(re.match(r"^(==?\s*)?\d", rest))  # conda's = and == (and "name 1.2") pin
    name = canonicalize_name(match.group(1))
    return Declared(path, entry_line(text, spec, after), name, spec, pinned, conda=True)


def parse_conda(path: str, text: str, deps: Dependencies) -> None:
    """A conda environment file: conda specs, and the pip requirements nested under ``pip:``."""
    import yaml

    try:
        data = yaml.load(text, Loader=safe_loader())
    except yaml.YAMLError:
        return
    items = data.get("dependencies") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return
    entries: list[Declared] = []
    # Below the "dependencies:" key: the environment's name may be a package's ("pytorch").
    previous = _yaml_key_line(text, "dependencies")
    for item in items:
        if isinstance(item, str):
            entry = _conda_entry(path, text, item, previous)
            entries += [entry] if entry else []
        elif isinstance(item, dict):
            entries += from_strings(path, text, item.get("pip"), previous)
        previous = max([previous] + [entry.line or 0 for entry in entries])
    deps.add(path, entries)


def _yaml_key_line(text: str, key: str) -> int:
    """Line of a top-level ``key:`` in a YAML file (0 when absent)."""
    match = re.search(rf"^{re.escape(key)}[ \t]*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def _parse_requirements_file(path: str, text: str, deps: Dependencies) -> None:
    deps.add(path, parse_requirements(path, text))
    deps.unreadable_lines += unreadable_lines(path, text)
    deps.repositories += repositories_named(path, text)


def _text_parser(path: str) -> Callable[[str, str, Dependencies], None] | None:
    """The parser for a dependency file that is read as text, by its path."""
    name = PurePosixPath(path).name
    by_name = {"pyproject.toml": parse_pyproject, "setup.cfg": parse_setup_cfg}
    if name in by_name:
        return by_name[name]
    if name == "Pipfile":
        return parse_pipfile
    if REQUIREMENTS_FILE.search(path):
        return _parse_requirements_file
    return parse_conda if CONDA_FILE.search(path) else None


def _conda_by_content(
    path: str, text: str | None
) -> Callable[[str, str, Dependencies], None] | None:
    """parse_conda for a YAML file named otherwise that has conda's top-level keys."""
    if text is None or not _YAML_FILE.search(path):
        return None
    if _CONDA_CHANNELS.search(text) and _CONDA_DEPENDENCIES.search(text):
        return parse_conda
    return None


def _logged_model_folders(paths: list[str]) -> tuple[str, ...]:
    """Folders ``mlflow.log_model`` wrote: an ``MLmodel`` file beside the logged model's own
    conda.yaml, python_env.yaml and requirements.txt, pinned from the machine that trained
    it. They say what the model needs to be served, not what the project declares."""
    return tuple(path.removesuffix("MLmodel") for path in paths if path.endswith("/MLmodel"))


@per_object
def collect(snapshot: Snapshot) -> Dependencies:
    """Every dependency declaration and lock file of the repository (read once, then shared:
    callers must not change it)."""
    deps = Dependencies()
    found_setups = setup_units(snapshot)
    # Windows editors save a byte-order mark that pip skips and a plain read keeps.
    texts = {path: text.removeprefix("\ufeff") for path, text in snapshot.texts.items()}
    paths = sorted(info.path for info in snapshot.files)
    logged_models = _logged_model_folders(paths)
    for path in paths:
        text = texts.get(path)
        parser = _text_parser(path) or _conda_by_content(path, text)
        if in_checkpoint(path) or path.startswith(logged_models):
            continue
        if is_lock_file(path, text):
            (deps.empty_locks if locks_nothing(path, text) else deps.locks).append(path)
            deps.locked |= locked_names(path, text)
        elif path in found_setups:
            parse_setup_py(path, found_setups[path], deps)
        elif text is not None and parser is not None:
            parser(path, text, deps)
        elif parser is not None:
            deps.unreadable.append(path)  # there, but not text: say less, never "missing"
        elif text is not None and DOCKERFILE.search(path):
            deps.image_provided += image_packages(path, text)
    _follow_includes(deps, texts, {info.path for info in snapshot.files})
    oldest = declared_oldest(texts)
    if oldest is not None:
        deps.entries = mark_backports(deps.entries, oldest.version)
    for notebook in snapshot.notebooks.values():
        if not in_checkpoint(notebook.path):
            for cell in notebook.code_cells:
                deps.notebook_installs += notebook_installs(notebook.path, cell.source)
    return deps


def _follow_includes(deps: Dependencies, texts: dict[str, str], present: set[str]) -> None:
    """Read the files requirements files include (``-r``, ``-c``), at any depth, once each."""
    pending = [path for path in deps.files if REQUIREMENTS_FILE.search(path)]
    seen = set(deps.files) | set(deps.locks)
    while pending:
        path = pending.pop()
        for include in includes(path, texts.get(path, "")):
            target = include.target
            if target not in present:
                deps.missing_includes.append(include)  # pip install -r stops right there
                continue
            if target in seen or target not in texts:
                continue
            seen.add(target)
            parsed = parse_requirements(target, texts[target], constraint=include.constraint)
            deps.add(target, parsed)
            deps.unreadable_lines += unreadable_lines(target, texts[target])
            if not include.constraint:
                deps.repositories += repositories_named(target, texts[target])
            pending.append(target)
