"""Complexity on every core: the pooled path gives the serial path's facts, whatever breaks."""

from __future__ import annotations

import multiprocessing
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from repocheck.analyze import analyze_path
from repocheck.facts import cores
from repocheck.facts.collect import collect
from repocheck.facts.complexity import measure
from repocheck.facts.cores import (
    WORKERS_ENV,
    ComplexityJob,
    chunked,
    planned_workers,
    pool_size,
)
from repocheck.facts.python import PythonSource
from repocheck.facts.snapshot import FunctionComplexity, RepoConfig, Snapshot
from tests.helpers import Step, make_repo

#: radon's visitor runs out of frames on this chain; Python's parser does not.
RADON_BREAKER = "x = " + "+".join(["1"] * 900) + "\n"


def _module(index: int) -> str:
    """A module of a few hundred lines with functions of varied complexity."""
    functions = []
    for number in range(40):
        branches = "".join(
            f"    if x == {b}:\n        x += {b}\n" for b in range((index + number) % 12)
        )
        functions.append(f"def f{number}(x):\n{branches}    return x\n")
    methods = "".join(
        f"    def m{n}(self, y):\n        return [v for v in y if v] or None\n" for n in range(5)
    )
    return "\n\n".join(functions) + f"\n\nclass C{index}:\n{methods}"


def _big_repo(root: Path) -> Path:
    files: dict[str, str | bytes | None] = {
        f"pkg/mod_{index:02d}.py": _module(index) for index in range(60)
    }
    files["pkg/broken.py"] = "def broken(:\n"
    files["pkg/chain.py"] = RADON_BREAKER
    files["tests/test_mod.py"] = "def test_one():\n    assert 1 if True else 2\n"
    files["notebook.ipynb"] = (
        '{"cells": [{"cell_type": "code", "source": ["def g(a):\\n", "    return a or 1\\n"],'
        ' "metadata": {}, "outputs": [], "execution_count": 1}],'
        ' "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    )
    return make_repo(root, [Step("Add the package", files)])


def _facts(snapshot: Snapshot) -> tuple[object, ...]:
    return (
        snapshot.complexity,
        snapshot.notes,
        snapshot.limits,
        snapshot.errors,
        [(unit.path, unit.cell, unit.error) for unit in snapshot.sources],
    )


def test_pooled_and_serial_paths_give_equal_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _big_repo(tmp_path / "big")
    monkeypatch.setenv(WORKERS_ENV, "0")
    serial = collect(repo)
    monkeypatch.setenv(WORKERS_ENV, "2")
    assert planned_workers(0) == 2  # nothing keeps the pool from starting
    pooled = collect(repo)
    assert _facts(pooled) == _facts(serial)
    assert len(serial.complexity) > 2000
    assert any(f.path == "notebook.ipynb" and f.cell == 0 for f in pooled.complexity)
    assert multiprocessing.active_children() == []  # the workers are gone


def test_a_file_that_breaks_parse_or_radon_in_a_worker_is_that_files_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKERS_ENV, "2")
    snapshot = collect(_big_repo(tmp_path / "big"))
    assert "pkg/chain.py: too deeply nested for complexity analysis" in snapshot.notes
    assert "pkg/chain.py: too deeply nested for complexity analysis" in snapshot.limits
    assert any(note.startswith("pkg/broken.py: syntax error") for note in snapshot.notes)
    measured = {f.path for f in snapshot.complexity}
    assert "pkg/chain.py" not in measured and "pkg/broken.py" not in measured
    assert {f"pkg/mod_{index:02d}.py" for index in range(60)} <= measured


def test_every_chunk_measured_by_the_workers_matches_this_process() -> None:
    sources = [PythonSource(f"m{i}.py", _module(i), None, False) for i in range(30)]
    sources.insert(7, PythonSource("chain.py", RADON_BREAKER, None, False))
    units = [source.parse() for source in sources]
    job = ComplexityJob(sources, workers=2)
    try:
        # This process claims no chunk: the workers measure them all.
        assert job._receiver is not None
        job._receiver.join()
        from_workers: dict[int, tuple[list[FunctionComplexity], list[str]]] = dict(job._received)
    finally:
        job.close()
    assert sorted(from_workers) == list(range(len(chunked(sources)))) and len(from_workers) > 1
    results = [found for index in sorted(from_workers) for found in from_workers[index][0]]
    notes = [note for index in sorted(from_workers) for note in from_workers[index][1]]
    assert (results, notes) == measure(units)
    assert notes == ["chain.py: too deeply nested for complexity analysis"]


def test_a_worker_killed_holding_the_claims_lock_costs_only_time() -> None:
    sources = [PythonSource(f"m{i}.py", _module(i), None, False) for i in range(20)]
    units = [source.parse() for source in sources]
    job = ComplexityJob(sources, workers=0)
    ready = multiprocessing.get_context("fork").Event()

    def hold(lock: Any) -> None:
        lock.acquire()
        ready.set()
        time.sleep(60)

    holder = multiprocessing.get_context("fork").Process(
        target=hold, args=(job._claims.get_lock(),)
    )
    holder.start()
    assert ready.wait(10)
    holder.kill()  # killed inside its claim: the process lock is never released
    holder.join()
    assert job.finish(units) == measure(units)


