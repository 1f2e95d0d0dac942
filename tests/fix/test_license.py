"""DOCS002's fixer: a LICENSE from a template, holder and year from the history, never a guess."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from repocheck.fix.engine import analyze_for_fix, plan_fixes
from repocheck.fix.fixers.license import UnknownLicense, license_id
from repocheck.fix.plan import FixOptions
from repocheck.model import Status
from tests.fix.helpers import round_trip
from tests.helpers import Step, make_repo


def _repo(tmp_path: Path, *extra: Step) -> Path:
    return make_repo(
        tmp_path / "repo", [Step("Add the training script", {"train.py": "x = 1\n"}), *extra]
    )


def test_mit_with_the_main_author_and_the_first_year(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    trip = round_trip(root, {"DOCS002"})
    assert trip.status("DOCS002", trip.before) is Status.FAIL
    [change] = trip.plan.changes
    assert change.path == "LICENSE" and change.before is None
    assert change.after.startswith("MIT License\n\nCopyright (c) 2025 Ada Learner\n\n")
    assert trip.written(root) == {"LICENSE": change.after}
    assert trip.status("DOCS002") is Status.PASS
    assert trip.after.outcome("DOCS002").result.metrics["license"] == "MIT"
    assert trip.second.empty and trip.second.proposals == ()


def test_a_commit_dated_1970_does_not_set_the_year(tmp_path: Path) -> None:
    # A tool's zero date (1970-01-01) says nothing of when the work began.
    root = make_repo(
        tmp_path / "repo",
        [
            Step("Import the notebook", {"nb.py": "x = 1\n"}, days=-20_090),
            Step("Add the training script", {"train.py": "x = 1\n"}),
        ],
    )
    [change] = round_trip(root, {"DOCS002"}).plan.changes
    assert "Copyright (c) 2025 Ada Learner" in change.after


@pytest.mark.parametrize(
    ("spdx", "kind"),
    [("Apache-2.0", "Apache-2.0"), ("bsd-3-clause", "BSD"), ("GPL-3.0-only", "GPL-3.0")],
)
def test_license_chooses_another_text(tmp_path: Path, spdx: str, kind: str) -> None:
    root = _repo(tmp_path)
    trip = round_trip(root, {"DOCS002"}, FixOptions(license_id=spdx, license_given=True))
    assert trip.status("DOCS002") is Status.PASS
    assert trip.after.outcome("DOCS002").result.metrics["license"] == kind
    assert trip.second.changes == ()


def test_the_licence_the_metadata_declares_is_the_one_written(tmp_path: Path) -> None:
    pyproject = '[project]\nname = "demo"\nlicense = "Apache-2.0"\n'
    root = _repo(tmp_path, Step("Package it", {"pyproject.toml": pyproject}))
    trip = round_trip(root, {"DOCS002"})
    assert trip.status("DOCS002", trip.before) is Status.WARN
    assert "Apache License" in trip.written(root)["LICENSE"]
    assert trip.status("DOCS002") is Status.PASS


def test_a_conflict_with_the_metadata_writes_nothing(tmp_path: Path) -> None:
    pyproject = '[project]\nname = "demo"\nlicense = {text = "MIT"}\n'
    root = _repo(tmp_path, Step("Package it", {"pyproject.toml": pyproject}))
    snapshot, report = analyze_for_fix(root)
    options = FixOptions(license_id="GPL-3.0-only", license_given=True)
    plan = plan_fixes(root, snapshot, report, {"DOCS002"}, options)
    assert plan.changes == ()
    assert "declares MIT but --license asks for GPL-3.0-only" in plan.proposals[0].notes[0]


def test_an_unknown_declared_licence_is_not_guessed(tmp_path: Path) -> None:
    pyproject = '[project]\nname = "demo"\nlicense = "EUPL-1.2"\n'
    root = _repo(tmp_path, Step("Package it", {"pyproject.toml": pyproject}))
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, {"DOCS002"})
    assert plan.changes == ()
    assert "'EUPL-1.2', which has no text here" in plan.proposals[0].notes[0]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("pyproject.toml", '[project]\nname = "demo"\nlicense = {file = "LICENSE.txt"}\n'),
        ("setup.cfg", "[metadata]\nname = demo\nlicense = BSD\n"),
        ("setup.py", "from setuptools import setup\nsetup(name='demo', license=LICENCE)\n"),
    ],
)
def test_a_declaration_it_cannot_read_is_not_overridden_by_the_default(
    tmp_path: Path, path: str, text: str
) -> None:
    root = _repo(tmp_path, Step("Package it", {path: text}))
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, {"DOCS002"})
    assert plan.changes == ()
    assert f"{path} declares " in plan.proposals[0].notes[0]
    chosen = FixOptions(license_id="MIT", license_given=True)
    assert [c.path for c in plan_fixes(root, snapshot, report, {"DOCS002"}, chosen).changes] == [
        "LICENSE"
    ]


def test_setup_cfg_and_poetry_name_the_licence_to_write(tmp_path: Path) -> None:
    cfg = "[metadata]\nname = demo\nlicense = Apache-2.0\n"
    root = _repo(tmp_path, Step("Package it", {"setup.cfg": cfg}))
    assert "Apache License" in round_trip(root, {"DOCS002"}).written(root)["LICENSE"]
    poetry = '[tool.poetry]\nname = "demo"\nlicense = "BSD-3-Clause"\n'
    other = _repo(tmp_path / "poetry", Step("Package it", {"pyproject.toml": poetry}))
    assert "BSD 3-Clause License" in round_trip(other, {"DOCS002"}).written(other)["LICENSE"]


def test_the_author_of_most_commits_holds_it_not_a_bot(tmp_path: Path) -> None:
    root = _repo(tmp_path)

    repo = git.Repo(root)
    for index, author in enumerate(("Grace Hopper", "Grace Hopper", "dependabot[bot]") * 2):
        (root / f"f{index}.txt").write_text(f"{index}\n")
        repo.git.add("--", f"f{index}.txt")
        repo.git.commit("-q", "-m", f"Add file {index}", f"--author={author} <g@example.com>")
    trip = round_trip(root, {"DOCS002"})
    assert "Copyright (c) 2025 Grace Hopper\n" in trip.written(root)["LICENSE"]


def test_a_folder_without_history_gets_a_note_and_no_file(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    (root / "train.py").write_text("x = 1\n")
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, {"DOCS002"})
    assert plan.changes == ()
    assert "LICENSE not written" in plan.proposals[0].notes[0]


def test_a_licence_under_another_name_is_left_alone(tmp_path: Path) -> None:
    root = _repo(tmp_path, Step("License it", {"COPYING": "MIT License\n"}))
    snapshot, report = analyze_for_fix(root)
    assert report.outcome("DOCS002").result.status is Status.PASS
    assert plan_fixes(root, snapshot, report, {"DOCS002"}).proposals == ()


def test_unknown_ids_are_refused_with_the_choices() -> None:
    assert license_id(" apache 2.0 ") == "Apache-2.0"
    with pytest.raises(UnknownLicense, match="MIT, Apache-2.0"):
        license_id("WTFPL")
