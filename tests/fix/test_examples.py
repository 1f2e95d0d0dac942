"""Every fixer on the repositories the README and the golden reports use: the score goes up."""

from __future__ import annotations

from pathlib import Path

import pytest

from repocheck.fix.engine import analyze_for_fix, fixable_rules, plan_fixes
from tests.fix.helpers import round_trip
from tests.fixtures import EXAMPLE, learner_dump
from tests.helpers import Step, make_repo


def example_without_licence(path: Path) -> Path:
    """The bundled example as the README's Fix section shows it: before its LICENSE."""
    files: dict[str, str | bytes | None] = {
        file.relative_to(EXAMPLE).as_posix(): file.read_bytes()
        for file in sorted(EXAMPLE.rglob("*"))
        if file.is_file() and file.name != "LICENSE" and "__pycache__" not in file.parts
    }
    return make_repo(path, [Step("First version", files)])


REPOSITORIES = {"example": example_without_licence, "dump": learner_dump}


@pytest.mark.parametrize("name", sorted(REPOSITORIES))
def test_fixing_everything_raises_the_score(tmp_path: Path, name: str) -> None:
    root = REPOSITORIES[name](tmp_path / name)
    trip = round_trip(root, fixable_rules())
    assert trip.plan.changes
    assert trip.before.score is not None and trip.after.score is not None
    assert trip.after.score > trip.before.score
    assert trip.written(root) == {c.path: c.after for c in trip.plan.changes}
    assert trip.second.changes == ()


@pytest.mark.parametrize("name", sorted(REPOSITORIES))
@pytest.mark.parametrize("rule_id", sorted(fixable_rules()))
def test_every_fixer_proposes_without_error(tmp_path: Path, name: str, rule_id: str) -> None:
    root = REPOSITORIES[name](tmp_path / name)
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, {rule_id})
    assert all(proposal.rule_id == rule_id for proposal in plan.proposals)
