"""The local pool: a hard timeout per job, a dead worker replaced, no clone left behind."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from repocheck.acquire import AcquireOptions
from repocheck.batch.pool import LocalPool
from repocheck.batch.work import Job, Outcome, Rubric
from tests.batch.repos import applicant_repo, heavy_repo
from tests.fakes.fixtures import Sandbox
from tests.fakes.git_server import GitDaemon

ROOT = Path(__file__).resolve().parents[2]


def test_jobs_run_in_parallel_and_report_as_they_finish(exemplary: Path, dump: Path) -> None:
    jobs = [Job(str(path), str(path), AcquireOptions(), Rubric()) for path in (exemplary, dump)]
    outcomes: list[Outcome] = []
    LocalPool(2, timeout=120).run(jobs, outcomes.append)
    assert sorted(o.key for o in outcomes) == sorted(str(p) for p in (exemplary, dump))
    assert all(o.ok and o.report is not None and o.seconds > 0 for o in outcomes)


def test_a_stalled_job_is_stopped_and_a_dead_worker_replaced(
    exemplary: Path, served: Path, sandbox: Sandbox
) -> None:
    heavy_repo(served / "batch-pool" / "stalls")
    with GitDaemon(served, stall_after=1500) as server:
        result = subprocess.run(
            [sys.executable, "-m", "tests.batch.pool_probe", server.url("batch-pool/stalls"),
             str(exemplary)],
            cwd=ROOT, env={**os.environ, **sandbox.env()}, capture_output=True, text=True,
            timeout=120, check=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    kinds = [(key, kind) for key, kind, _ in probe["outcomes"]]
    assert kinds == [("stalled", "timeout"), ("crash", "crashed"), ("good", "ok")]
    assert probe["outcomes"][0][2] == "no result within 1 s (--timeout)"
    assert probe["outcomes"][1][2] == "the worker process died (exit 3)"
    assert probe["seconds"] < 30
    assert list(sandbox.tmp.iterdir()) == []  # SIGTERM let the stopped worker delete its clone


def test_the_clone_timeout_is_a_row_and_the_batch_goes_on(
    served: Path, daemon: GitDaemon, sandbox: Sandbox
) -> None:
    heavy_repo(served / "batch-pool" / "slow")
    applicant_repo(served / "batch-pool" / "quick", 2)
    with GitDaemon(served, stall_after=1500) as stalling:
        listing = sandbox.root / "list.txt"
        listing.write_text(
            f"{stalling.url('batch-pool/slow')}\n{daemon.url('batch-pool/quick')}\n",
            encoding="utf-8",
        )
        started = time.monotonic()
        out = sandbox.root / "out"
        result = sandbox.run("batch", listing, "--timeout", "2", "-o", out, "--no-progress")
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 60
    rows = list(csv.DictReader(io.StringIO((out / "repos.csv").read_text(encoding="utf-8"))))
    assert [(r["status"], r["failure"]) for r in rows] == [("analyzed", ""), ("failed", "timeout")]
    assert rows[1]["reason"].endswith("no answer within 2 s (--timeout)")
    assert list(sandbox.tmp.iterdir()) == []


def test_an_isolated_job_past_its_timeout_is_stopped_and_cleans_up(
    served: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # How a Dask task enforces the timeout: the job runs in a child process it can end.
    from repocheck.acquire.clone import CloneLimits
    from repocheck.batch.isolated import review_isolated

    heavy_repo(served / "batch-pool" / "stalls")
    monkeypatch.setenv("TMPDIR", str(sandbox.tmp))
    monkeypatch.setattr("repocheck.batch.isolated.GRACE", 0.5)
    patient = AcquireOptions(limits=CloneLimits(timeout=120))
    with GitDaemon(served, stall_after=1500) as server:
        job = Job("stalled", server.url("batch-pool/stalls"), patient, Rubric())
        started = time.monotonic()
        outcome = review_isolated(job, timeout=1.0)
    assert (outcome.kind, outcome.reason) == ("timeout", "no result within 1 s (--timeout)")
    assert time.monotonic() - started < 15
    assert list(sandbox.tmp.iterdir()) == []


def test_an_isolated_job_returns_the_report(exemplary: Path) -> None:
    from repocheck.batch.isolated import review_isolated

    outcome = review_isolated(Job("x", str(exemplary), AcquireOptions(), Rubric()), 120)
    assert outcome.ok and outcome.report is not None
    assert outcome.report["repository"]["path"] == str(exemplary)
