"""Run a fixer the way a user does, and keep everything a test wants to check."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from repocheck.fix.engine import Plan, analyze_for_fix, plan_fixes, write_plan
from repocheck.fix.plan import FixOptions
from repocheck.model import Status
from repocheck.report import Report


@dataclass(frozen=True)
class RoundTrip:
    before: Report
    plan: Plan
    after: Report
    second: Plan

    def status(self, rule_id: str, report: Report | None = None) -> Status:
        """The rule's status in ``report`` (default: after the fix was written)."""
        chosen = report or self.after
        return next(o.result.status for o in chosen.outcomes if o.meta.id == rule_id)

    def command(self, rule_id: str, report: Report | None = None) -> str | None:
        """The report's fix command for the rule (default: before the fix was written)."""
        chosen = report or self.before
        return next(o.fix_command for o in chosen.outcomes if o.meta.id == rule_id)

    def written(self, root: Path) -> dict[str, str]:
        """Each changed file's text on disk now, to compare with what the plan showed."""
        return {c.path: (root / c.path).read_text(encoding="utf-8") for c in self.plan.changes}


def round_trip(
    root: Path, rule_ids: Collection[str], options: FixOptions | None = None
) -> RoundTrip:
    """Analyze ``root``, fix ``rule_ids``, write, analyze again and plan a second time."""
    snapshot, before = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, before, only=rule_ids, options=options)
    write_plan(root, plan)
    snapshot_after, after = analyze_for_fix(root)
    second = plan_fixes(root, snapshot_after, after, only=rule_ids, options=options)
    return RoundTrip(before, plan, after, second)
