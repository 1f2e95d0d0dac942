"""Declare the packages the code imports: the plan REPRO003's fixer writes, and which the CI
workflow's fixer asks for when the workflow needs a dependency list to install.

The names come from REPRO003's own reading (``third_party_imports``, translated to the
distribution to install: ``sklearn`` -> ``scikit-learn``); local and standard-library modules
are never among them. They go to ``requirements.txt``, or to ``[project].dependencies`` of a
pyproject.toml that has that table (edited with tomlkit, which keeps its comments and layout).
Versions are never guessed: unpinned, or with ``--pin-from-env`` the version installed in the
active environment, said in a note.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from repocheck.analysis import deps as declared_deps
from repocheck.analysis.distributions import (
    PYTHON2_STDLIB,
    UNCHECKED_IMPORTS,
    canonicalize_name,
    is_declared,
    suggested_distribution,
)
from repocheck.analysis.import_kinds import (
    module_under_another_name,
    named_in_the_projects_style,
    takes_classes_defined_elsewhere,
    the_projects_own,
)
from repocheck.analysis.imports import import_sites, local_modules, programs
from repocheck.analysis.requirements import parse_pep508, parse_requirements
from repocheck.facts.toml_text import array
from repocheck.fix import hints
from repocheck.fix.fixers._files import appended, unwritable
from repocheck.fix.plan import FileChange, FixContext
from repocheck.rules.dependencies import misspelt_imports, third_party_imports

REQUIREMENTS = hints.REQUIREMENTS
PYPROJECT = "pyproject.toml"


@dataclass
class DependencyPlan:
    """Where the imported packages are declared, what to add there, and what to tell."""

    target: str | None  # the file written, None when none can be written
    missing: list[str]  # distribution names, as declared (pinned with --pin-from-env)
    change: FileChange | None = None
    notes: list[str] = field(default_factory=list)


def installed_version(distribution: str) -> str | None:
    """The version of ``distribution`` in the environment repocheck runs in (nothing loaded)."""
    try:
        return metadata.version(distribution)
    except (metadata.PackageNotFoundError, ValueError):
        return None


def pin_note() -> str:
    return (
        "versions pinned from the Python environment repocheck runs in"
        f" ({sys.prefix}): check they are the ones the project ran with"
    )


def _project_table(text: str) -> Any | None:
    """The [project] table of a pyproject text, when it may take a dependencies list."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
    except TOMLKitError:
        return None
    project = document.get("project")
    if not isinstance(project, dict) or "dependencies" in array(project, "dynamic"):
        return None
    if not isinstance(project.get("dependencies", []), list):
        return None  # not a list pip would read: the user's to mend
    return document


def _planned_names(context: FixContext, target: str) -> frozenset[str]:
    """The names the target file declares as planned so far (an earlier fixer may have
    written some)."""
    text = context.workspace.read(target) or ""
    if target == REQUIREMENTS:
        return frozenset(entry.name for entry in parse_requirements(target, text))
    document = _project_table(text)
    listed = document["project"].get("dependencies", []) if document is not None else []
    return frozenset(parsed[0] for item in listed if (parsed := parse_pep508(str(item))))


def _target(context: FixContext, files: list[str]) -> str | None:
    """requirements.txt when it exists or nothing is declared anywhere; a pyproject's
    [project] table when that is where the project declares; else None (never guessed)."""
    workspace = context.workspace
    if unwritable(context, REQUIREMENTS):
        return None
    if workspace.exists(REQUIREMENTS):
        return REQUIREMENTS
    text = workspace.read(PYPROJECT)
    if text is not None and _project_table(text) is not None:
        return PYPROJECT
    return None if files else REQUIREMENTS


def _pinned(names: list[str], notes: list[str]) -> list[str]:
    lines = []
    missing = []
    for name in names:
        version = installed_version(name)
        lines.append(f"{name}=={version}" if version else name)
        if not version:
            missing.append(name)
    notes.append(pin_note())
    if missing:
        notes.append(f"not installed here, so left unpinned: {', '.join(missing)}")
    return lines


