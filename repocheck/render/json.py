"""The JSON report: the documented, versioned contract (docs/report-format.md)."""

from __future__ import annotations

from repocheck.render.jsontext import dumps
from repocheck.report import Report


def render_json(report: Report) -> str:
    """The report as indented JSON (schema: docs/report.schema.json)."""
    return dumps(report.to_dict()) + "\n"
