"""REPRO002: PyTorch's deterministic switches, in the seeding helper, behind a flag.

Only the helper repocheck wrote (the one REPRO001's fixer plans, or left earlier, unchanged)
is rewritten: it gains a ``deterministic: bool = True`` parameter that sets cuDNN's switches,
``torch.use_deterministic_algorithms(True, warn_only=True)`` and ``CUBLAS_WORKSPACE_CONFIG``,
and each entry point that takes its seed from argparse gains ``--deterministic/
--no-deterministic``. Seeding the project wrote itself is not edited: a note says where the
switches belong.
"""

from __future__ import annotations

from repocheck.analysis.devices import reaches_gpu
from repocheck.analysis.entrypoints import preference, project
from repocheck.analysis.reach import entry_reach
from repocheck.facts.snapshot import Snapshot
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


def _needs_switches(context: FixContext) -> bool:
    """No switch anywhere, and training that may run on a GPU (the rule's own reading)."""
    if context.result.metrics.get("deterministic_switches", 0):
        return False
    return any(reaches_gpu(sites) for _, sites in entry_reach(context.snapshot))


def _entry_helpers(snapshot: Snapshot) -> list[tuple[str, list[str]]]:
    """Each entry point's path, with the helper module paths it may import."""
    entries = sorted(project(snapshot).entries, key=lambda e: preference(e.path))
    found = []
    for entry in entries:
        location = location_of(snapshot, entry.program)
        found.append((entry.path, [location.path(name) for name in MODULE_NAMES]))
    return found


@fixer(RULE)
def deterministic_switches(context: FixContext) -> Proposal:
    """The switches in the generated helper, and a flag for them beside ``--seed``."""
    notes = []
    if context.result.metrics.get("unseeded_worker_loaders", 0):
        notes.append(
            "DataLoaders with workers and no seeded generator are left as they are: pass"
            " generator= and worker_init_fn= (see repocheck explain REPRO002)"
        )
    if not _needs_switches(context):
        return Proposal(RULE, _SUMMARY, notes=tuple(notes))
    workspace = context.workspace
    texts: dict[str, str] = {}
    helpers = _entry_helpers(context.snapshot)
    for entry_path, candidates in helpers:
        helper = next((p for p in candidates if generated_libraries(workspace.read(p))), None)
        found = generated_libraries(workspace.read(helper)) if helper else None
        if helper is None or found is None or "torch" not in found[0]:
            continue
        texts[helper] = helper_text(found[0], deterministic=True)
        entry_text = texts.get(entry_path, workspace.read(entry_path))
        flagged = add_deterministic_flag(entry_text or "", style_of(context.snapshot))
        if flagged is not None:
            texts[entry_path] = flagged
    changes = tuple(
        FileChange(path, workspace.read(path), text)
        for path, text in sorted(texts.items())
        if text != workspace.read(path)
    )
    if not any(path in texts for _, candidates in helpers for path in candidates):
        notes.append(_own_seeding_note(context))
    return Proposal(RULE, _SUMMARY, changes, notes=tuple(notes))


def _own_seeding_note(context: FixContext) -> str:
    evidence = context.result.evidence
    where = f" ({evidence[0].path}:{evidence[0].line})" if evidence else ""
    return (
        f"no {HELPER}() written by repocheck seeds PyTorch here, and the project's own seeding"
        f"{where} is not edited: add torch.use_deterministic_algorithms(True) beside it"
    )
