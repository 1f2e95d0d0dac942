"""A batch caught in the middle of a clone: the set-up of the signal tests, written once."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.batch.repos import heavy_repo
from tests.fakes.fixtures import Sandbox
from tests.fakes.git_server import GitDaemon
from tests.runner import command


@dataclass(frozen=True)
class StalledBatch:
    """The running batch, its output folder and its list of links."""

    process: subprocess.Popen[str]
    out: Path
    listing: Path


@contextmanager
def batch_stalled_on_a_clone(
    served: Path, daemon: GitDaemon, sandbox: Sandbox, folder: str,
    before: Sequence[str], after: str,
) -> Iterator[StalledBatch]:  # fmt: skip
    """``repocheck batch -j 1`` over ``before``, a repository ``stuck`` whose clone stalls, then
    ``after``; yields once the clone of ``stuck`` has stalled, while its server still holds it."""
    heavy_repo(served / folder / "stuck")
    out, listing = sandbox.root / "out", sandbox.root / "list.txt"
    with GitDaemon(served, stall_after=1500) as stalling:
        links = [*(daemon.url(f"{folder}/{name}") for name in before),
                 stalling.url(f"{folder}/stuck"), daemon.url(f"{folder}/{after}")]  # fmt: skip
        listing.write_text("\n".join(links) + "\n", encoding="utf-8")
        process = subprocess.Popen(
            [*command(), "batch", str(listing), "-o", str(out), "-j", "1", "--no-progress"],
            cwd=sandbox.work, env={**os.environ, **sandbox.env()},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert stalling.stalled.wait(60), "the batch never reached the stalling repository"
        yield StalledBatch(process, out, listing)
