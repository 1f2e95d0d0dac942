"""REPRO001: seed every generator an entry point draws from, first thing when it runs.

The entry points and libraries come from the analysis REPRO001 judges by (_seed_targets.py).
Each gets one ``seed_everything(seed)`` call, its seed from ``--seed`` of an argparse parser
in sight, the function's own seed, or a ``SEED`` constant; the helper is a new module in
the package, or beside the script. The planned texts are read again by the same analysis
before they are shown: an edit it would still find unseeded is not written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import libcst as cst

from repocheck.analysis.imports import LocalModules, local_modules
from repocheck.analysis.seed_paths import path_randomness
from repocheck.analysis.vendored import authored_view
from repocheck.facts.ruff_config import read_settings
from repocheck.facts.snapshot import Snapshot
from repocheck.fix.fixers import _cst_edit as edit
from repocheck.fix.fixers._cst_edit import Style
from repocheck.fix.fixers._replan import planned_snapshot
from repocheck.fix.fixers._seed_codemod import add_seeding
from repocheck.fix.fixers._seed_helper import (
    HELPER,
    MODULE_NAMES,
    Location,
    generated_libraries,
    helper_text,
)
from repocheck.fix.fixers._seed_targets import Target, seedable, targets
from repocheck.fix.plan import FileChange, FixContext, Proposal, Workspace, fixer

RULE = "REPRO001"


def style_of(snapshot: Snapshot) -> Style:
    """The line length and quotes of the repository's formatter settings."""
    formatter = read_settings(snapshot.texts).formatter
    length = formatter.get("line-length")
    quotes = {"single": "'", "double": '"'}.get(str(formatter.get("format.quote-style")))
    return Style(length if isinstance(length, int) else 88, quotes)


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


def helper_module(
    edits: _Edits, location: Location, libraries: Iterable[str], taken: frozenset[str]
) -> str | None:
    """The helper module's name at ``location``, written or widened to seed ``libraries``;
    None when every name there is a file the user has (``taken``: every path the inventory
    lists, a symlink or an unreadable file included)."""
    for name in MODULE_NAMES:
        path = location.path(name)
        current = edits.read(path)
        generated = generated_libraries(current)
        if (current is not None or path in taken) and generated is None:
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


@fixer(RULE)
def seed_entry_points(context: FixContext) -> Proposal:
    """A ``seed_everything()`` helper, called where each unseeded entry point starts."""
    snapshot = authored_view(context.snapshot)  # as the rule reads it: no vendored code
    notes: list[str] = []
    if not path_randomness(snapshot).entry_count:
        notes.append("no entry point was found, so where a run starts is unknown: nothing edited")
        return Proposal(RULE, "seed the random generators", notes=tuple(notes))
    work = targets(snapshot, notes)
    notes += [
        f"{e.path}:{e.line}: {e.snippet}; {HELPER}() is called instead"
        for e in context.result.evidence
        if e.snippet.endswith("but is never called")
    ]
    wanted: dict[Location, set[str]] = {}
    for item in work:
        wanted.setdefault(item.location, set()).update(item.libraries)
    edits = _Edits(context.workspace)
    taken = frozenset(info.path for info in context.snapshot.files)
    modules = {
        location: helper_module(edits, location, libs, taken) for location, libs in wanted.items()
    }
    style = style_of(snapshot)
    seeds: dict[str, str] = {}  # entry label -> the seed its call takes
    imports: dict[str, str] = {}  # entry label -> the import line of its helper
    originals: dict[str, str] = {}  # path -> its text before this fixer's edits
    edited: list[Target] = []
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


def _still_unseeded(
    snapshot: Snapshot, texts: dict[str, str], edited: list[Target]
) -> list[Target]:
    """The edited entry points that, read again with the planned texts, still draw from a
    library they were to seed before seeding it: their edit is not what it claims."""
    if not edited:
        return []
    after = path_randomness(planned_snapshot(snapshot, texts))
    unseeded = {(r.entry.path, r.entry.function): seedable(r.unseeded) for r in after.entries}
    return [
        item
        for item in edited
        if unseeded.get((item.entry.path, item.entry.function), set()) & item.libraries
    ]
