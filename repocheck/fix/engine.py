"""Plan the fixes for a report's findings, and write a plan to the repository.

Fixers run in catalogue order, each on the workspace the ones before it left, so two fixers
can edit one file (REPRO001's seeding, then REPRO002's switches beside it) and the final diff
is one text per file.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from repocheck.fix import hints
from repocheck.fix.plan import FIXERS, FileChange, FixContext, FixOptions, Proposal, Workspace
from repocheck.progress import QUIET, Progress

if TYPE_CHECKING:
    from repocheck.facts.snapshot import RepoConfig, Snapshot
    from repocheck.report import Report

FINDINGS = hints.FINDINGS


@dataclass(frozen=True)
class Plan:
    """Every proposal, and the files as they will be after all of them."""

    proposals: tuple[Proposal, ...]
    changes: tuple[FileChange, ...]

    @property
    def empty(self) -> bool:
        return not self.changes and not any(p.commands for p in self.proposals)


def load_fixers() -> dict[str, object]:
    """Import every module of repocheck.fix.fixers, which registers its fixers."""
    import repocheck.fix.fixers as package

    for module in pkgutil.iter_modules(package.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{module.name}")
    return dict(FIXERS)


def fixable_rules() -> frozenset[str]:
    """The IDs of the rules that have a fixer."""
    return frozenset(load_fixers())


def analyze_for_fix(
    root: Path, config: RepoConfig | None = None, progress: Progress = QUIET
) -> tuple[Snapshot, Report]:
    """The facts and report of the folder ``root`` as it is on disk (its work tree)."""
    from repocheck.analyze import analyze_snapshot
    from repocheck.facts.config import load_repo_config

    config = config if config is not None else load_repo_config(root)
    return analyze_snapshot(root, config, progress=progress)


def plan_fixes(
    root: Path,
    snapshot: Snapshot,
    report: Report,
    only: Collection[str] | None = None,
    options: FixOptions | None = None,
    *,
    contain_errors: bool = False,
) -> Plan:
    """The proposals for every warn or fail of ``report`` that has a fixer (``only``: those IDs).

    ``contain_errors``: a fixer that raises becomes a note instead of ending the run (the
    command: one broken fixer must not cost the user the others; tests keep the traceback).
    """
    load_fixers()
    workspace = Workspace(root)
    proposals = []
    wanted = [o for o in report.outcomes if only is None or o.meta.id in only]
    fixing = {o.meta.id for o in wanted if o.result.status in FINDINGS and o.meta.id in FIXERS}
    for outcome in wanted:
        rule_id = outcome.meta.id
        if rule_id not in FIXERS:
            continue
        riding = hints.rides_along(rule_id, outcome.result, fixing)
        if outcome.result.status not in FINDINGS and not riding:
            if only is not None and hints.waits_for_a_fix(outcome.result):
                proposals.append(_waiting(rule_id))
            continue
        context = FixContext(snapshot, report, outcome.result, workspace, options or FixOptions())
        try:
            proposal = FIXERS[rule_id](context)
        except Exception as exc:
            if not contain_errors:
                raise
            note = f"not fixed: the fixer failed ({type(exc).__name__}: {exc}), a bug in repocheck"
            proposal = Proposal(rule_id, "not fixed", notes=(note,))
        if proposal is None:
            continue
        for change in proposal.changes:
            workspace.plan(change)
        proposals.append(proposal)
    return Plan(tuple(proposals), tuple(workspace.changes()))


def _waiting(rule_id: str) -> Proposal:
    """Asked for alone, a rule that waits for another's fix says which, and how to make both."""
    carrier = hints.RIDES_WITH[rule_id]
    note = (
        f"nothing edited: {rule_id} is judged once {carrier}'s fix is made; run"
        f" `repocheck fix --rule {carrier} --rule {rule_id}` to make both"
    )
    return Proposal(rule_id, f"waits for {carrier}", notes=(note,))


def write_plan(root: Path, plan: Plan) -> None:
    """Create and replace the plan's files (never through a symlink, never outside ``root``)."""
    from repocheck.facts.files import replace_regular, write_new

    for change in plan.changes:
        data = change.after.encode("utf-8")
        if change.before is None:
            write_new(root, change.path, data)
        else:
            replace_regular(root, change.path, data)
