"""How the project installs, and on which Python, as the README's and the CI workflow's fixers
write it: read from the dependency files as the fixers before them planned them."""

from __future__ import annotations

from pathlib import PurePosixPath

from repocheck.analysis import deps as declared_deps
from repocheck.facts.python_target import declared_target, toml_of
from repocheck.fix.fixers._requirements import PYPROJECT, REQUIREMENTS
from repocheck.fix.plan import FixContext
from repocheck.patterns import compile_on_use

#: The Python a generated file names when the repository declares none (said in a note).
DEFAULT_PYTHON = "3.12"
EDITABLE = "pip install -e ."
_PLAIN_PATH = compile_on_use(r"[\w./-]+")


def python_version(context: FixContext) -> tuple[str, str | None]:
    """(version, note): the oldest Python the repository declares, or the default and a note
    saying it was chosen."""
    target = declared_target(context.snapshot.texts)
    if target is not None:
        return target.dotted, None
    note = f"the repository declares no Python version (requires-python): {DEFAULT_PYTHON} assumed"
    return DEFAULT_PYTHON, note


def buildable(context: FixContext) -> bool:
    """True when pip can build the project from its own files: a pyproject.toml with a build
    system, or a setup script. (A bare [project] table falls back to setuptools, which refuses
    a folder of several top-level modules.)"""
    document = toml_of(context.workspace.read(PYPROJECT))
    if "build-system" in document:
        return True
    return context.workspace.exists("setup.py") or context.workspace.exists("setup.cfg")


def pip_install(context: FixContext, *, sure: bool = False) -> str | None:
    """The pip command that installs the declared dependencies; None when pip cannot install
    them (a conda file, a Pipfile) or nothing is declared. ``sure``: only a command that
    installs for certain (a CI job must not fail on its install step)."""
    if context.workspace.exists(REQUIREMENTS):
        return f"pip install -r {REQUIREMENTS}"
    if buildable(context):
        return EDITABLE
    if not sure and "project" in toml_of(context.workspace.read(PYPROJECT)):
        return EDITABLE
    files = declared_deps.collect(context.snapshot).files
    # Shown in a shell command and a YAML value: a path of plain characters only.
    others = [
        path
        for path in files
        if declared_deps.REQUIREMENTS_FILE.search(path) and _PLAIN_PATH.fullmatch(path)
    ]
    return f"pip install -r {others[0]}" if others else None


def install_command(context: FixContext) -> str | None:
    """The command that installs the declared dependencies, pip's or another tool's."""
    found = pip_install(context)
    if found:
        return found
    for path in declared_deps.collect(context.snapshot).files:
        name = PurePosixPath(path).name
        if declared_deps.CONDA_FILE.search(path) and _PLAIN_PATH.fullmatch(path):
            return f"conda env create -f {path}"
        if name == "Pipfile" and "/" not in path:
            return "pipenv install"
    return None
