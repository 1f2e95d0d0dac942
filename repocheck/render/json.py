"""The JSON report: the documented, versioned contract (docs/report-format.md)."""

from __future__ import annotations

import json

from repocheck.report import Report


def render_json(report: Report) -> str:
    """The report as indented JSON (schema: docs/report.schema.json)."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
