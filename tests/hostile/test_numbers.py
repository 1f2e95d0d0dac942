"""Class 8: numbers from a configuration or the command line are finite and in range.

TOML allows ``inf`` and ``nan``; a weight or a fail-under of either crashed the terminal
report, wrote NaN into JSON, and ``--timeout nan`` switched the batch timeout off. Each must be
refused with one line naming the key and exit 2, quickly; a batch goes on without the
repository whose own settings are broken; JSON is strict whatever a rule reports.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path
from typing import Any

import pytest

from repocheck.catalogue import RuleMeta
from repocheck.model import Result
from repocheck.render import render
from repocheck.report import Report, Target
from repocheck.score import Outcome
from tests.helpers import Step, make_repo
from tests.runner import repocheck

LIMIT_SECONDS = 60


def strict_json(text: str) -> Any:
    """Parse as a strict parser would: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def run(*args: str | Path) -> Any:
    started = time.monotonic()
    result = repocheck(*args)
    assert time.monotonic() - started < LIMIT_SECONDS
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result


def small_repo(path: Path, config: str = "") -> Path:
    files = {"model.py": "def f():\n    return 1\n"}
    if config:
        files[".repocheck.toml"] = config
    return make_repo(path, [Step("Add the model", files)])


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ("[weights]\nGIT001 = inf\n", "weights.GIT001"),
        ("[weights]\nGIT001 = nan\n", "weights.GIT001"),
        ("[weights]\nGIT001 = -inf\n", "weights.GIT001"),
        ("[weights]\nGIT001 = 1e400\n", "weights.GIT001"),
        ("[weights]\nGIT001 = 1e300\n", "weights.GIT001"),
        ("[weights]\nGIT001 = true\n", "weights.GIT001"),
        ("fail-under = nan\n", "fail-under"),
        ("fail-under = inf\n", "fail-under"),
        ("fail_under = -5\n", "fail_under"),
        ("fail-under = 1000\n", "fail-under"),
    ],
)
@pytest.mark.parametrize("fmt", ["terminal", "json"])
def test_a_non_finite_or_out_of_range_setting_is_one_line_naming_it(
    tmp_path: Path, config: str, key: str, fmt: str
) -> None:
    repo = small_repo(tmp_path / "repo", config)
    result = run(repo, "--format", fmt)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("repocheck: error: ") and key in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["--fail-under", "nan"],
        ["--fail-under", "inf"],
        ["--clone-timeout", "nan"],
        ["--clone-timeout", "inf"],
        ["batch", "--timeout", "nan", "-"],
        ["batch", "--timeout", "inf", "-"],
    ],
)
def test_a_non_finite_option_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    repo = small_repo(tmp_path / "repo")
    result = run(*args) if args[0] == "batch" else run(repo, *args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and args[-2 if args[0] == "batch" else 0] in lines[0], lines


def test_a_batch_survives_a_repository_with_a_nan_weight(tmp_path: Path) -> None:
    good = small_repo(tmp_path / "good")
    bad = small_repo(tmp_path / "bad", "[weights]\nGIT001 = nan\n")
    targets = tmp_path / "targets.txt"
    targets.write_text(f"{good}\n{bad}\n", encoding="utf-8")
    out = tmp_path / "out"
    env_args = ("--no-progress", "--no-cache", "--workers", "1", "--trust-repo-config")
    result = run("batch", targets, "-o", out, *env_args)
    assert result.returncode == 0, result.stderr
    rows = [strict_json(line) for line in (out / "reports.jsonl").read_text().splitlines()]
    assert len(rows) == 2
    with (out / "repos.csv").open(encoding="utf-8") as table:
        by_status = {row["status"]: row for row in csv.DictReader(table)}
    assert float(by_status["analyzed"]["score"]) > 0  # the other repository is scored
    assert "weights.GIT001" in by_status["failed"]["reason"]  # the broken one says why


def test_json_is_strict_whatever_a_rule_reports() -> None:
    meta = RuleMeta("READ002", "complexity", "readability", "Title", "why", "fix", 2)
    result = Result.warned("m", metrics={"ratio": float("nan"), "worst": float("inf")})
    report = Report(Target("x", "repo"), 50.0, "D", (), (Outcome(meta, result, 2),))
    for fmt in ("json", "sarif", "badge"):
        strict_json(render(report, fmt))
    data = strict_json(render(report, "json"))
    assert data["rules"][0]["metrics"] == {"ratio": None, "worst": None}
