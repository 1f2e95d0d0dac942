"""REPRO001: seed every generator an entry point draws from, first thing when it runs.

The fix follows the analysis REPRO001 judges by (``path_randomness``): only the entry points
it found drawing before any seed are edited, and only the libraries they leave unseeded
(of Python's random, NumPy and PyTorch; scikit-learn through NumPy) are seeded, so a seed the
project sets is never replaced. Each gets one ``seed_everything(seed)`` call, its seed from
``--seed`` of an argparse parser in sight, the function's own seed, or a ``SEED`` constant;
the helper is a new module in the package, or beside the script.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import libcst as cst

from repocheck.analysis.draws import LIBRARIES
from repocheck.analysis.entrypoints import EntryPoint, preference
from repocheck.analysis.imports import LocalModules, local_modules
from repocheck.analysis.seed_paths import EntryRandomness, path_randomness
from repocheck.analysis.toplevel import is_main_guard
from repocheck.facts.ruff_config import read_settings
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.fix.fixers import _cst_edit as edit
from repocheck.fix.fixers._cst_edit import MAIN, MODULE, Locator, Style
from repocheck.fix.fixers._replan import planned_snapshot
from repocheck.fix.fixers._seed_codemod import add_seeding
from repocheck.fix.fixers._seed_helper import (
    HELPER,
    MODULE_NAMES,
    SEEDABLE,
    SEEDED_THROUGH,
    Location,
    generated_libraries,
    helper_text,
    location_of,
)
from repocheck.fix.plan import FileChange, FixContext, Proposal, Workspace, fixer

RULE = "REPRO001"
#: Code that runs when called, not where it is defined.
_DEFERRED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def style_of(snapshot: Snapshot) -> Style:
    """The line length and quotes of the repository's formatter settings."""
    formatter = read_settings(snapshot.texts).formatter
    length = formatter.get("line-length")
    quotes = {"single": "'", "double": '"'}.get(str(formatter.get("format.quote-style")))
    return Style(length if isinstance(length, int) else 88, quotes)


def _seedable(libraries: Iterable[str]) -> set[str]:
    """The helper's libraries for these: scikit-learn is seeded through NumPy."""
    return {SEEDED_THROUGH.get(library, library) for library in libraries} & set(SEEDABLE)


def entry_start(entry: EntryPoint) -> Locator | None:
    """The block where the entry point's own code starts; None for a notebook."""
    if entry.kind == "notebook":
        return None
    if entry.function is not None:
        return edit.function(entry.function.rsplit(".", 1)[-1])
    return MAIN if entry.kind == "main" else MODULE


@dataclass
class _Edits:
    """Texts as this fixer leaves them, over the workspace's."""

    workspace: Workspace
    texts: dict[str, str] = field(default_factory=dict)

    def read(self, path: str) -> str | None:
        return self.texts.get(path, self.workspace.read(path))

    def changes(self) -> tuple[FileChange, ...]:
        return tuple(
            FileChange(path, self.workspace.read(path), text)
            for path, text in sorted(self.texts.items())
            if text != self.workspace.read(path)
        )


def helper_module(edits: _Edits, location: Location, libraries: Iterable[str]) -> str | None:
    """The helper module's name at ``location``, written or widened to seed ``libraries``;
    None when every name there is a module the user wrote."""
    for name in MODULE_NAMES:
        path = location.path(name)
        current = edits.read(path)
        generated = generated_libraries(current)
        if current is not None and generated is None:
            continue
        wanted = set(libraries) | (generated[0] if generated else set())
        deterministic = generated[1] if generated else False
        edits.texts[path] = helper_text(wanted, deterministic=deterministic)
        return name
    return None


def _local_import(modules: LocalModules, path: str) -> Callable[[cst.BaseStatement], bool]:
    """Whether an import statement of ``path`` imports the project's own code."""
    local = modules.visible_from(path) | set(MODULE_NAMES)

    def is_local(node: cst.BaseStatement) -> bool:
        small = edit.simple(node)
        if isinstance(small, cst.ImportFrom):
            if small.relative:
                return True
            module = small.module
            top = edit.code_of(cst.Module([]), module).split(".")[0] if module else ""
            return top in local
        if isinstance(small, cst.Import):
            names = [edit.code_of(cst.Module([]), alias.name) for alias in small.names]
            return all(name.split(".")[0] in local for name in names)
        return False

    return is_local


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
class _Work:
    entry: EntryPoint
    start: Locator
    location: Location
    libraries: set[str]


