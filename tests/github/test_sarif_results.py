"""SARIF worth clicking: every place a finding points at, each with its own detail, once, and
the findings about the repository as a whole on the file they concern."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import Step, make_repo
from tests.runner import repocheck

#: 30 unused imports, one a line: more lint findings than the report's 20 pieces of evidence.
UNUSED = "".join(f"import mod{n}\n" for n in range(30))


def run_of(target: Path) -> tuple[dict, dict]:
    sarif = repocheck(target, "--format", "sarif")
    report = repocheck(target, "--format", "json")
    assert sarif.returncode == 0 and report.returncode == 0, sarif.stderr + report.stderr
    return json.loads(sarif.stdout)["runs"][0], json.loads(report.stdout)


def where(result: dict) -> tuple[str, int | None]:
    physical = result["locations"][0]["physicalLocation"]
    return physical["artifactLocation"]["uri"], physical.get("region", {}).get("startLine")


@pytest.fixture(scope="module")
def noisy(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    path = tmp_path_factory.mktemp("sarif") / "noisy"
    make_repo(path, [Step("Add the loader", {"loader.py": UNUSED})])
    return run_of(path)


def test_every_location_is_a_result_not_only_the_first_20(noisy: tuple[dict, dict]) -> None:
    run, report = noisy
    lint = next(r for r in report["rules"] if r["id"] == "READ001")
    assert len(lint["evidence"]) == 20  # the JSON report keeps its documented cap
    lines = {where(r)[1] for r in run["results"] if r["ruleId"] == "READ001"}
    assert lines == set(range(1, 31))


def test_each_result_carries_its_locations_detail(noisy: tuple[dict, dict]) -> None:
    run, report = noisy
    summary = next(r for r in report["rules"] if r["id"] == "READ001")["message"]
    lint = [r for r in run["results"] if r["ruleId"] == "READ001"]
    for result in lint:
        text = result["message"]["text"]
        line = where(result)[1]
        assert text != summary and text.startswith("F401") and f"mod{line - 1}" in text


def test_no_result_is_repeated(noisy: tuple[dict, dict], dump: Path) -> None:
    for run in (noisy[0], run_of(dump)[0]):
        keys = Counter(
            json.dumps([r["ruleId"], r["locations"], r["message"]]) for r in run["results"]
        )
        assert max(keys.values()) == 1


def test_repository_findings_are_on_the_file_they_concern(dump: Path) -> None:
    run, report = run_of(dump)
    placed = {r["ruleId"]: where(r)[0] for r in run["results"]}
    assert placed["DOCS001"] == "README.md"  # no README: shown where it belongs
    assert placed["DOCS003"] == ".github/workflows"
    assert placed["TEST001"] == "pyproject.toml"
    assert placed["GIT001"] == "README.md"  # a commit is no file: (history) is not a path
    findings = {r["id"] for r in report["rules"] if r["status"] in ("fail", "warn")}
    assert findings <= {r["ruleId"] for r in run["results"]}  # code scanning shows them all


def test_suppressed_places_beyond_the_first_20_are_left_out_too(tmp_path: Path) -> None:
    config = "[tool.repocheck.per-path-ignores]\n'scratch/' = ['READ001']\n"
    files = {"pyproject.toml": config, "scratch/try.py": UNUSED, "loader.py": "import os\n"}
    path = make_repo(tmp_path / "r", [Step("Add the loader and a scratch file", files)])
    run, report = run_of(path)
    lint = {where(r) for r in run["results"] if r["ruleId"] == "READ001"}
    assert lint == {("loader.py", 1)}
    scratch_only = {k: v for k, v in files.items() if k != "loader.py"}
    every = make_repo(tmp_path / "all", [Step("Add a scratch file", scratch_only)])
    _, alone = run_of(every)
    assert next(r for r in alone["rules"] if r["id"] == "READ001")["ignored"]  # all 30 seen
