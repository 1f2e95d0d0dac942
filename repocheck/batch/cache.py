"""The batch cache: finished reports in SQLite, keyed by what decides a report's content.

A report depends on the repository (its canonical URL and the ref asked for), the commit, the
repocheck version and the rubric (the catalogue's text and weights, the reviewer's settings and
ruff's version). All four form the key, so a re-run re-analyzes exactly what changed, and a
batch interrupted half-way resumes: every report is committed the moment it arrives.

Only the coordinating process opens the database: Dask workers on other machines send their
reports back and never need a shared file system. WAL mode lets two batches share one cache.
A stored report that does not parse or has the wrong shape (usable.py) is a miss: the
repository is analyzed again and its fresh report replaces the broken one.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from repocheck import __version__
from repocheck.batch.usable import report_problem
from repocheck.batch.work import Rubric
from repocheck.resources import data_dir

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    repo TEXT NOT NULL,
    commit_sha TEXT NOT NULL,
    version TEXT NOT NULL,
    rubric TEXT NOT NULL,
    report TEXT NOT NULL,
    seconds REAL NOT NULL,
    stored REAL NOT NULL,
    PRIMARY KEY (repo, commit_sha, version, rubric)
)
"""


def default_path() -> Path:
    """``$XDG_CACHE_HOME/repocheck/batch.sqlite3`` (``~/.cache`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "repocheck" / "batch.sqlite3"


def _ruff_version() -> str:
    try:
        return metadata.version("ruff")
    except metadata.PackageNotFoundError:
        return "none"


def rubric_hash(rubric: Rubric) -> str:
    """A digest of everything besides the commit and version that shapes a report."""
    digest = hashlib.sha256()
    for path in sorted(data_dir("rules").glob("*.toml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    config = rubric.config
    settings = {
        "ignore": dict(sorted(config.ignore.items())),
        "weights": dict(sorted(config.weights.items())),
        "exclude": list(config.exclude),
        "trust_repo_config": rubric.trust_repo_config,
        "ruff": _ruff_version(),
    }
    # Only when set, so that caches made before these settings existed stay valid.
    if config.select is not None:
        settings["select"] = sorted(config.select)
    if config.per_path_ignores:
        settings["per_path_ignores"] = {k: list(v) for k, v in config.per_path_ignores.items()}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()[:16]


class Cache:
    """Reports by (repo, commit, version, rubric); ``path`` None keeps nothing."""

    def __init__(self, path: Path | None, rubric: str, version: str = __version__) -> None:
        self.rubric = rubric
        self.version = version
        self._db: sqlite3.Connection | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)

    def knows(self, repo: str) -> bool:
        """True when some commit of ``repo`` was stored under this version and rubric."""
        if self._db is None:
            return False
        row = self._db.execute(
            "SELECT 1 FROM reports WHERE repo = ? AND version = ? AND rubric = ? LIMIT 1",
            (repo, self.version, self.rubric),
        ).fetchone()
        return row is not None

    def get(self, repo: str, commit: str) -> tuple[dict[str, Any], float] | None:
        """The stored report of ``repo`` at ``commit`` and how long it took, or None.

        None too when what is stored is not a usable report.
        """
        if self._db is None:
            return None
        row = self._db.execute(
            "SELECT report, seconds FROM reports "
            "WHERE repo = ? AND commit_sha = ? AND version = ? AND rubric = ?",
            (repo, commit, self.version, self.rubric),
        ).fetchone()
        if row is None:
            return None
        try:
            report = json.loads(row[0])
            seconds = float(row[1])
        except (TypeError, ValueError):  # not JSON, not text, not a number
            return None
        if report_problem(report) is not None:
            return None
        return report, seconds

    def put(self, repo: str, commit: str, report: dict[str, Any], seconds: float) -> None:
        """Store one report now (a later interruption keeps it)."""
        if self._db is None:
            return
        self._db.execute(
            "INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                repo,
                commit,
                self.version,
                self.rubric,
                json.dumps(report),
                seconds,
                time.time(),
            ),
        )

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None
