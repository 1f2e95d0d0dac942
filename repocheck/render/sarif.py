"""SARIF 2.1.0: the report as code-scanning results (github/codeql-action/upload-sarif reads it).

One ``rule`` per catalogue entry, with the catalogue's explanation as help; one ``result`` per
place a finding points at, every one of them (not only the report's first 20), each with that
place's own detail (the lint code and text, the draw, the commit). Code scanning requires a
location: findings about the repository as a whole (no tests, no README) are shown on the file
they concern (the catalogue's ``file``: README.md, .github/workflows, pyproject.toml).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from repocheck import __version__
from repocheck.model import Evidence, Status
from repocheck.render.jsontext import dumps
from repocheck.report import Report
from repocheck.score import Outcome

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Status.FAIL: "error", Status.WARN: "warning"}


def _rule(outcome: Outcome) -> dict[str, Any]:
    meta = outcome.meta
    entry: dict[str, Any] = {
        "id": meta.id,
        "name": meta.slug,
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": meta.why},
        "help": {
            "text": f"{meta.why}\n\nFix: {meta.fix}",
            "markdown": f"{meta.why}\n\n**Fix:** {meta.fix}",
        },
        "defaultConfiguration": {"level": "warning"},
        "properties": {"category": meta.category, "weight": outcome.weight},
    }
    if meta.references:
        entry["helpUri"] = meta.references[0]
    return entry


def artifact_uri(path: str) -> str | None:
    """``path`` as a relative URI reference below the root, or None when it cannot be one.

    A file name is the repository's text: ``http:`` or ``C:`` in it must not make a scheme,
    ``#``, ``?`` or ``%`` must not cut or decode it, and ``..`` or a leading ``/`` must not
    lead out of the checkout. Every segment is percent-encoded (``/`` stays the separator).
    """
    segments = path.split("/")
    if path.startswith("/") or ".." in segments:
        return None
    return "/".join(quote(s, safe="()") for s in segments if s not in ("", "."))


def _location(path: str, prefix: str, evidence: Evidence | None = None) -> dict[str, Any] | None:
    uri = artifact_uri(prefix + path)
    if not uri:
        return None
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}
    # A notebook cell's line counts within the cell, not within the .ipynb file: no region.
    if evidence is not None and evidence.line and evidence.cell is None:
        region: dict[str, Any] = {"startLine": evidence.line}
        if evidence.snippet:
            region["snippet"] = {"text": evidence.snippet}
        physical["region"] = region
    return {"physicalLocation": physical}


def is_place(path: str) -> bool:
    """False for the pseudo-paths that stand for no file, such as ``(history)``."""
    return not (path.startswith("(") and path.endswith(")"))


def _located(outcome: Outcome, prefix: str) -> list[tuple[dict[str, Any], str]]:
    """(location, message) for every place the finding points at, each with its own detail.

    Evidence that names no file (a commit of the history) and a finding without evidence
    are shown on the file the rule concerns (the catalogue's ``file``), so that code
    scanning lists every finding, not only those with a line.
    """
    result = outcome.result
    placed: list[tuple[dict[str, Any], str]] = []
    elsewhere: list[str] = []
    for evidence in result.locations:
        detail = evidence.snippet or result.message
        if evidence.cell is not None:
            detail += f" (cell {evidence.cell + 1})"
        location = _location(evidence.path, prefix, evidence) if is_place(evidence.path) else None
        if location is None:
            elsewhere.append(f"{evidence.path} {detail}" if is_place(evidence.path) else detail)
        else:
            placed.append((location, detail))
    if elsewhere or not placed:
        fallback = _location(outcome.meta.file, prefix)
        if fallback is not None:
            details = elsewhere or [result.message]
            placed += [(fallback, detail) for detail in details]
    return placed


def _results(report: Report, prefix: str) -> list[dict[str, Any]]:
    results = []
    seen: set[str] = set()
    for index, outcome in enumerate(report.outcomes):
        level = LEVELS.get(outcome.result.status)
        if level is None or outcome.ignored:
            continue
        for location, message in _located(outcome, prefix):
            # The same detail at the same place is one alert, however often a rule found it.
            key = dumps([outcome.meta.id, location, message], indent=None)
            if key in seen:
                continue
            seen.add(key)
            results.append(
                {
                    "ruleId": outcome.meta.id,
                    "ruleIndex": index,
                    "level": level,
                    "message": {"text": message},
                    "locations": [location],
                }
            )
    return results


def sarif_document(report: Report, prefix: str = "") -> dict[str, Any]:
    """The SARIF log as a dict; ``prefix`` is prepended to every path (a subfolder's name)."""
    prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "repocheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(o) for o in report.outcomes],
            }
        },
        "results": _results(report, prefix),
        "columnKind": "unicodeCodePoints",
    }
    if report.target.commit and report.target.url:
        run["versionControlProvenance"] = [
            {"repositoryUri": report.target.url, "revisionId": report.target.commit}
        ]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(report: Report) -> str:
    """The report as a SARIF 2.1.0 JSON document."""
    return dumps(sarif_document(report)) + "\n"
