"""A shields.io endpoint badge: ``https://img.shields.io/endpoint?url=<where this JSON lives>``."""

from __future__ import annotations

from repocheck.render.jsontext import dumps
from repocheck.report import Report
from repocheck.score import shown

#: shields.io's named colours, one per grade (docs/scoring.md lists the grade bands).
GRADE_COLORS = {
    "A": "brightgreen",
    "B": "green",
    "C": "yellow",
    "D": "orange",
    "F": "red",
}


def badge(report: Report) -> dict[str, object]:
    """The endpoint JSON: schemaVersion 1, label, message and color."""
    message = "no score" if report.score is None else f"{shown(report.score)}/100 {report.grade}"
    return {
        "schemaVersion": 1,
        "label": "repocheck",
        "message": message,
        "color": GRADE_COLORS.get(report.grade, "lightgrey"),
    }


def render_badge(report: Report) -> str:
    """The badge JSON for shields.io's endpoint badge."""
    return dumps(badge(report)) + "\n"
