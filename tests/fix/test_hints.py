"""The report's fix hint is a promise: it names `repocheck fix` only where the fixer proposes
something, with the options it needs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from repocheck.catalogue import load_catalogue
from repocheck.fix.engine import analyze_for_fix, plan_fixes
from repocheck.fix.hints import fix_command
from repocheck.fix.plan import FixOptions
from repocheck.model import Status
from repocheck.registry import run_rule
from repocheck.report import Report
from tests.fix.smoke_fixtures import MLP_MODEL, MLP_TRAIN
from tests.helpers import Step, commits_of, make_repo, snapshot_from

NO_MODEL = {"train.py": "import numpy as np\n\nprint(np.ones(3).sum())\n"}
A_TEST = {"tests/test_sum.py": "def test_sum():\n    assert sum([1, 2]) == 3\n"}


def _report(root: Path) -> Report:
    return analyze_for_fix(root)[1]


def _command(report: Report, rule_id: str) -> str | None:
    found = next(o for o in report.outcomes if o.meta.id == rule_id)
    return found.fix_command


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    return make_repo(tmp_path / "repo", [Step("Add the code", dict(files))])


def test_no_smoke_test_is_promised_without_a_pytorch_model(tmp_path: Path) -> None:
    report = _report(_repo(tmp_path, NO_MODEL))
    assert {o.meta.id: o.result.status.value for o in report.outcomes}["TEST001"] == "fail"
    assert _command(report, "TEST001") is None
    assert _command(report, "SANITY003") is None
    # The fixer agrees: it proposes nothing for either rule.
    root = tmp_path / "repo"
    snapshot, again = analyze_for_fix(root)
    assert plan_fixes(root, snapshot, again, only={"TEST001", "SANITY003"}).empty


def test_a_pytorch_model_gets_the_smoke_test_command_and_it_writes_the_test(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path, {"model.py": MLP_MODEL, "train.py": MLP_TRAIN})
    snapshot, report = analyze_for_fix(root)
    assert _command(report, "TEST001") == "repocheck fix --rule TEST001"
    plan = plan_fixes(root, snapshot, report, only={"TEST001"})
    assert "tests/test_smoke.py" in {change.path for change in plan.changes}


def test_a_workflow_is_promised_only_with_tests_to_run(tmp_path: Path) -> None:
    bare = _report(_repo(tmp_path / "bare", NO_MODEL))
    assert _command(bare, "DOCS003") is None
    tested = _report(_repo(tmp_path / "tested", {**NO_MODEL, **A_TEST}))
    assert _command(tested, "DOCS003") == "repocheck fix --rule DOCS003"


def test_without_tests_a_model_gets_the_smoke_test_first_and_the_workflow_later(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path, {"model.py": MLP_MODEL, "train.py": MLP_TRAIN})
    report = _report(root)
    assert _command(report, "TEST001") == "repocheck fix --rule TEST001"
    assert _command(report, "DOCS003") is None


def test_pinning_names_its_option_and_needs_a_requirements_file(tmp_path: Path) -> None:
    loose = _report(_repo(tmp_path / "loose", {**NO_MODEL, "requirements.txt": "numpy\n"}))
    assert _command(loose, "REPRO004") == "repocheck fix --rule REPRO004 --pin-from-env"
    # Pins go to constraints that a root requirements.txt includes: elsewhere, a note.
    elsewhere = {**NO_MODEL, "requirements/base.txt": "numpy\n"}
    declared = _report(_repo(tmp_path / "declared", elsewhere))
    assert {o.meta.id: o.result.status.value for o in declared.outcomes}["REPRO004"] != "pass"
    assert _command(declared, "REPRO004") is None


def test_the_hint_and_the_fix_agree_on_pinning(tmp_path: Path) -> None:
    root = _repo(tmp_path, {**NO_MODEL, "requirements.txt": "numpy\n"})
    snapshot, report = analyze_for_fix(root)
    without = plan_fixes(root, snapshot, report, only={"REPRO004"})
    assert not without.changes  # without the option the fixer only explains how to pin
    with_option = plan_fixes(
        root, snapshot, report, only={"REPRO004"}, options=FixOptions(pin_from_env=True)
    )
    assert "constraints.txt" in {change.path for change in with_option.changes}


def test_large_files_get_the_untracking_command(tmp_path: Path) -> None:
    weights = {**NO_MODEL, "model.pt": b"\x80\x02" + bytes(1_500_000)}
    report = _report(make_repo(tmp_path / "repo", [Step("Add the weights", weights)]))
    assert _command(report, "GIT004") == "repocheck fix --rule GIT004"


def test_sizes_a_partial_clone_lacks_get_no_untracking_command() -> None:
    snapshot = snapshot_from({"data/train.csv": "a,b\n"}, commits=commits_of(["Add data"]))
    partial = replace(
        snapshot,
        history=replace(
            snapshot.history, blob_sizes={"data/train.csv": 4}, unknown_sizes=("data/big.npy",)
        ),
    )
    result = run_rule("GIT004", partial)
    assert result.status is Status.WARN  # "1 unknown": the user's to look at
    meta = next(meta for meta in load_catalogue().rules if meta.id == "GIT004")
    assert fix_command(meta, result, partial, {}) is None


def test_a_passing_rule_has_no_command(tmp_path: Path) -> None:
    report = _report(_repo(tmp_path, NO_MODEL))
    formatting = next(rule for rule in report.to_dict()["rules"] if rule["id"] == "READ003")
    assert formatting["status"] == "pass"
    assert formatting["fixable"] is True  # the rule has a fixer: this finding needs none
    assert formatting["fix_command"] is None
