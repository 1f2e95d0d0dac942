"""Which entry points REPRO001's fixer edits, where their code starts, what they need seeded.

Read from the analysis REPRO001 judges by (``path_randomness``): only the entry points it
found drawing before a seed, only the libraries they leave unseeded (of Python's random,
NumPy and PyTorch; scikit-learn through NumPy), so a seed the project sets is never
replaced; and none whose draw comes before any place a call could go (an import-time draw).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass

from repocheck.analysis.draws import LIBRARIES
from repocheck.analysis.entrypoints import EntryPoint, preference
from repocheck.analysis.seed_paths import EntryRandomness, path_randomness
from repocheck.analysis.toplevel import is_main_guard
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.fix.fixers import _cst_edit as edit
from repocheck.fix.fixers._cst_edit import MAIN, MODULE, Locator
from repocheck.fix.fixers._seed_helper import (
    MODULE_NAMES,
    SEEDABLE,
    SEEDED_THROUGH,
    Location,
    location_of,
)

#: Code that runs when called, not where it is defined.
_DEFERRED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def seedable(libraries: Iterable[str]) -> set[str]:
    """The helper's libraries for these: scikit-learn is seeded through NumPy."""
    return {SEEDED_THROUGH.get(library, library) for library in libraries} & set(SEEDABLE)


def entry_start(entry: EntryPoint) -> Locator | None:
    """The block where the entry point's own code starts; None for a notebook."""
    if entry.kind == "notebook":
        return None
    if entry.function is not None:
        return edit.function(entry.function.rsplit(".", 1)[-1])
    return MAIN if entry.kind == "main" else MODULE


def _names(libraries: Iterable[str]) -> str:
    return ", ".join(LIBRARIES[library] for library in sorted(libraries))


def _spans(unit: SourceUnit, kinds: tuple[type[ast.AST], ...]) -> list[range]:
    return [
        range(node.lineno, (getattr(node, "end_lineno", None) or node.lineno) + 1)  # type: ignore[attr-defined]
        for kind in kinds
        for node in unit.of_type(kind)
    ]


def _imports_end(unit: SourceUnit) -> int:
    """The last line of the module's imports before its first definition or main block."""
    assert unit.tree is not None
    end = 0
    for node in unit.tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            break
        if is_main_guard(node):
            break
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            end = node.end_lineno or node.lineno
    return end


def _early_draw(randomness: EntryRandomness, start: Locator) -> str | None:
    """A draw made before the seeding call can run: at the top level of a module the
    entry point imports, or of the entry module outside the block where its code starts."""
    entry = randomness.entry
    for uses in randomness.unseeded.values():
        for use in uses:
            unit, line = use.call.unit, use.call.node.lineno
            if unit.tree is None or any(line in span for span in _spans(unit, _DEFERRED)):
                continue
            where = f"{unit.path}:{line}"
            if unit.path != entry.path:
                return where
            guard = [n for n in unit.tree.body if is_main_guard(n)]
            in_guard = any(n.lineno <= line <= (n.end_lineno or n.lineno) for n in guard)
            if start == MODULE and line <= _imports_end(unit):
                return where
            if start != MODULE and not in_guard:
                return where
    return None


@dataclass
class Target:
    """One entry point to seed: where its code starts, where its helper goes, what it seeds."""

    entry: EntryPoint
    start: Locator
    location: Location
    libraries: set[str]


def targets(snapshot: Snapshot, notes: list[str]) -> list[Target]:
    """The entry points to edit, with the libraries each needs seeded."""
    found = []
    entries = sorted(path_randomness(snapshot).entries, key=lambda e: preference(e.entry.path))
    for randomness in entries:
        entry = randomness.entry
        if not randomness.unseeded:
            continue
        other = set(randomness.unseeded) - set(SEEDABLE) - set(SEEDED_THROUGH)
        if other:
            notes.append(f"{entry.label}: {_names(other)} left unseeded: seed it by hand")
        needed = seedable(randomness.unseeded)
        start = entry_start(entry)
        if not needed:
            continue
        if start is None:
            notes.append(
                f"{entry.label}: a notebook is not edited; seed {_names(needed)} in its first cell"
            )
            continue
        early = _early_draw(randomness, start)
        if early:
            notes.append(f"{entry.label}: not edited: {early} draws before its code starts")
            continue
        location = location_of(snapshot, entry.program)
        if entry.kind == "console" and location.package is None:
            notes.append(
                f"{entry.label}: an installed console script: list {location.path(MODULE_NAMES[0])}"
                " among the modules the project packages"
            )
        # Only what goes unseeded: a seed the project sets itself is never replaced.
        found.append(Target(entry, start, location, needed))
    return found