def _changed(context: FixContext, target: str, lines: list[str]) -> FileChange:
    before = context.workspace.read(target)
    if target == REQUIREMENTS:
        added = "".join(f"{line}\n" for line in lines)
        return context.change(target, appended(before or "", added))
    import tomlkit

    document = _project_table(before or "")
    assert document is not None  # _target chose it because it parses
    project = document["project"]
    if "dependencies" not in project:
        listed = tomlkit.array()
        listed.multiline(True)
        project["dependencies"] = listed
    for line in lines:
        project["dependencies"].append(line)
    return context.change(target, tomlkit.dumps(document))


def _declared(context: FixContext, target: str | None) -> frozenset[str]:
    """Every distribution declared, in the files as planned so far."""
    deps = declared_deps.collect(context.snapshot)
    planned = _planned_names(context, target) if target else frozenset()
    # A package on a line pip cannot read is written down: its line needs a hand, not a twin.
    misspelt = {entry.name for entry in deps.unreadable_lines}
    written = deps.names | {entry.name for entry in deps.notebook_installs} | misspelt
    # What the lock file pins comes with the declared packages (REPRO003 reads it so too).
    return written | deps.locked | planned


def plan_dependencies(context: FixContext, *, core_only: bool = False) -> DependencyPlan:
    """What to declare so that every third-party import of the code is declared;
    ``core_only``: only those of the project's own code, not of its notebooks or examples
    (what a test job needs)."""
    snapshot = context.snapshot
    deps = declared_deps.collect(snapshot)
    imports = third_party_imports(snapshot, library=deps.distribution is not None)
    target = _target(context, deps.files)
    # What the Docker base image ships is declared there; a project module the repository
    # lacks is no package (REPRO003 reports both so): neither is written.
    declared = _declared(context, target) | {entry.name for entry in deps.image_provided}
    # A misspelt import (sklarn beside sklearn) is corrected, never declared: the index may
    # hold a stranger's package of that name.
    misspelt = misspelt_imports(imports, declared, snapshot)
    missing = sorted(
        {
            suggested_distribution(top)
            for top, use in imports.items()
            if (use.core or not core_only)
            and not is_declared(top, declared)
            and not the_projects_own(top, use.unit.path, snapshot)
            and top not in misspelt
            and not takes_classes_defined_elsewhere(use.node, snapshot)
            and not module_under_another_name(use.node, snapshot)
            and not named_in_the_projects_style(top, snapshot)
        },
        key=canonicalize_name,
    )
    if missing and not deps.files:
        # With no file, a notebook's !pip install serves that notebook alone: the file
        # written for the rest lists its packages too (REPRO003 names them so).
        by_pip = frozenset(entry.name for entry in deps.notebook_installs)
        installed = {
            suggested_distribution(top)
            for top, use in imports.items()
            if (use.core or not core_only)
            and canonicalize_name(suggested_distribution(top)) in by_pip
        }
        missing = sorted({*missing, *installed}, key=canonicalize_name)
    plan = DependencyPlan(target, missing)
    plan.notes.extend(
        f"correct the import of {top} ({meant}?) by hand: repocheck declares no misspelt name"
        for top, meant in misspelt.items()
    )
    if not missing:
        return plan
    if target is None and unwritable(context, REQUIREMENTS):
        plan.notes.append(
            f"declare {', '.join(missing)} in {REQUIREMENTS} yourself: it is not a text file"
            " repocheck reads and writes (a symlink is never followed)"
        )
        return plan
    if target is None:
        files = ", ".join(deps.files[:3])
        plan.notes.append(
            f"declare {', '.join(missing)} in {files}: repocheck writes requirements.txt and"
            " pyproject.toml's [project] table only"
        )
        return plan
    lines = _pinned(missing, plan.notes) if context.options.pin_from_env else missing
    plan.change = _changed(context, target, lines)
    return plan


def imports_of_tests(context: FixContext, target: str | None) -> list[str]:
    """The distributions the test code imports that nothing declares (pytest aside): a test
    job installs them beside the project's own."""
    snapshot = context.snapshot
    local = local_modules(snapshot)
    known = set(sys.stdlib_module_names) | UNCHECKED_IMPORTS | PYTHON2_STDLIB | {"pytest"}
    found: set[str] = set()
    for program in programs(snapshot, tests=True):
        skip = known | local.visible_from(program.path)
        found.update(site.top for site in import_sites(program) if site.top not in skip)
    declared = _declared(context, target) | {"pytest"}
    wanted = {suggested_distribution(top) for top in found if not is_declared(top, declared)}
    return sorted(wanted, key=canonicalize_name)
