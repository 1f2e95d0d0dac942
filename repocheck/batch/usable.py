"""Whether a JSON report can become a row: the fields the batch reads, of the types it reads.

The rows, the two CSVs, the JSON Lines and the dashboard read a report's fields directly (the
dashboard's templates are strict about missing names), so one report of the wrong shape would
end the whole batch while its files are written. Reports come from workers and from the
cache, a file that another batch, another version or a disk fault may have left broken. Each
is checked here first: a broken cached report is a cache miss, a broken fresh one a failed row.

JSON Schema (docs/report.schema.json) could say most of this, but not that every number is
finite, which is what Python's ``json`` lets through (``NaN``); and the batch needs only these
fields, so a plain check of them is enough and adds no dependency.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from typing import Any

_NONE = type(None)
_NUMBER = (int, float)
_Spec = Mapping[str, tuple[type, ...]]

_REPORT: _Spec = {
    "repository": (dict,),
    "score": (*_NUMBER, _NONE),
    "grade": (str,),
    "partial": (bool,),
    "stats": (dict,),
    "categories": (list,),
    "rules": (list,),
    "notes": (list,),
    "errors": (dict,),
}
_REPOSITORY: _Spec = {"path": (str,), "url": (str, _NONE), "commit": (str, _NONE)}
_CATEGORY: _Spec = {
    "id": (str,),
    "title": (str,),
    "score": (*_NUMBER, _NONE),
    "passed": (int,),
    "total": (int,),
}
_RULE: _Spec = {
    **{name: (str,) for name in ("id", "title", "status", "message", "why", "fix")},
    "gain": _NUMBER,
    "ignored": (str, _NONE),
    "evidence": (list,),
}
_EVIDENCE: _Spec = {"path": (str,), "line": (int, _NONE), "cell": (int, _NONE), "snippet": (str,)}
#: The counts the dashboard shows for each repository.
_STATS = ("files", "python_files", "notebooks", "code_lines", "test_lines", "commits")


def _mismatch(value: object, spec: _Spec, what: str) -> str | None:
    if not isinstance(value, dict):
        return f"{what} is not an object"
    for key, types in spec.items():
        if key not in value or not isinstance(value[key], types):
            return f"{what} has no valid {key!r}"
    return None


def _parts(report: dict[str, Any]) -> Iterator[tuple[object, _Spec, str]]:
    yield report["repository"], _REPOSITORY, "its repository"
    yield from ((category, _CATEGORY, "a category") for category in report["categories"])
    yield from ((rule, _RULE, "a rule") for rule in report["rules"])


def report_problem(report: object) -> str | None:
    """Why ``report`` cannot become a row of the batch, or None when it can."""
    problem = _mismatch(report, _REPORT, "the report")
    if problem is not None:
        return problem
    assert isinstance(report, dict)
    for value, spec, what in _parts(report):
        problem = _mismatch(value, spec, what)
        if problem is not None:
            return problem
    for rule in report["rules"]:
        for item in rule["evidence"]:
            if (problem := _mismatch(item, _EVIDENCE, "evidence")) is not None:
                return problem
    if not all(isinstance(report["stats"].get(name), int) for name in _STATS):
        return "its counts are missing"
    try:
        json.dumps(report, allow_nan=False)
    except ValueError:
        return "a number in it is not finite"
    score = report["score"]
    if score is not None and not (0 <= score <= 100 and math.isfinite(score)):
        return "its score is not between 0 and 100"
    return None
