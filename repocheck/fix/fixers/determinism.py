"""REPRO002: PyTorch's deterministic switches, in the seeding helper, behind a flag.

Only the helper repocheck wrote (the one REPRO001's fixer plans, or left earlier, unchanged)
is rewritten: it gains a ``deterministic: bool = True`` parameter that sets cuDNN's switches,
``torch.use_deterministic_algorithms(True, warn_only=True)`` and ``CUBLAS_WORKSPACE_CONFIG``,
and each entry point that takes its seed from argparse gains ``--deterministic/
--no-deterministic``. Seeding the project wrote itself is not edited: a note says where the
switches belong.
"""

from __future__ import annotations

from repocheck.analysis.entrypoints import preference, project
from repocheck.analysis.vendored import authored_view
from repocheck.facts.ruff_config import read_settings
from repocheck.facts.snapshot import Snapshot
from repocheck.fix import hints
from repocheck.fix.fixers._flag_codemod import add_deterministic_flag
from repocheck.fix.fixers._seed_helper import (
    HELPER,
    MODULE_NAMES,
    generated_libraries,
    helper_text,
    location_of,
)
from repocheck.fix.fixers.seeding import style_of
from repocheck.fix.plan import FileChange, FixContext, Proposal, fixer

RULE = "REPRO002"
_SUMMARY = "switch PyTorch to deterministic algorithms"


def _entry_helpers(snapshot: Snapshot) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each entry point's path, with the helper modules it may import: (path, import line)."""
    entries = sorted(project(snapshot).entries, key=lambda e: preference(e.path))
    found = []
    for entry in entries:
        location = location_of(snapshot, entry.program)
        modules = [
            (location.path(name), f"from {location.module(name)} import {HELPER}")
            for name in MODULE_NAMES
        ]
        found.append((entry.path, modules))
    return found


def _flag_allowed(snapshot: Snapshot) -> bool:
    """argparse's BooleanOptionalAction is Python 3.9's: older declared targets get none."""
    target = read_settings(snapshot.texts).target
    return target is None or target.version >= (3, 9)


@fixer(RULE)
def deterministic_switches(context: FixContext) -> Proposal:
    """The switches in the generated helper, and a flag for them beside ``--seed``."""
    notes = []
    if not hints.needs_deterministic_switches(context.snapshot, context.result):
        return Proposal(RULE, _SUMMARY, notes=_loader_notes(context))
    workspace = context.workspace
    texts: dict[str, str] = {}
    helpers = _entry_helpers(authored_view(context.snapshot))
    flag = _flag_allowed(context.snapshot)
    for entry_path, candidates in helpers:
        mine = [(p, line) for p, line in candidates if generated_libraries(workspace.read(p))]
        found = generated_libraries(workspace.read(mine[0][0])) if mine else None
        if found is None or "torch" not in found[0]:
            continue
        helper, import_line = mine[0]
        entry_text = texts.get(entry_path, workspace.read(entry_path)) or ""
        if import_line not in entry_text.splitlines():
            continue  # a switch no entry point runs would pass the rule and change nothing
        texts[helper] = helper_text(found[0], deterministic=True)
        style = style_of(context.snapshot)
        flagged = add_deterministic_flag(entry_text, import_line, style) if flag else None
        if flagged is not None:
            texts[entry_path] = flagged
    changes = tuple(
        FileChange(path, workspace.read(path), text)
        for path, text in sorted(texts.items())
        if text != workspace.read(path)
    )
    if not changes:
        notes += [*_loader_notes(context), _own_seeding_note(context)]
    return Proposal(RULE, _SUMMARY, changes, notes=tuple(notes))


def _loader_notes(context: FixContext) -> tuple[str, ...]:
    """DataLoader workers the rule found unseeded; a helper that seeds torch seeds them too
    (PyTorch seeds each worker from torch's seed), so this is said only when none is written."""
    if not context.result.metrics.get("unseeded_worker_loaders", 0):
        return ()
    return (
        "DataLoaders with workers and no seeded generator are left as they are: seed torch"
        " (REPRO001's fix does), or pass generator= and worker_init_fn=",
    )


def _own_seeding_note(context: FixContext) -> str:
    """Where the switches belong when no helper of repocheck's is there to carry them."""
    seeds = hints.torch_seeds(context.snapshot)
    if not seeds:
        return (
            f"nothing edited: PyTorch is not seeded; fix REPRO001 too: its {HELPER}() carries"
            " the switches"
        )
    call = seeds[0]
    return (
        f"nothing edited: the project seeds PyTorch itself ({call.unit.path}:"
        f"{call.node.lineno}); add torch.use_deterministic_algorithms(True) beside that seed"
    )
