"""Ctrl-C in the middle of a batch keeps every finished result, and a re-run resumes."""

from __future__ import annotations

import csv
import io
import signal
from pathlib import Path

from tests.batch.repos import applicant_repo
from tests.batch.stalled import batch_stalled_on_a_clone
from tests.fakes.fixtures import Sandbox
from tests.fakes.git_server import GitDaemon


def rows_of(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "repos.csv").read_text(encoding="utf-8"))))


def test_ctrl_c_keeps_finished_results_and_a_rerun_resumes(
    served: Path, daemon: GitDaemon, sandbox: Sandbox
) -> None:
    for index in range(3):
        applicant_repo(served / "batch-interrupt" / f"done{index}", index + 1, variant=index)
    folder, before = "batch-interrupt", ["done0", "done1"]
    with batch_stalled_on_a_clone(served, daemon, sandbox, folder, before, "done2") as batch:
        process, out, listing = batch.process, batch.out, batch.listing
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted: run it again to resume" in stderr
    rows = rows_of(out)
    assert [(r["repo"].rsplit("/", 1)[-1], r["status"], r["failure"]) for r in rows] == [
        ("done1", "analyzed", ""),
        ("done0", "analyzed", ""),
        ("stuck", "failed", "interrupted"),
        ("done2", "failed", "interrupted"),
    ]
    assert list(sandbox.tmp.iterdir()) == []  # the clone under way was deleted

    # The stalling server is gone now: that repository fails for good, the rest resume.
    result = sandbox.run("batch", listing, "-o", out, "--no-progress")
    assert result.returncode == 0, result.stderr
    assert "2 from the cache, 2 reviewed" in result.stderr
    again = {r["repo"].rsplit("/", 1)[-1]: (r["cached"], r["failure"]) for r in rows_of(out)}
    assert again == {
        "done0": ("yes", ""),
        "done1": ("yes", ""),
        "done2": ("no", ""),
        "stuck": ("no", "unreachable"),
    }
