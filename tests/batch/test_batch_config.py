"""A batch review's rubric and the repositories' own suppressions: the reviewer decides."""

from __future__ import annotations

import json
from pathlib import Path

from tests.fakes.fixtures import Sandbox
from tests.helpers import Step, make_repo

SUPPRESSED = 'DATA = "/home/ada/mnist"  # repocheck: ignore[REPRO005] trust me\n'


def repo005(out: Path) -> dict:
    (report,) = [json.loads(line) for line in (out / "reports.jsonl").read_text().splitlines()]
    return next(r for r in report["report"]["rules"] if r["id"] == "REPRO005") | {
        "notes": report["report"]["notes"]
    }


def test_suppression_comments_count_only_when_the_repo_config_is_trusted(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    repo = make_repo(tmp_path / "applicant", [Step("Start", {"train.py": SUPPRESSED})])
    listing = sandbox.root / "list.txt"
    listing.write_text(f"Ada {repo}\n", encoding="utf-8")
    untrusted, trusted = sandbox.root / "untrusted", sandbox.root / "trusted"
    for out, extra in ((untrusted, []), (trusted, ["--trust-repo-config"])):
        run = sandbox.run("batch", listing, "-o", out, "--no-cache", "--no-progress", *extra)
        assert run.returncode == 0, run.stderr
    kept = repo005(untrusted)
    assert kept["status"] == "fail" and kept["suppressed"] == []
    assert any("not honoured" in note for note in kept["notes"])
    assert repo005(trusted)["ignored"] == "train.py:1: trust me"


def test_an_unknown_rule_in_the_rubric_is_one_line(tmp_path: Path, sandbox: Sandbox) -> None:
    listing = sandbox.root / "list.txt"
    listing.write_text("Ada /nowhere\n", encoding="utf-8")
    run = sandbox.run("batch", listing, "--ignore", "REPRO05", "--no-progress")
    assert run.returncode == 2
    assert run.stderr.strip() == (
        "repocheck: error: --ignore: 'REPRO05' names no rule; did you mean 'REPRO005'?"
    )


def test_select_limits_every_report_of_the_batch(tmp_path: Path, sandbox: Sandbox) -> None:
    repo = make_repo(tmp_path / "applicant", [Step("Start", {"train.py": SUPPRESSED})])
    listing = sandbox.root / "list.txt"
    listing.write_text(f"Ada {repo}\n", encoding="utf-8")
    out = sandbox.root / "out"
    run = sandbox.run(
        "batch", listing, "-o", out, "--no-cache", "--no-progress", "--select", "REPRO005"
    )
    assert run.returncode == 0, run.stderr
    (line,) = (out / "reports.jsonl").read_text().splitlines()
    report = json.loads(line)["report"]
    assert report["selection"] == {"names": ["REPRO005"], "rules": ["REPRO005"]}
    assert [c["id"] for c in report["categories"]] == ["reproducibility"]
