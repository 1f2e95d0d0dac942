"""The progress counts add up at every tick, and a batch of local folders names its applicants."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import git

from repocheck.batch.cache import Cache
from repocheck.batch.inputs import Entry
from repocheck.batch.plan import Settings
from repocheck.batch.progress import Progress
from repocheck.batch.run import run_batch
from repocheck.batch.work import Job, Outcome, review
from tests.helpers import Step, make_repo

TRAIN = "def train(rate):\n    return rate * 2\n"


class InProcess:
    """Runs each job here, in order, and checks the counts after each one."""

    def __init__(self, progress: Progress, ticks: list[tuple[int, int, int, int]]) -> None:
        self.progress = progress
        self.ticks = ticks

    def tick(self) -> None:
        p = self.progress
        self.ticks.append((p.done, p.failed, p.remaining, p.total))

    def run(self, jobs: Iterable[Job], done: Callable[[Outcome], None]) -> None:
        self.tick()
        for job in jobs:
            done(review(job))
            self.tick()


def test_counts_add_up_at_every_tick_and_local_folders_name_applicants(tmp_path: Path) -> None:
    first = make_repo(tmp_path / "applicants" / "ada-mnist", [Step("Add", {"train.py": TRAIN})])
    second = make_repo(tmp_path / "applicants" / "alan-gan", [Step("Add", {"gan.py": TRAIN})])
    # A file not yet committed: a batch reviews what was submitted, the commit.
    (second / "draft.py").write_text("X = 1\n", encoding="utf-8")
    entries = [
        Entry(str(first), "", "line 1"),
        Entry(str(second), "", "line 2"),
        Entry(str(first), "", "line 3"),  # the same repository again: one job
        Entry("", "", "line 4"),  # settled as a failure before anything runs
        Entry(str(tmp_path / "missing"), "", "line 5"),
    ]
    ticks: list[tuple[int, int, int, int]] = []
    with Progress(show=True) as progress:
        result = run_batch(
            entries, Settings(), InProcess(progress, ticks), Cache(None, "r"), progress
        )
        bar = progress._bar.tasks[0]
        assert (bar.completed, bar.total) == (4, 4)
    assert ticks[0] == (0, 2, 2, 4)
    assert all(done + failed + remaining == total for done, failed, remaining, total in ticks)
    assert ticks[-1] == (2, 2, 0, 4)
    names = {row.entry.where: row.applicant for row in result.rows}
    assert names["line 1"] == names["line 3"] == "ada-mnist"
    assert names["line 2"] == "alan-gan" and names["line 5"] == "missing"
    alan = next(row for row in result.rows if row.entry.where == "line 2")
    assert alan.report is not None and alan.report["repository"]["analyzed"] == "commit"
    assert alan.report["stats"]["files"] == 1
    assert alan.report["repository"]["commit"] == git.Repo(second).head.commit.hexsha


def test_rows_not_reached_are_interrupted_in_the_summary_not_failed(tmp_path: Path) -> None:
    from repocheck.batch.command import _summary
    from repocheck.batch.rows import Row, make_row, rank
    from repocheck.batch.run import BatchResult
    from repocheck.batch.work import failed

    def row(key: str, kind: str) -> Row:
        return make_row(Entry(key, "ada", "line 1"), key, failed(key, kind, "why"))

    rows = rank([row("a", "not-found"), row("b", "interrupted"), row("c", "interrupted")])
    result = BatchResult(rows, 1.0, True, 1, 0)
    summary = _summary(result, tmp_path)
    assert "3 repositories, 0 analyzed, 1 failed, 2 interrupted," in summary
    assert "interrupted: run it again to resume" in summary
