"""Workflow annotations: the first findings that point at a line, shown on the diff itself."""

from __future__ import annotations

from collections.abc import Sequence

from repocheck.github.delta import Finding
from repocheck.github.workflow import command
from repocheck.render.controls import visible

#: GitHub shows at most ten warnings per step on a pull request's diff; the rest go to the summary.
MAX_ANNOTATIONS = 10


def has_line(finding: Finding) -> bool:
    """True when the finding points at a line of a file (a notebook cell's line does not count:
    the annotation would land on the wrong line of the notebook's JSON)."""
    return bool(finding.path and finding.line and finding.cell is None)


def choose(
    findings: Sequence[Finding], first: Sequence[Finding] = (), limit: int = MAX_ANNOTATIONS
) -> tuple[list[Finding], list[Finding]]:
    """(annotated, the rest): line-level findings, those in ``first`` (introduced) first."""
    ordered = [f for f in first if has_line(f)]
    seen = {f.key for f in ordered}
    ordered += [f for f in findings if has_line(f) and f.key not in seen]
    return ordered[:limit], ordered[limit:]


def annotation(finding: Finding, prefix: str = "") -> str:
    """One ``::warning file=...,line=...,title=...::message`` line; ``prefix`` is the analyzed
    folder relative to the repository root, since annotations name files from the root."""
    path = f"{prefix.rstrip('/')}/{finding.path}" if prefix else str(finding.path)
    # The log shows an annotation's text too: its escape sequences must not colour or link.
    return command(
        "warning",
        visible(finding.message),
        file=visible(path),
        line=finding.line,
        title=f"repocheck {finding.rule}: {finding.title}",
    )
