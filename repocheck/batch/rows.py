"""The results of a batch as rows: one per listed repository, ranked, and one per applicant.

A row reads only its Outcome's JSON report (the documented contract), so the same code ranks
fresh and cached results. A repository with no Python file and no notebook is analyzed but
counted as a failure (``not-python``): its score would rest on history and README alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from statistics import fmean
from typing import Any
from urllib.parse import urlsplit

from repocheck.acquire.userinfo import without_userinfo
from repocheck.batch.inputs import Entry
from repocheck.batch.work import Outcome
from repocheck.patterns import compile_on_use

ISSUE_STATUSES = ("fail", "warn", "error")
_SCHEME = compile_on_use(r"^[A-Za-z][A-Za-z0-9+.-]*://")
#: How a local folder is written in a list (the key of an analyzed one is its absolute path).
_LOCAL_STARTS = ("/", "./", "../", "~")


def owner_of(target: str) -> str:
    """Whose repository a target is: the path segment before the repository's name.

    ``https://github.com/ada/mnist`` -> ``ada``; a URL with the name alone
    (``git://host/mnist``) gives the name; ``gh:ada/mnist@v1`` -> ``ada``. A local folder
    (``/srv/applicants/ada-mnist``) is its own name: the folders above it are the reviewer's.
    """
    if target.startswith(_LOCAL_STARTS) or target in (".", ".."):
        return PurePosixPath(target.rstrip("/")).name or target
    if _SCHEME.match(target):
        path = urlsplit(target).path
    else:
        path = target.split(":", 1)[-1] if ":" in target.split("/", 1)[0] else target
    segments = [s for s in path.split("@", 1)[0].split("/") if s]
    if len(segments) >= 2:
        return segments[-2]
    return segments[-1] if segments else target


@dataclass(frozen=True)
class Row:
    """One listed repository: who listed it, what became of it, and its rank if it was scored."""

    entry: Entry
    key: str
    outcome: Outcome
    kind: str
    reason: str
    rank: int | None = None

    @property
    def report(self) -> dict[str, Any] | None:
        """The JSON report (also kept for ``not-python``), or None."""
        return self.outcome.report

    @property
    def ok(self) -> bool:
        """True when the repository was analyzed and scored."""
        return self.kind == "ok"

    @property
    def applicant(self) -> str:
        """The applicant as listed, else the owner in the repository's URL, else the key."""
        if self.entry.applicant:
            return self.entry.applicant
        # A local folder's key is its resolved path ("." names no one); a remote's key may be
        # lowercased (GitHub's names are case-insensitive), so the target keeps the spelling.
        local = not self.key.startswith("!") and not _SCHEME.match(self.key)
        return owner_of(self.key if local else self.entry.target) or "(unnamed)"

    @property
    def repo(self) -> str:
        """The repository as the report names it, or the target as listed."""
        if self.report:
            repository = self.report["repository"]
            return str(repository.get("url") or repository.get("path"))
        return self.entry.target or "(none)"

    @property
    def commit(self) -> str:
        """The analyzed commit, or an empty string."""
        return str((self.report or {}).get("repository", {}).get("commit") or "")

    @property
    def score(self) -> float | None:
        """The 0-100 score of an analyzed repository."""
        value = (self.report or {}).get("score") if self.ok else None
        return float(value) if value is not None else None

    @property
    def grade(self) -> str:
        """The letter grade; empty for a failure, ``-`` for a repository no rule applied to."""
        return str((self.report or {}).get("grade", "-")) if self.ok else ""

    def category_scores(self) -> dict[str, float | None]:
        """Category id -> its 0-10 score."""
        if not self.ok or not self.report:
            return {}
        return {c["id"]: c["score"] for c in self.report["categories"]}

    def issues(self, limit: int | None = 3) -> list[dict[str, Any]]:
        """The rules that failed or warned, those worth the most points first."""
        if not self.report:
            return []
        found = [
            rule
            for rule in self.report["rules"]
            if rule["status"] in ISSUE_STATUSES and not rule.get("ignored")
        ]
        found.sort(key=lambda r: (-float(r["gain"]), ISSUE_STATUSES.index(r["status"]), r["id"]))
        return found[:limit] if limit is not None else found


def _not_python(report: dict[str, Any]) -> bool:
    stats = report.get("stats", {})
    return not stats.get("python_files") and not stats.get("notebooks")


def is_scored(outcome: Outcome) -> bool:
    """True when the outcome will be an analyzed row (not a failure, not ``not-python``)."""
    return outcome.ok and outcome.report is not None and not _not_python(outcome.report)


def make_row(entry: Entry, key: str, outcome: Outcome) -> Row:
    """The row of ``entry``, with the failure kind decided from the outcome and its report.

    Rows are what the batch writes: the target as listed loses any credential it carries.
    """
    entry = dataclasses.replace(entry, target=without_userinfo(entry.target))
    if outcome.ok and outcome.report is not None and _not_python(outcome.report):
        reason = "no Python file and no notebook: nothing a Python rubric can score"
        return Row(entry, key, outcome, "not-python", reason)
    return Row(entry, key, outcome, outcome.kind, outcome.reason)


def rank(rows: Sequence[Row]) -> list[Row]:
    """Rows best score first (shared ranks for ties), then unscored, then failures by kind."""
    scored = sorted((r for r in rows if r.score is not None), key=_order)
    places = competition_ranks([row.score for row in scored])
    ranked = [
        Row(row.entry, row.key, row.outcome, row.kind, row.reason, place)
        for row, place in zip(scored, places, strict=True)
    ]
    unscored = sorted((r for r in rows if r.ok and r.score is None), key=_order)
    failures = sorted((r for r in rows if not r.ok), key=lambda r: r.kind)  # then as listed
    return ranked + unscored + failures


def competition_ranks(values: Sequence[object]) -> list[int]:
    """Ranks of already sorted values, equal values sharing one: 1, 2, 2, 4."""
    places: list[int] = []
    for position, value in enumerate(values, start=1):
        tied = position > 1 and values[position - 2] == value
        places.append(places[-1] if tied else position)
    return places


def _order(row: Row) -> tuple[float, str, str]:
    return (-(row.score or 0.0), row.applicant.lower(), row.repo)


@dataclass(frozen=True)
class Applicant:
    """One applicant's repositories, judged by the best of them."""

    name: str
    rows: tuple[Row, ...]
    rank: int | None = None

    @property
    def scores(self) -> list[float]:
        """The scores of the applicant's analyzed repositories."""
        return [r.score for r in self.rows if r.score is not None]

    @property
    def best(self) -> float | None:
        """The highest score."""
        return max(self.scores) if self.scores else None

    @property
    def mean(self) -> float | None:
        """The mean score, one decimal."""
        return round(fmean(self.scores), 1) if self.scores else None

    @property
    def best_row(self) -> Row | None:
        """The applicant's best-scored repository."""
        scored = [r for r in self.rows if r.score is not None]
        return max(scored, key=lambda r: r.score or 0.0) if scored else None

    @property
    def failed(self) -> int:
        """How many of the applicant's repositories could not be scored."""
        return sum(1 for r in self.rows if not r.ok)


def _merit(person: Applicant) -> tuple[bool, float, float, str]:
    best, mean = person.best, person.mean
    return (best is None, -(best or 0.0), -(mean or 0.0), person.name.lower())


def applicants(rows: Sequence[Row]) -> list[Applicant]:
    """One Applicant per name, ranked by best score (ties share a rank), unscored last."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.applicant, []).append(row)
    people = [Applicant(name, tuple(group)) for name, group in groups.items()]
    people.sort(key=_merit)
    judged = [p for p in people if p.best is not None]
    places = competition_ranks([(p.best, p.mean) for p in judged])
    ranked = [Applicant(p.name, p.rows, place) for p, place in zip(judged, places, strict=True)]
    return ranked + [p for p in people if p.best is None]