def _work(snapshot: Snapshot, notes: list[str]) -> list[_Work]:
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
        needed = _seedable(randomness.unseeded)
        start = entry_start(entry)
        if not needed:
            continue
        if start is None:
            notes.append(f"{entry.label}: a notebook is not edited; call {HELPER}() first")
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
        found.append(_Work(entry, start, location, needed))
    return found


@fixer(RULE)
def seed_entry_points(context: FixContext) -> Proposal:
    """A ``seed_everything()`` helper, called where each unseeded entry point starts."""
    snapshot = context.snapshot
    notes: list[str] = []
    if not path_randomness(snapshot).entry_count:
        notes.append("no entry point was found, so where a run starts is unknown: nothing edited")
        return Proposal(RULE, "seed the random generators", notes=tuple(notes))
    work = _work(snapshot, notes)
    notes += [
        f"{e.path}:{e.line}: {e.snippet}; {HELPER}() is called instead"
        for e in context.result.evidence
        if e.snippet.endswith("but is never called")
    ]
    wanted: dict[Location, set[str]] = {}
    for item in work:
        wanted.setdefault(item.location, set()).update(item.libraries)
    edits = _Edits(context.workspace)
    modules = {location: helper_module(edits, location, libs) for location, libs in wanted.items()}
    style = style_of(snapshot)
    seeds: dict[str, str] = {}  # entry label -> the seed its call takes
    imports: dict[str, str] = {}  # entry label -> the import line of its helper
    originals: dict[str, str] = {}  # path -> its text before this fixer's edits
    edited: list[_Work] = []
    own_modules = local_modules(snapshot)
    for item in work:
        name = modules[item.location]
        if name is None:
            notes.append(f"{item.entry.label}: {MODULE_NAMES} exist beside it: nothing edited")
            continue
        text = edits.read(item.entry.path)
        if text is None:
            notes.append(f"{item.entry.label}: not readable as text: nothing edited")
            continue
        line = f"from {item.location.module(name)} import {HELPER}"
        local = _local_import(own_modules, item.entry.path)
        result = add_seeding(text, item.start, line, local, style)
        if result.text is None:
            notes.append(f"{item.entry.label}: not edited: {result.note}")
            continue
        originals.setdefault(item.entry.path, text)
        imports[item.entry.label] = line
        edits.texts[item.entry.path] = result.text
        seeds[item.entry.label] = result.seed
        edited.append(item)
    # A seed from the command line comes after it is read: too late when a draw comes first.
    for item in _still_unseeded(snapshot, edits.texts, edited):
        result = add_seeding(
            originals[item.entry.path],
            item.start,
            imports[item.entry.label],
            _local_import(own_modules, item.entry.path),
            style,
            configured=False,
        )
        if result.text is not None:
            edits.texts[item.entry.path] = result.text
            seeds[item.entry.label] = result.seed
    for item in _still_unseeded(snapshot, edits.texts, edited):
        edits.texts.pop(item.entry.path, None)
        notes.append(f"{item.entry.label}: not edited: a draw would still come before the seed")
    kept = [item for item in edited if item.entry.path in edits.texts]
    used = {item.location for item in kept}
    for location, name in modules.items():
        if location not in used and name is not None:
            del edits.texts[location.path(name)]  # a helper nothing calls is not written
    if not kept:
        return Proposal(RULE, "seed the random generators", notes=tuple(notes))
    calls = ", ".join(f"{item.entry.label} (seed: {seeds[item.entry.label]})" for item in kept)
    return Proposal(
        RULE, f"call {HELPER}() first thing in {calls}", edits.changes(), notes=tuple(notes)
    )


def _still_unseeded(snapshot: Snapshot, texts: dict[str, str], edited: list[_Work]) -> list[_Work]:
    """The edited entry points that, read again with the planned texts, still draw from a
    library they were to seed before seeding it: their edit is not what it claims."""
    if not edited:
        return []
    after = path_randomness(planned_snapshot(snapshot, texts))
    unseeded = {(r.entry.path, r.entry.function): _seedable(r.unseeded) for r in after.entries}
    return [
        item
        for item in edited
        if unseeded.get((item.entry.path, item.entry.function), set()) & item.libraries
    ]
