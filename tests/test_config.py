"""Configuration that says when it is wrong: unknown keys and rules, slugs, --select,
suppression comments and per-path ignores, through the real command on real repositories."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.helpers import Step, make_repo
from tests.runner import repocheck

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "docs" / "report.schema.json").read_text("utf-8")
)

TWO_PATHS = 'DATA = "/home/ada/mnist"\nOUT = "/home/ada/out"\n'


def repo_with(path: Path, files: dict[str, str]) -> Path:
    return make_repo(path, [Step("Start", {"main.py": "print('hi')\n", **files})])


def report_of(*args: str | Path) -> dict:
    result = repocheck("--format", "json", *args)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    return data


def rule(report: dict, rule_id: str) -> dict:
    return next(r for r in report["rules"] if r["id"] == rule_id)


def one_error_line(*args: str | Path) -> str:
    result = repocheck(*args)
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("repocheck: error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("[tool.repocheck]\nignor = {}\n", "unknown key 'ignor'; did you mean 'ignore'?"),
        ("[tool.repocheck]\nfail-undr = 3\n", "did you mean 'fail-under'?"),
        (
            "[tool.repocheck.ignore]\nTEST01 = 'x'\n",
            "ignore: 'TEST01' names no rule; did you mean 'TEST001'?",
        ),
        (
            "[tool.repocheck.weights]\nno-absolute-path = 1\n",
            "weights: 'no-absolute-path' names no rule; did you mean 'no-absolute-paths'?",
        ),
        ("[tool.repocheck]\nselect = ['REPR']\n", "select: 'REPR' names no rule"),
        ("[tool.repocheck.weights]\nTEST = 2\n", "weights: 'TEST' is a family; name its rules"),
        (
            "[tool.repocheck.per-path-ignores]\n'nb/**' = ['READ01']\n",
            "per-path-ignores.nb/**: 'READ01' names no rule; did you mean 'READ001'?",
        ),
        ("[tool.repocheck]\nselect = []\n", "'select' is empty"),
        ("[tool.repocheck.per-path-ignores]\n'nb/**' = 'READ001'\n", "must be a list"),
        (
            "[tool.repocheck.per-path-ignores]\n'!' = ['READ001']\n",
            "per-path-ignores: '!' is not a gitignore-style pattern",
        ),
        ("[tool.repocheck]\nexclude = ['\\']\n", "exclude: '\\\\' is not a gitignore-style"),
        ("[tool.repocheck]\nexclude = ['[z-a]']\n", "exclude: '[z-a]' is not a gitignore-style"),
    ],
)
def test_a_wrong_config_is_one_line_naming_the_closest_name(
    tmp_path: Path, config: str, expected: str
) -> None:
    repo = repo_with(tmp_path / "r", {"pyproject.toml": config})
    line = one_error_line(repo)
    assert "pyproject.toml [tool.repocheck]: " in line and expected in line


def test_a_tool_key_that_is_no_table_is_one_line(tmp_path: Path) -> None:
    repo = repo_with(tmp_path / "r", {"pyproject.toml": "tool = 1\n[project]\nname = 'x'\n"})
    assert report_of(repo)["selection"] is None
    repo = repo_with(tmp_path / "s", {"pyproject.toml": "[tool]\nrepocheck = 1\n"})
    assert "tool.repocheck must be a table" in one_error_line(repo)


def test_a_bad_exclude_flag_is_one_line(tmp_path: Path) -> None:
    line = one_error_line(repo_with(tmp_path / "r", {}), "--exclude", "!")
    assert "--exclude: '!' is not a gitignore-style pattern" in line


def test_a_dedicated_file_copied_from_pyproject_is_read_as_meant(tmp_path: Path) -> None:
    config = "[tool.repocheck.ignore]\nDOCS002 = 'course code'\n"
    repo = repo_with(tmp_path / "r", {".repocheck.toml": config})
    assert rule(report_of(repo), "DOCS002")["ignored"] == "course code"


def test_a_dedicated_config_file_is_checked_the_same_way(tmp_path: Path) -> None:
    repo = repo_with(tmp_path / "r", {".repocheck.toml": "excludes = ['x/**']\n"})
    assert "unknown key 'excludes'; did you mean 'exclude'?" in one_error_line(repo)


@pytest.mark.parametrize(
    ("flag", "value", "expected"),
    [
        ("--ignore", "TSET001", "--ignore: 'TSET001' names no rule; did you mean 'TEST001'?"),
        ("--select", "reproducibilty", "did you mean 'reproducibility'?"),
    ],
)
def test_an_unknown_rule_on_the_command_line_is_one_line(
    tmp_path: Path, flag: str, value: str, expected: str
) -> None:
    repo = repo_with(tmp_path / "r", {})
    assert expected in one_error_line(repo, flag, value)


def test_explain_suggests_the_closest_rule() -> None:
    assert "did you mean 'TEST001'?" in one_error_line("explain", "TEST01")


def test_ignore_accepts_slugs_and_families_in_config_and_flags(tmp_path: Path) -> None:
    repo = repo_with(
        tmp_path / "r",
        {"pyproject.toml": "[tool.repocheck.ignore]\nlicense-present = 'course code'\n"},
    )
    report = report_of(repo, "--ignore", "no-absolute-paths", "--ignore", "TEST")
    assert rule(report, "DOCS002")["ignored"] == "course code"
    assert rule(report, "REPRO005")["ignored"] == "ignored on the command line"
    assert all(r["ignored"] for r in report["rules"] if r["category"] == "tests")
    assert not rule(report, "READ001")["ignored"]


def test_weights_accept_slugs(tmp_path: Path) -> None:
    repo = repo_with(
        tmp_path / "r", {"pyproject.toml": "[tool.repocheck.weights]\nno-absolute-paths = 7\n"}
    )
    assert rule(report_of(repo), "REPRO005")["weight"] == 7


def test_select_runs_and_scores_only_the_selected_rules(tmp_path: Path) -> None:
    repo = repo_with(tmp_path / "r", {"train.py": TWO_PATHS})
    report = report_of(repo, "--select", "REPRO", "--select", "license-present")
    assert report["selection"]["names"] == ["REPRO", "license-present"]
    assert set(report["selection"]["rules"]) == {f"REPRO00{i}" for i in range(1, 7)} | {"DOCS002"}
    assert {c["id"] for c in report["categories"]} == {"reproducibility", "docs"}
    assert rule(report, "REPRO005")["status"] == "fail"
    unselected = rule(report, "TEST001")
    assert unselected["status"] == "skip" and unselected["weight"] == 0
    assert unselected["message"] == "not selected (select: REPRO, license-present)"
    # Scored from the selected rules alone: REPRO005 and DOCS002 fail, nothing else counts.
    assert report["score"] == 0.0
    said = "nly the selected rules ran and count (7 rules; select: REPRO, license-present)"
    for fmt in ("terminal", "markdown"):
        shown = repocheck(repo, "--format", fmt, "--select", "REPRO", "--select", "license-present")
        assert said in shown.stdout


def test_select_in_config_is_replaced_by_the_flag(tmp_path: Path) -> None:
    repo = repo_with(tmp_path / "r", {"pyproject.toml": "[tool.repocheck]\nselect = ['TEST001']\n"})
    assert report_of(repo)["selection"] == {"names": ["TEST001"], "rules": ["TEST001"]}
    assert report_of(repo, "--select", "DOCS002")["selection"]["rules"] == ["DOCS002"]


def test_without_a_selection_every_rule_runs(tmp_path: Path) -> None:
    report = report_of(repo_with(tmp_path / "r", {}))
    assert report["selection"] is None
    assert all(not r["message"].startswith("not selected") for r in report["rules"])


def test_a_comment_with_a_reason_suppresses_its_line_and_the_verdict_stands(
    tmp_path: Path,
) -> None:
    source = 'DATA = "/home/ada/mnist"  # repocheck: ignore[REPRO005] the course VM path\n'
    repo = repo_with(tmp_path / "r", {"train.py": source + 'OUT = "/home/ada/out"\n'})
    found = rule(report_of(repo), "REPRO005")
    assert found["status"] == "fail" and found["ignored"] is None
    assert [e["line"] for e in found["evidence"]] == [2]
    assert found["suppressed"] == [
        {
            "path": "train.py",
            "line": 1,
            "cell": None,
            "snippet": "/home/ada/mnist",
            "reason": "train.py:1: the course VM path",
        }
    ]
    listed = "of REPRO005's findings: train.py:1: the course VM path"
    assert f"suppressed 1 {listed}" in repocheck(repo).stdout
    markdown = repocheck(repo, "--format", "markdown").stdout
    assert "- REPRO005: 1 finding(s) suppressed: train.py:1: the course VM path" in markdown


def test_a_rule_whose_every_finding_is_suppressed_counts_as_ignored(tmp_path: Path) -> None:
    source = (
        "# repocheck: ignore[no-absolute-paths] fixture for the loader test\n"
        'DATA = "/home/ada/mnist"\n'
        'OUT = "/home/ada/out"  # repocheck: ignore[REPRO] written by the grader\n'
    )
    repo = repo_with(tmp_path / "r", {"train.py": source})
    found = rule(report_of(repo), "REPRO005")
    assert found["status"] == "skip" and found["weight"] == 0
    assert found["ignored"] == (
        "train.py:1: fixture for the loader test; train.py:3: written by the grader"
    )
    assert [s["line"] for s in found["suppressed"]] == [2, 3]
    terminal = repocheck(repo).stdout
    assert "ignored REPRO005: train.py:1: fixture for the loader test" in terminal


def test_a_comment_without_a_reason_or_rule_suppresses_nothing_and_says_so(
    tmp_path: Path,
) -> None:
    source = (
        'DATA = "/home/ada/mnist"  # repocheck: ignore[REPRO005]\n'
        'OUT = "/home/ada/out"  # repocheck: ignore[REPRO05] a typo\n'
        'TEXT = "# repocheck: ignore[REPRO005] inside a string"\n'
        "# repocheck: ignore[] nothing named\n"
    )
    repo = repo_with(tmp_path / "r", {"train.py": source})
    report = report_of(repo)
    found = rule(report, "REPRO005")
    assert found["status"] == "fail" and found["suppressed"] == []
    assert len(found["evidence"]) == 2
    assert any("train.py:1: " in n and "gives no reason" in n for n in report["notes"])
    assert any(
        "train.py:2: " in n and "'REPRO05' names no rule; did you mean 'REPRO005'?" in n
        for n in report["notes"]
    )
    assert any("train.py:4: " in n and "names no rule" in n for n in report["notes"])


def test_a_trailing_comment_does_not_reach_the_next_line(tmp_path: Path) -> None:
    source = 'A = 1  # repocheck: ignore[REPRO005] not this one\nDATA = "/home/ada/mnist"\n'
    repo = repo_with(tmp_path / "r", {"train.py": source})
    found = rule(report_of(repo), "REPRO005")
    assert found["status"] == "fail" and found["suppressed"] == []


def test_a_comment_in_a_notebook_cell_suppresses_that_cell_only(tmp_path: Path) -> None:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Data"]},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": ['DATA = "/content/drive/x"  # repocheck: ignore[REPRO005] Colab only'],
        },
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": ['OUT = "/content/drive/y"'],
        },
    ]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    repo = repo_with(tmp_path / "r", {"explore.ipynb": notebook})
    found = rule(report_of(repo), "REPRO005")
    assert [(e["cell"], e["line"]) for e in found["evidence"]] == [(2, 1)]
    assert [(s["cell"], s["reason"]) for s in found["suppressed"]] == [
        (1, "explore.ipynb:cell 2:1: Colab only")
    ]


def test_per_path_ignores_leave_out_evidence_under_the_pattern(tmp_path: Path) -> None:
    config = "[tool.repocheck.per-path-ignores]\n'scratch/**' = ['REPRO005', 'READ']\n"
    repo = repo_with(
        tmp_path / "r",
        {"pyproject.toml": config, "scratch/try.py": TWO_PATHS, "train.py": TWO_PATHS},
    )
    found = rule(report_of(repo), "REPRO005")
    assert found["status"] == "fail"
    assert {e["path"] for e in found["evidence"]} == {"train.py"}
    reason = "per-path-ignores 'scratch/**' in pyproject.toml [tool.repocheck]"
    assert [(s["path"], s["reason"]) for s in found["suppressed"]] == [
        ("scratch/try.py", reason)
    ] * 2


def test_per_path_ignores_covering_every_finding_ignore_the_rule(tmp_path: Path) -> None:
    config = "[tool.repocheck.per-path-ignores]\n'scratch/' = ['no-absolute-paths']\n"
    repo = repo_with(tmp_path / "r", {"pyproject.toml": config, "scratch/try.py": TWO_PATHS})
    found = rule(report_of(repo), "REPRO005")
    assert found["status"] == "skip"
    assert found["ignored"] == "per-path-ignores 'scratch/' in pyproject.toml [tool.repocheck]"


def test_a_pyproject_given_as_config_without_our_table_is_no_error(tmp_path: Path) -> None:
    repo = repo_with(tmp_path / "r", {})
    other = tmp_path / "pyproject.toml"
    other.write_text("[project]\nname = 'x'\n[tool.ruff]\nline-length = 99\n")
    assert report_of(repo, "--config", other)["selection"] is None


def test_a_secret_in_a_suppressed_finding_or_its_reason_is_masked(tmp_path: Path) -> None:
    token = "ghp_" + "aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5"
    source = (
        f'DATA = "/home/ada/{token}"  # repocheck: ignore[REPRO005] was {token}\n'
        'OUT = "/home/ada/out"\n'
    )
    repo = repo_with(tmp_path / "r", {"train.py": source})
    result = repocheck(repo, "--format", "json")
    assert token not in result.stdout
    (suppressed,) = rule(json.loads(result.stdout), "REPRO005")["suppressed"]
    assert "ghp_****" in suppressed["snippet"] and "ghp_****" in suppressed["reason"]


def test_a_broken_pyproject_without_our_table_is_analyzed_and_noted(tmp_path: Path) -> None:
    # An applicant's broken packaging file is a finding to read, not a reason to refuse.
    repo = repo_with(tmp_path, {"pyproject.toml": '[project\nname = "x"\n'})
    report = report_of(repo)
    assert any(
        note.startswith("pyproject.toml is not valid TOML") and "[tool.repocheck]" in note
        for note in report["notes"]
    )
    assert rule(report, "GIT001")["status"] != "skip"


def test_a_broken_pyproject_meant_for_repocheck_is_a_one_line_error(tmp_path: Path) -> None:
    repo = repo_with(tmp_path, {"pyproject.toml": "[project\n[tool.repocheck]\nignore = {}\n"})
    assert "pyproject.toml is not valid TOML" in one_error_line(repo)


def test_a_pyproject_nested_too_deeply_for_the_parser_is_noted(tmp_path: Path) -> None:
    # tomllib recurses once per level: this one ends in RecursionError, not a TOML error.
    deep = "x = " + "[" * 20_000 + "]" * 20_000 + "\n"
    repo = repo_with(tmp_path, {"pyproject.toml": deep, "requirements.txt": "numpy\n"})
    report = report_of(repo)
    assert any("nested too deeply" in note for note in report["notes"])
    assert rule(report, "REPRO003")["status"] in ("pass", "warn", "fail")
