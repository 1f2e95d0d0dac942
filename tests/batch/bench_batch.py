"""Measure ``repocheck batch`` on 50 small repositories: ``python -m tests.batch.bench_batch``.

Builds 50 applicants' repositories (tests/batch/repos.py, five levels of quality), serves them
with ``git daemon`` on 127.0.0.1, and times the real command, start-up included: with one and
two workers and no cache, then a run that fills the cache and a re-run that finds every
repository unchanged. Prints a Markdown table (docs/batch.md holds a run).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.batch.repos import applicant_repo
from tests.fakes.git_server import GitDaemon
from tests.runner import command

REPOS = 50


def _run(listing: Path, out: Path, home: Path, *args: str) -> float:
    env = {**os.environ, "XDG_CACHE_HOME": str(home), "GITHUB_TOKEN": ""}
    started = time.perf_counter()
    result = subprocess.run(
        [*command(), "batch", str(listing), "-o", str(out), "--no-progress", *args],
        capture_output=True, text=True, env=env, timeout=900, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if result.returncode != 0 or f"{REPOS} analyzed" not in result.stderr:
        raise SystemExit(f"the batch failed:\n{result.stderr}")
    return seconds


def _best(times: list[float]) -> str:
    return f"{min(times):.1f} s (median {statistics.median(times):.1f} s)"


def main(rounds: int = 3) -> None:
    """Build, serve and time; ``rounds`` runs of each configuration, the best reported."""
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as scratch:
        root = Path(scratch)
        for index in range(REPOS):
            applicant_repo(root / "served" / f"applicant{index:02d}", index % 5, variant=index)
        with GitDaemon(root / "served") as server:
            listing = root / "list.txt"
            urls = [server.url(f"applicant{index:02d}") for index in range(REPOS)]
            listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
            rows = []
            for workers in ("1", "2"):
                times = [
                    _run(listing, root / "out", root / "home", "-j", workers, "--no-cache")
                    for _ in range(rounds)
                ]
                rate = REPOS / min(times) * 60
                rows.append((f"{workers} worker(s), no cache", _best(times), f"{rate:.0f}"))
            _run(listing, root / "out", root / "home", "-j", "2")  # fills the cache
            cached = [_run(listing, root / "out", root / "home", "-j", "2") for _ in range(rounds)]
            per_repo = min(cached) / REPOS * 1000
            rows.append(("re-run, all 50 unchanged", _best(cached), f"{per_repo:.0f} ms a repo"))
    print(f"{REPOS} repositories served by git daemon on 127.0.0.1, {os.cpu_count()} cores\n")
    print("| run | wall time, start-up included | repos a minute |")
    print("| --- | --- | --- |")
    for row in rows:
        print(f"| {' | '.join(row)} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
