"""Measure clone strategies on a served repository: ``python -m tests.hostile.bench_clone``.

Builds a history of a few thousand commits shaped like an ML project (code edited often, a
notebook with image outputs re-committed now and then), serves it with ``git daemon`` and
``git http-backend`` on 127.0.0.1, and times each clone strategy the way repocheck runs it,
including the collection of the history facts that the strategy must keep possible. Prints
Markdown tables (docs/clone-performance.md holds a run).
"""

from __future__ import annotations

import base64
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import repocheck.acquire.clone as clone_module
from repocheck.acquire.targets import Remote, parse_target
from repocheck.facts.history import collect_history
from tests.fakes.git_repos import FastCommit, fast_repo
from tests.fakes.git_server import GitDaemon, HttpGitServer

STRATEGIES = {
    "full": [],
    "blobless": ["--filter=blob:none"],
}


def _history(commits: int, notebook_every: int, seed: int = 7) -> Iterator[FastCommit]:
    rng = random.Random(seed)
    modules = [f"src/module_{n:02d}.py" for n in range(40)]
    for number in range(commits):
        files: dict[str, str] = {}
        for path in rng.sample(modules, 3):
            lines = [
                f"VALUE_{i} = {rng.randint(0, 10**6)}  # tuned in commit {number}"
                for i in range(80)
            ]
            files[path] = "\n".join(lines) + "\n"
        if notebook_every and number % notebook_every == 0:
            image = base64.b64encode(rng.randbytes(150_000)).decode()
            files["notebooks/explore.ipynb"] = '{"cells": [], "outputs": "' + image + '"}'
        yield FastCommit(f"Tune the values, step {number}", files, days=number / 10)


def _disk(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _one(url: str, options: list[str], where: Path) -> tuple[float, float, int]:
    """Clone the way repocheck does (its watchdog, options and sealing), with ``options``."""
    destination = where / "clone"
    remote = parse_target(url)
    assert isinstance(remote, Remote)
    # The full clone is repocheck's own clone with the filter option swapped for a no-op.
    clone_module.BLOBLESS = options[0] if options else "--quiet"
    start = time.perf_counter()
    clone_module.clone_into(remote, destination, None, clone_module.CloneLimits())
    cloned = time.perf_counter() - start
    history = collect_history(destination)
    assert history.available and len(history.commits) > 1
    total = time.perf_counter() - start
    size = _disk(destination / ".git")
    shutil.rmtree(destination)
    return cloned, total, size


def measure(commits: int, notebook_every: int, runs: int) -> None:
    """Print a Markdown table of median timings for each server and strategy."""
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch) / "served"
        start = time.perf_counter()
        fast_repo(base / "repo", _history(commits, notebook_every))
        built = time.perf_counter() - start
        print(
            f"\n{commits} commits, notebook every {notebook_every or 'never'}; "
            f"bare repo {_disk(base / 'repo') / 1e6:.1f} MB, built in {built:.1f} s"
        )
        print("| server | strategy | clone s (median) | clone + history facts s | .git MB |")
        print("| --- | --- | --- | --- | --- |")
        for server in (GitDaemon(base), HttpGitServer(base)):
            with server:
                for name, options in STRATEGIES.items():
                    samples = [
                        _one(server.url("repo"), options, Path(scratch)) for _ in range(runs)
                    ]
                    clone = statistics.median(s[0] for s in samples)
                    total = statistics.median(s[1] for s in samples)
                    print(
                        f"| {server.scheme} | {name} | {clone:.2f} | {total:.2f} | "
                        f"{samples[0][2] / 1e6:.1f} |"
                    )


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    measure(3000, 0, runs)
    measure(3000, 20, runs)
