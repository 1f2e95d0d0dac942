"""Fixers run in catalogue order on findings only, on one workspace, and the plan is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from repocheck.fix import plan as plan_module
from repocheck.fix.engine import analyze_for_fix, load_fixers, plan_fixes, write_plan
from repocheck.fix.plan import FixContext, Proposal
from tests.fix.helpers import round_trip
from tests.helpers import Step, make_repo

LICENSE_TEXT = "MIT License\n\nCopyright (c) 2026 Ada Learner\n"


@pytest.fixture
def licence_fixer() -> Iterator[list[str]]:
    """A stand-in fixer for DOCS002, registered for the test only."""
    calls: list[str] = []

    def add_licence(context: FixContext) -> Proposal:
        calls.append(context.result.status.value)
        return Proposal("DOCS002", "add a LICENSE", (context.change("LICENSE", LICENSE_TEXT),))

    load_fixers()  # the real ones first: loaded later, DOCS002's would clash with this one
    saved = plan_module.FIXERS.pop("DOCS002", None)
    plan_module.FIXERS["DOCS002"] = add_licence
    yield calls
    plan_module.FIXERS.pop("DOCS002")
    if saved is not None:
        plan_module.FIXERS["DOCS002"] = saved


def test_a_finding_is_fixed_written_and_not_proposed_again(
    tmp_path: Path, licence_fixer: list[str]
) -> None:
    root = make_repo(tmp_path / "repo", [Step("Add the training script", {"train.py": "x = 1\n"})])
    trip = round_trip(root, {"DOCS002"})
    assert trip.status("DOCS002", trip.before).value in ("warn", "fail")
    assert [p.rule_id for p in trip.plan.proposals] == ["DOCS002"]
    assert trip.written(root) == {"LICENSE": LICENSE_TEXT}
    assert trip.status("DOCS002").value == "pass"
    assert trip.second.empty and licence_fixer == [trip.status("DOCS002", trip.before).value]


def test_only_limits_the_rules_fixed(tmp_path: Path, licence_fixer: list[str]) -> None:
    root = make_repo(tmp_path / "repo", [Step("Add the training script", {"train.py": "x = 1\n"})])
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"GIT001"})
    assert plan.proposals == () and licence_fixer == []
    write_plan(root, plan)
    assert not (root / "LICENSE").exists()
