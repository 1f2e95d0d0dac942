"""The batch's files for spreadsheets and scripts: two CSVs and the reports as JSON Lines.

Cells that come from applicants (names, file names in messages, failure reasons) are written
so that a spreadsheet shows them as text: a cell starting with ``=``, ``+``, ``-`` or ``@``
would otherwise be read as a formula (CSV injection), so it gains a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from repocheck.batch.rows import Applicant, Row

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A value as one safe CSV cell: numbers as they are, text on one line and inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    text = " ".join(str(value).split())
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def issue_text(rule: dict[str, Any]) -> str:
    """``TEST001 Tests are present (+7.5): no tests found``."""
    return f"{rule['id']} {rule['title']} (+{rule['gain']:g}): {rule['message']}"


def _csv(header: Sequence[str], lines: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([cell(name) for name in header])
    writer.writerows([[cell(value) for value in line] for line in lines])
    return buffer.getvalue()


def reviewer_columns(rows: Sequence[Row]) -> list[str]:
    """The reviewer's own CSV columns (email, notes, cohort), in the order the list had them."""
    return list(dict.fromkeys(name for row in rows for name, _ in row.entry.columns))


def _own_headers(names: Sequence[str], taken: Sequence[str]) -> list[str]:
    """The reviewer's column names, marked when one is also a column repocheck writes."""
    return [f"{name} (list)" if name in taken else name for name in names]


def _values(rows: Sequence[Row], names: Sequence[str]) -> list[str]:
    """Each column's distinct values over ``rows`` (an applicant listed twice), joined."""
    found: dict[str, dict[str, None]] = {name: {} for name in names}
    for row in rows:
        for name, value in row.entry.columns:
            if value.strip():
                found[name][value.strip()] = None
    return ["; ".join(found[name]) for name in names]


def repos_csv(rows: Sequence[Row], categories: Sequence[str]) -> str:
    """One line per listed repository, best first, failures last with their reasons; the
    reviewer's own columns of the list follow."""
    header = [
        "rank", "applicant", "repo", "commit", "status", "failure", "reason", "score", "grade",
        *categories, "issue_1", "issue_2", "issue_3", "cached", "seconds", "listed_at",
    ]  # fmt: skip
    own = reviewer_columns(rows)
    header += _own_headers(own, header)
    lines = []
    for row in rows:
        scores = row.category_scores()
        issues = [issue_text(rule) for rule in row.issues(3)] if row.ok else []
        issues += [""] * (3 - len(issues))
        lines.append(
            [
                row.rank, row.applicant, row.repo, row.commit,
                "analyzed" if row.ok else "failed", None if row.ok else row.kind, row.reason,
                row.score, row.grade, *(scores.get(c) for c in categories), *issues,
                row.outcome.cached, round(row.outcome.seconds, 2), row.entry.where,
                *_values([row], own),
            ]
        )  # fmt: skip
    return _csv(header, lines)


def applicants_csv(people: Sequence[Applicant]) -> str:
    """One line per applicant: how many repositories, the best and the mean score."""
    header = [
        "rank", "applicant", "repos", "analyzed", "failed", "best_score", "mean_score",
        "best_grade", "best_repo",
    ]  # fmt: skip
    own = reviewer_columns([row for person in people for row in person.rows])
    header += _own_headers(own, header)
    lines = []
    for person in people:
        best = person.best_row
        lines.append(
            [
                person.rank, person.name, len(person.rows), len(person.rows) - person.failed,
                person.failed, person.best, person.mean, best.grade if best else "",
                best.repo if best else "", *_values(person.rows, own),
            ]
        )  # fmt: skip
    return _csv(header, lines)


def jsonl(rows: Sequence[Row]) -> str:
    """One JSON object a line per listed repository, holding its full report when there is one."""
    lines = []
    for row in rows:
        record = {
            "rank": row.rank,
            "applicant": row.applicant,
            "target": row.entry.target,
            "listed_at": row.entry.where,
            "columns": dict(row.entry.columns),
            "status": "analyzed" if row.ok else "failed",
            "failure": None if row.ok else row.kind,
            "reason": row.reason,
            "cached": row.outcome.cached,
            "seconds": round(row.outcome.seconds, 3),
            "report": row.report,
        }
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=False))
    return "".join(line + "\n" for line in lines)
