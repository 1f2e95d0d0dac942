"""Class 9: a batch survives what a repository, its cache or a signal does to it.

Each test asserts the batch's promise: it ends in time with its exit status, every output file
is written, and each listed repository is one row (analyzed, or failed with its reason).
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from repocheck.batch.command import OUTPUTS
from tests.batch.repos import TRAIN, applicant_repo
from tests.batch.stalled import batch_stalled_on_a_clone
from tests.fakes.fixtures import Sandbox
from tests.fakes.git_repos import FastCommit, fast_repo
from tests.fakes.git_server import GitDaemon
from tests.runner import command


def rows_of(out: Path) -> list[dict[str, str]]:
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    return list(csv.DictReader(io.StringIO((out / "repos.csv").read_text(encoding="utf-8"))))


def outcome(rows: list[dict[str, str]]) -> dict[str, tuple[str, str]]:
    return {r["repo"].rsplit("/", 1)[-1]: (r["status"], r["failure"]) for r in rows}


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_termination_signal_is_an_interruption_that_writes_every_output(
    sig: signal.Signals, served: Path, daemon: GitDaemon, sandbox: Sandbox
) -> None:
    for index in range(2):
        applicant_repo(served / "batch-term" / f"done{index}", index + 2, variant=10 + index)
    before = ["done0", "done1"]
    with batch_stalled_on_a_clone(served, daemon, sandbox, "batch-term", before, "later") as batch:
        process, out = batch.process, batch.out
        process.send_signal(sig)
        try:
            _, stderr = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            _, stderr = process.communicate()
            pytest.fail(f"the batch did not end after {sig.name}: {stderr}")
    assert process.returncode == 128 + sig, stderr
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    assert "interrupted: run it again to resume" in stderr
    assert outcome(rows_of(out)) == {
        "done0": ("analyzed", ""),
        "done1": ("analyzed", ""),
        "stuck": ("failed", "interrupted"),
        "later": ("failed", "interrupted"),
    }
    assert list(sandbox.tmp.iterdir()) == []  # the clone under way was deleted


def test_a_broken_cached_report_is_a_cache_miss(
    served: Path, daemon: GitDaemon, sandbox: Sandbox
) -> None:
    names = ["unparsable", "wrong-shape", "not-finite", "intact"]
    for index, name in enumerate(names):
        applicant_repo(served / "batch-cache" / name, 3, variant=20 + index)
    out, cache, listing = sandbox.root / "out", sandbox.root / "c.db", sandbox.root / "list"
    listing.write_text("".join(daemon.url(f"batch-cache/{n}") + "\n" for n in names), "utf-8")
    first = sandbox.run("batch", listing, "-o", out, "--cache", cache, "--no-progress")
    assert first.returncode == 0, first.stderr
    with sqlite3.connect(cache) as db:
        stored = dict(db.execute("SELECT repo, report FROM reports").fetchall())
        broken = {
            "unparsable": stored[daemon.url("batch-cache/unparsable")][:-40],
            "wrong-shape": json.dumps({"repository": [], "rules": "none"}),
            "not-finite": stored[daemon.url("batch-cache/not-finite")].replace(
                '"score": ', '"score": NaN, "was": ', 1
            ),
        }
        for name, text in broken.items():
            db.execute(
                "UPDATE reports SET report = ? WHERE repo = ?",
                (text, daemon.url(f"batch-cache/{name}")),
            )
    second = sandbox.run("batch", listing, "-o", out, "--cache", cache, "--no-progress")
    assert second.returncode == 0, second.stderr
    assert "Traceback" not in second.stderr
    rows = rows_of(out)
    assert {r["repo"].rsplit("/", 1)[-1]: (r["status"], r["cached"]) for r in rows} == {
        "unparsable": ("analyzed", "no"),
        "wrong-shape": ("analyzed", "no"),
        "not-finite": ("analyzed", "no"),
        "intact": ("analyzed", "yes"),
    }
    third = sandbox.run("batch", listing, "-o", out, "--cache", cache, "--no-progress")
    assert "4 from the cache" in third.stderr  # the fresh reports replaced the broken ones


BAD_CONFIGS = {
    "infinite-weight": {"pyproject.toml": "[tool.repocheck]\nweights = {TEST001 = inf}\n"},
    "nan-weight": {"pyproject.toml": "[tool.repocheck]\nweights = {READ001 = nan}\n"},
    "not-toml": {".repocheck.toml": "ignore = [\n"},
    "wrong-type": {".repocheck.toml": "ignore = 5\nexclude = 'x'\n"},
    "unknown-key": {".repocheck.toml": "ignor = {}\n"},
}


def test_a_trusted_bad_config_is_one_failed_row(
    served: Path, daemon: GitDaemon, sandbox: Sandbox
) -> None:
    for name, files in BAD_CONFIGS.items():
        path = served / "batch-config" / name
        if not path.exists():
            fast_repo(path, [FastCommit("Add the model", {"train.py": TRAIN, **files})])
    applicant_repo(served / "batch-config" / "fine", 3, variant=30)
    out, listing = sandbox.root / "out", sandbox.root / "list"
    names = [*BAD_CONFIGS, "fine"]
    listing.write_text("".join(daemon.url(f"batch-config/{n}") + "\n" for n in names), "utf-8")
    run = sandbox.run(
        "batch", listing, "-o", out, "--no-cache", "--trust-repo-config", "--no-progress"
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    rows = rows_of(out)
    assert len(rows) == len(names)
    assert {name: status for name, (status, _) in outcome(rows).items()} == {
        **{name: "failed" for name in BAD_CONFIGS},
        "fine": "analyzed",
    }
    assert all(r["reason"] for r in rows if r["status"] == "failed")


def test_a_termination_while_planning_still_writes_every_output(
    served: Path, sandbox: Sandbox
) -> None:
    from repocheck import __version__
    from repocheck.batch.cache import Cache, rubric_hash
    from repocheck.batch.work import Rubric

    applicant_repo(served / "batch-plan" / "asked", 2, variant=40)
    out, cache, listing = sandbox.root / "out", sandbox.root / "c.db", sandbox.root / "list"
    with GitDaemon(served, stall_after=4) as stalling:
        url = stalling.url("batch-plan/asked")
        # A report of this repository in the cache: planning asks the stalling server for its head.
        known = Cache(cache, rubric_hash(Rubric()), __version__)
        known.put(url, "0" * 40, {"repository": {}}, 1.0)
        known.close()
        listing.write_text(f"{url}\n", encoding="utf-8")
        process = subprocess.Popen(
            [*command(), "batch", str(listing), "-o", str(out), "--cache", str(cache),
             "--timeout", "5", "--no-progress"],
            cwd=sandbox.work, env={**os.environ, **sandbox.env()},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert stalling.stalled.wait(60), "the batch never asked for the repository's head"
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "Traceback" not in stderr
    assert outcome(rows_of(out)) == {"asked": ("failed", "interrupted")}