def test_a_dead_worker_costs_only_time() -> None:
    sources = [PythonSource(f"m{i}.py", _module(i), None, False) for i in range(20)]
    units = [source.parse() for source in sources]
    job = ComplexityJob(sources, workers=1)
    for process, _ in job._workers:  # as the kernel's OOM killer would
        process.kill()
    assert job.finish(units) == measure(units)
    assert multiprocessing.active_children() == []


def test_no_pool_below_the_threshold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WORKERS_ENV, raising=False)
    assert planned_workers(cores.POOL_LINES - 1) == 0
    assert pool_size(cores.POOL_LINES - 1, "", True, 2) == 0
    assert pool_size(cores.POOL_LINES, "", True, 2) == 1  # one worker and this process
    assert pool_size(cores.POOL_LINES, "", True, 8) == 7
    assert pool_size(cores.POOL_LINES, "", False, 2) == 0  # threads: no fork
    assert pool_size(10, "3", False, 2) == 3  # REPOCHECK_WORKERS insists
    assert pool_size(cores.POOL_LINES, "many", True, 2) == 1  # nonsense is ignored
    small = [PythonSource("a.py", "def f(x):\n    return x\n", None, False)]
    assert cores.start_complexity(small) is None
    repo = make_repo(tmp_path / "small", [Step("Add", {"a.py": "def f(x):\n    return x\n"})])
    assert [f.name for f in collect(repo).complexity] == ["f"]
    monkeypatch.setenv(WORKERS_ENV, "0")
    assert planned_workers(10 * cores.POOL_LINES) == 0


def test_chunks_cover_every_source_once_in_order() -> None:
    sources = [PythonSource(f"m{i}.py", "x = 1\n" * (i * 700), None, False) for i in range(12)]
    chunks = chunked(sources)
    assert [i for chunk in chunks for i in chunk] == list(range(12))
    assert chunked([]) == []


def _planned_in_child(results: Connection) -> None:
    results.send(planned_workers(10 * cores.POOL_LINES))


def test_a_daemonic_process_never_starts_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch's workers are daemonic: they cannot have children, and the batch is the pool."""
    monkeypatch.setenv(WORKERS_ENV, "2")
    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe(duplex=False)
    child = context.Process(target=_planned_in_child, args=(theirs,), daemon=True)
    child.start()
    theirs.close()
    assert mine.recv() == 0
    child.join()


def test_a_process_with_threads_measures_here_unless_told(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sources = [PythonSource(f"m{i}.py", _module(i), None, False) for i in range(12)]
    units = [source.parse() for source in sources]
    waiting = threading.Event()
    thread = threading.Thread(target=waiting.wait)
    thread.start()
    try:
        monkeypatch.delenv(WORKERS_ENV, raising=False)
        assert planned_workers(10 * cores.POOL_LINES) == 0
        monkeypatch.setenv(WORKERS_ENV, "1")
        job = cores.start_complexity(sources)
        assert job is not None
        assert job.finish(units) == measure(units)
    finally:
        waiting.set()
        thread.join()


def test_workers_go_on_measuring_while_the_rules_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _big_repo(tmp_path / "big")
    monkeypatch.setenv(WORKERS_ENV, "0")
    serial = analyze_path(repo, RepoConfig()).to_dict()
    monkeypatch.setenv(WORKERS_ENV, "1")
    snapshot = collect(repo)
    assert snapshot.measuring is not None  # the facts are back before the measurements
    assert "pkg/chain.py: too deeply nested for complexity analysis" in snapshot.limits
    assert snapshot.measuring is None and multiprocessing.active_children() == []
    # The whole report: rules that ran before the measurements settled still say that
    # radon's limit cut the analysis, exactly as in one process.
    pooled = analyze_path(repo, RepoConfig()).to_dict()
    assert pooled == serial
    assert "partial: " in {rule["id"]: rule for rule in pooled["rules"]}["TEST001"]["message"]


def test_measurements_nobody_reads_stop_their_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKERS_ENV, "1")
    snapshot = collect(_big_repo(tmp_path / "big"))
    del snapshot
    assert multiprocessing.active_children() == []
    assert [thread.name for thread in threading.enumerate()].count("complexity") == 0


def test_a_worker_leaves_once_it_has_measured_before_anyone_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its memory is gone before the rules, which build up this process's, are done.
    monkeypatch.setenv(WORKERS_ENV, "1")
    snapshot = collect(_big_repo(tmp_path / "big"))
    deadline = time.monotonic() + 60
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []
    assert snapshot.measuring is not None  # nothing read the measurements yet
    assert "pkg/chain.py: too deeply nested for complexity analysis" in snapshot.limits
