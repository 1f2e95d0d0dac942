"""What templates see: the JSON form of the Report plus a few orderings derived from it."""

from __future__ import annotations

from collections import Counter
from typing import Any

from repocheck.render.templating import CatalogueText
from repocheck.report import Report

STATUS_ORDER = {"fail": 0, "error": 1, "warn": 2, "pass": 3, "skip": 4}
STATUS_ICON = {"pass": "✓", "warn": "!", "fail": "✗", "skip": "-", "error": "?"}


def template_context(report: Report, top: int = 5) -> dict[str, Any]:
    """The report's JSON form plus findings ordered by the points fixing them would add."""
    data = report.to_dict()
    rules = data["rules"]
    for rule, outcome in zip(rules, report.outcomes, strict=True):
        # Taken from the catalogue itself, not from the report's copy: only this text is
        # repocheck's own Markdown.
        meta = outcome.meta
        rule["title"], rule["why"], rule["fix"] = map(
            CatalogueText, (meta.title, meta.why, meta.fix)
        )
        rule["example"] = meta.example
    findings = [r for r in rules if r["status"] in ("fail", "warn", "error") and not r["ignored"]]
    findings.sort(key=lambda r: (-r["gain"], STATUS_ORDER[r["status"]], r["id"]))
    counts = Counter(r["status"] for r in rules)
    return {
        "report": data,
        "rules": rules,
        "findings": findings,
        "top_fixes": [r for r in findings if r["gain"] > 0][:top],
        "ignored": [r for r in rules if r["ignored"]],
        "counts": {status: counts.get(status, 0) for status in STATUS_ORDER},
        "icon": STATUS_ICON,
    }
