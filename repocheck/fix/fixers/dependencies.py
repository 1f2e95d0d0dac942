"""REPRO003 and REPRO004: declare what the code imports; pin only from what is installed.

REPRO004 asks for exact versions or a lock file. A version is never guessed: without
``--pin-from-env`` the fixer only says how to pin; with it, the versions installed in the
active environment go to a constraints file that requirements.txt includes with ``-c`` (the
user's own lines are never rewritten).
"""

from __future__ import annotations

from repocheck.analysis import deps as declared_deps
from repocheck.analysis.requirements import parse_requirements
from repocheck.fix.fixers._files import appended, unwritable
from repocheck.fix.fixers._requirements import (
    REQUIREMENTS,
    installed_version,
    pin_note,
    plan_dependencies,
)
from repocheck.fix.plan import FileChange, FixContext, Proposal, fixer

CONSTRAINTS = "constraints.txt"
INCLUDE = f"-c {CONSTRAINTS}"
HOW_TO_PIN = (
    "pin each requirement to the version you ran with: `pip freeze` in the project's"
    " environment shows them (numpy==2.1.3), or commit a lock file (uv lock, pip-compile);"
    " `repocheck fix --pin-from-env` pins from the environment it runs in"
)


@fixer("REPRO003")
def declare_imports(context: FixContext) -> Proposal | None:
    plan = plan_dependencies(context)
    if plan.change is None:
        deps = declared_deps.collect(context.snapshot)
        wrong = [*deps.stdlib, *deps.interpreter, *deps.machine_local, *deps.unreadable_lines]
        if wrong:  # the user's own lines: named, never rewritten
            shown = ", ".join(f"{entry.path}:{entry.line} {entry.text}" for entry in wrong[:5])
            plan.notes.append(f"remove or correct these lines yourself: {shown}")
        if not plan.notes:
            return None
        return Proposal("REPRO003", "declare the imported packages", notes=tuple(plan.notes))
    summary = f"declare {', '.join(plan.missing)} in {plan.target}"
    return Proposal("REPRO003", summary, (plan.change,), notes=tuple(plan.notes))


def _append(context: FixContext, path: str, lines: list[str]) -> FileChange:
    text = context.workspace.read(path) or ""
    return context.change(path, appended(text, "".join(f"{line}\n" for line in lines)))


@fixer("REPRO004")
def pin_from_environment(context: FixContext) -> Proposal | None:
    if not context.options.pin_from_env:
        return Proposal("REPRO004", "pin the dependencies", notes=(HOW_TO_PIN,))
    if unwritable(context, CONSTRAINTS):
        note = f"{CONSTRAINTS} is not a text file repocheck can add to: pin by hand"
        return Proposal("REPRO004", "pin the dependencies", notes=(note,))
    requirements = context.workspace.read(REQUIREMENTS)
    if requirements is None:
        files = ", ".join(declared_deps.collect(context.snapshot).files[:3])
        note = f"{files} is not a requirements.txt: pin there, or commit a lock file (uv lock)"
        return Proposal("REPRO004", "pin the dependencies", notes=(note,))
    deps = declared_deps.collect(context.snapshot)
    pinned = {entry.name for entry in deps.entries if entry.pinned}
    constraints = context.workspace.read(CONSTRAINTS) or ""
    pinned |= {entry.name for entry in parse_requirements(CONSTRAINTS, constraints) if entry.pinned}
    loose = [
        entry.name
        for entry in parse_requirements(REQUIREMENTS, requirements)
        if entry.name not in pinned and not entry.is_stdlib
    ]
    versions = {name: installed_version(name) for name in dict.fromkeys(loose)}
    pins = [f"{name}=={version}" for name, version in versions.items() if version]
    absent = [name for name, version in versions.items() if not version]
    notes = [pin_note()] if pins else []
    if absent:
        notes.append(f"not installed here, so not pinned: {', '.join(absent)}")
    if not pins:
        return Proposal("REPRO004", "pin the dependencies", notes=tuple(notes))
    changes = [_append(context, CONSTRAINTS, pins)]
    if INCLUDE not in requirements.splitlines():
        changes.append(_append(context, REQUIREMENTS, [INCLUDE]))
    summary = f"pin {', '.join(pins)} in {CONSTRAINTS}"
    return Proposal("REPRO004", summary, tuple(changes), notes=tuple(notes))
