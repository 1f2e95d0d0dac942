"""SARIF 2.1.0: the report as code-scanning results (github/codeql-action/upload-sarif reads it).

One ``rule`` per catalogue entry, with the catalogue's explanation as help; one ``result`` per
finding that points at a file. Findings about the repository as a whole (no tests, no README)
have no location, which code scanning requires, so they stay in the other reports.
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


def _location(evidence: Evidence, prefix: str) -> dict[str, Any] | None:
    uri = artifact_uri(prefix + evidence.path)
    if not uri:
        return None
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}
    # A notebook cell's line counts within the cell, not within the .ipynb file: no region.
    if evidence.line and evidence.cell is None:
        region: dict[str, Any] = {"startLine": evidence.line}
        if evidence.snippet:
            region["snippet"] = {"text": evidence.snippet}
        physical["region"] = region
    return {"physicalLocation": physical}


def _results(report: Report, prefix: str) -> list[dict[str, Any]]:
    results = []
    for index, outcome in enumerate(report.outcomes):
        level = LEVELS.get(outcome.result.status)
        if level is None or outcome.ignored:
            continue
        for evidence in outcome.result.evidence:
            location = _location(evidence, prefix)
            if location is None:
                continue
            where = f" (cell {evidence.cell + 1})" if evidence.cell is not None else ""
            results.append(
                {
                    "ruleId": outcome.meta.id,
                    "ruleIndex": index,
                    "level": level,
                    "message": {"text": f"{outcome.result.message}{where}"},
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
