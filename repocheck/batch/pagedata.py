"""The dashboard's data: every row of the batch once, as JSON that the page's script renders.

A page that held each repository's panel as HTML grew with every rule's explanation repeated
per repository (115 MB for 10,000 rows). Here each row is one compact record; a rule's title,
why and fix appear once for the whole page; the ranking, the applicants and the failures are
built from the records when the page opens, and a repository's panel only when it is chosen.

Texts that many rows share (a passing rule's message, a failure's reason, a note) are stored
once in ``texts`` and named by their position there.

The records sit in a ``<script type="application/json">`` block, which no browser runs and the
Content-Security-Policy leaves alone. Every ``<``, ``>`` and ``&`` in it is written as a JSON
``\\u`` escape, so no applicant's text can close the block or open markup: the script reads
it with ``JSON.parse`` and writes it with ``textContent``, never as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from repocheck.batch.rows import Applicant, Row

#: Characters that could end the data block or start markup, and their JSON escapes.
_INERT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def embed(data: object) -> str:
    """``data`` as JSON text that is safe inside a ``<script type="application/json">``."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_INERT)


def _web_link(url: str) -> str | None:
    return url if url.startswith(("https://", "http://")) else None


#: The order of a report's ``stats`` in a record.
STATS = ("files", "python_files", "notebooks", "code_lines", "test_lines", "commits")
#: A row travels as a list of these fields, in this order (named once, in ``fields``).
ROW_FIELDS = (
    "rank", "who", "repo", "link", "ok", "kind", "reason", "score", "grade", "cats", "cached",
    "commit", "where", "target", "report",
)  # fmt: skip
#: The same for the part of a row only its panel shows.
REPORT_FIELDS = ("categories", "stats", "partial", "findings", "others", "notes")


class Shared:
    """Each distinct value once; a value is named by its position."""

    def __init__(self) -> None:
        self.positions: dict[Hashable, int] = {}

    def __call__(self, value: Hashable) -> int:
        return self.positions.setdefault(value, len(self.positions))

    def listed(self) -> list[Any]:
        """The values in the order of their positions."""
        return list(self.positions)


@dataclass
class Texts:
    """The page's shared texts, and its shared outcomes of passing or skipped rules."""

    strings: Shared = field(default_factory=Shared)
    #: (rule id, status, text position): most rules end the same way in most repositories.
    outcomes: Shared = field(default_factory=Shared)

    def __call__(self, text: object) -> int:
        return self.strings(str(text))


def _finding(rule: dict[str, Any], texts: Texts) -> list[Any]:
    evidence = [
        [item.get("path"), item.get("cell"), item.get("line"), item.get("snippet")]
        for item in rule.get("evidence", [])
    ]
    return [rule["id"], rule["status"], rule["gain"], texts(rule["message"]), evidence]


def _detail(
    row: Row, report: dict[str, Any], categories: Sequence[str], texts: Texts
) -> dict[str, Any]:
    """What a repository's panel shows beyond its row."""
    others = [
        texts.outcomes((rule["id"], "ignored" if rule.get("ignored") else rule["status"],
                        texts(rule.get("ignored") or rule["message"])))
        for rule in report["rules"]
        if rule["status"] not in ("fail", "warn", "error") or rule.get("ignored")
    ]  # fmt: skip
    by_id = {c["id"]: [c["score"], c["passed"], c["total"]] for c in report["categories"]}
    notes = list(report.get("notes", []))
    notes += [f"{name}: {error}" for name, error in report.get("errors", {}).items()]
    return {
        "categories": [by_id.get(category) for category in categories],
        "stats": [report.get("stats", {}).get(name, 0) for name in STATS],
        "partial": bool(report.get("partial")),
        "findings": [_finding(rule, texts) for rule in row.issues(None)],
        "others": others,
        "notes": [texts(note) for note in notes],
    }


def record_of(row: Row, categories: Sequence[str], texts: Texts) -> dict[str, Any]:
    """Everything the page shows of ``row``, by field name."""
    scores = row.category_scores()
    return {
        "rank": row.rank,
        "who": row.applicant,
        "repo": row.repo,
        "link": _web_link(row.repo) is not None,
        "ok": row.ok,
        "kind": row.kind,
        "reason": texts(row.reason),
        "score": row.score,
        "grade": row.grade,
        "cats": [scores.get(c) for c in categories],
        "cached": row.outcome.cached,
        "commit": row.commit[:12],
        "where": row.entry.where,
        "target": row.entry.target if row.entry.target != row.repo else None,
        "report": _detail(row, row.report, categories, texts) if row.report else None,
    }


def _as_list(record: dict[str, Any]) -> list[Any]:
    report = record["report"]
    packed = dict(record, report=[report[name] for name in REPORT_FIELDS] if report else None)
    return [packed[name] for name in ROW_FIELDS]


def _rules(rows: Sequence[Row]) -> dict[str, list[str]]:
    """Rule id -> (title, why, fix), once for the page, as the reports state them."""
    found: dict[str, list[str]] = {}
    for row in rows:
        for rule in (row.report or {}).get("rules", []):
            found.setdefault(rule["id"], [rule["title"], rule["why"], rule["fix"]])
    return found


def _person(person: Applicant, positions: dict[int, int]) -> list[Any]:
    """An applicant, naming their best repository by its row's position."""
    best = person.best_row
    return [
        person.rank, person.name, len(person.rows), person.failed, person.best, person.mean,
        positions.get(id(best)) if best is not None else None,
    ]  # fmt: skip


def page_data(
    rows: Sequence[Row],
    people: Sequence[Applicant],
    categories: Sequence[tuple[str, str]],
    kinds: dict[str, str],
) -> dict[str, Any]:
    """Everything the page's script renders: rows, applicants, rule texts, failure kinds."""
    ids = [category_id for category_id, _ in categories]
    texts = Texts()
    records = [_as_list(record_of(row, ids, texts)) for row in rows]
    positions = {id(row): index for index, row in enumerate(rows)}
    return {
        "fields": {"row": list(ROW_FIELDS), "report": list(REPORT_FIELDS)},
        "categories": [list(category) for category in categories],
        "rules": _rules(rows),
        "kinds": kinds,
        "texts": texts.strings.listed(),
        "outcomes": [list(outcome) for outcome in texts.outcomes.listed()],
        "rows": records,
        "people": [_person(person, positions) for person in people],
    }
