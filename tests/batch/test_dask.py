"""``--executor dask``: the same batch on a Dask LocalCluster of worker processes.

Skipped, with the reason, when Dask is not installed (it is the optional extra
``repocheck[dask]``). The cluster's workers run in their own processes with their own TMPDIR,
as workers on other machines would; only the coordinating process writes the cache.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.batch.repos import applicant_repo
from tests.fakes.fixtures import Sandbox
from tests.fakes.git_server import GitDaemon

distributed = pytest.importorskip(
    "distributed", reason="Dask is not installed (pip install 'repocheck[dask]')"
)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    """Two worker processes of one thread each, their temporary files in a folder we watch."""
    scratch = tmp_path_factory.mktemp("dask-workers")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        env={"TMPDIR": str(scratch)},
    ) as local:
        yield local, scratch


def rows_of(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "repos.csv").read_text(encoding="utf-8"))))


def test_a_batch_on_a_local_cluster_then_from_the_cache(
    cluster: tuple[Any, Path], served: Path, daemon: GitDaemon, sandbox: Sandbox
) -> None:
    local, scratch = cluster
    links = []
    for index in range(4):
        applicant_repo(served / "batch-dask" / f"repo{index}", index + 1, variant=100 + index)
        links.append(daemon.url(f"batch-dask/repo{index}"))
    links.append(daemon.url("batch-dask/missing"))
    listing = sandbox.root / "list.txt"
    listing.write_text("\n".join(links) + "\n", encoding="utf-8")
    out = sandbox.root / "out"
    args = ("batch", listing, "--executor", "dask", "--scheduler", local.scheduler_address)

    result = sandbox.run(*args, "-o", out, "--no-progress")
    assert result.returncode == 0, result.stderr
    assert "5 repositories, 4 analyzed, 1 failed, 0 from the cache, 5 reviewed" in result.stderr
    rows = rows_of(out)
    assert [r["status"] for r in rows] == ["analyzed"] * 4 + ["failed"]
    assert rows[-1]["failure"] == "not-found"
    assert sorted(float(r["score"]) for r in rows[:4]) == [float(r["score"]) for r in rows[3::-1]]
    assert list(scratch.glob("repocheck-*")) == []  # every worker deleted its clone

    local_run = sandbox.root / "local"
    again = sandbox.run("batch", listing, "-o", local_run, "--no-progress")
    assert "4 from the cache, 1 reviewed" in again.stderr  # the cache is shared with local runs
    assert [r["score"] for r in rows_of(local_run)] == [r["score"] for r in rows]


def test_an_unreachable_scheduler_is_one_line(sandbox: Sandbox, exemplary: Path) -> None:
    listing = sandbox.root / "list.txt"
    listing.write_text(f"{exemplary}\n", encoding="utf-8")
    result = sandbox.run(
        "batch", listing, "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9",
        "-o", sandbox.root / "out", "--no-progress",
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith("repocheck: error: cannot reach the Dask scheduler")
    assert len(result.stderr.strip().splitlines()) == 1


def test_dask_needs_a_scheduler(sandbox: Sandbox, exemplary: Path) -> None:
    listing = sandbox.root / "list.txt"
    listing.write_text(f"{exemplary}\n", encoding="utf-8")
    result = sandbox.run("batch", listing, "--executor", "dask", "--no-progress")
    assert result.returncode == 2
    assert "--executor dask needs --scheduler" in result.stderr
