"""Run the local pool in a process of its own: ``python -m tests.batch.pool_probe STALLED GOOD``.

The pool's workers fork from a forkserver that keeps the environment it started with, so a
test that wants the clones in a private TMPDIR runs the pool here, started with that TMPDIR.
Three jobs on one worker: a clone that stalls past the timeout (its worker is stopped), a job
that kills its worker, and a good one that a fresh worker must still run. Prints JSON.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from repocheck.acquire import AcquireOptions
from repocheck.acquire.clone import CloneLimits
from repocheck.batch.pool import LocalPool
from repocheck.batch.work import Job, Outcome, Rubric


class ExplodingRubric(Rubric):
    """A rubric whose worker dies while reading it: a crash in the middle of a job."""

    def config_for(self, root: Path) -> object:  # type: ignore[override]
        os._exit(3)


def main(stalled: str, good: str) -> None:
    """Run the three jobs and print what became of them."""
    patient = AcquireOptions(limits=CloneLimits(timeout=120))  # only the pool stops it
    jobs = [
        Job("stalled", stalled, patient, Rubric()),
        Job("crash", good, AcquireOptions(), ExplodingRubric()),
        Job("good", good, AcquireOptions(), Rubric()),
    ]
    outcomes: list[Outcome] = []
    started = time.monotonic()
    LocalPool(1, timeout=1.0, grace=0.5).run(jobs, outcomes.append)
    print(
        json.dumps(
            {
                "outcomes": [[o.key, o.kind, o.reason] for o in outcomes],
                "seconds": time.monotonic() - started,
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
