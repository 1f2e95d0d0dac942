"""Workflow annotations: findings that point at a line, shown on the diff itself.

On a pull request only the files it changed are annotated: a warning on a line the author
never touched is noise on their diff (the job summary lists every finding).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence

from repocheck.github.delta import Finding
from repocheck.github.workflow import command
from repocheck.render.controls import visible

#: GitHub shows at most ten warnings per step on a pull request's diff; the rest go to the summary.
MAX_ANNOTATIONS = 10


def has_line(finding: Finding) -> bool:
    """True when the finding points at a line of a file (a notebook cell's line does not count:
    the annotation would land on the wrong line of the notebook's JSON)."""
    return bool(finding.path and finding.line and finding.cell is None)


def detail(finding: Finding) -> str:
    """What this place shows: its evidence's detail (the lint code and text, the draw, the
    missing guard), else the rule's message."""
    return finding.snippet or finding.message


def from_root(path: str, prefix: str = "") -> str:
    """``path`` (relative to the analyzed folder) relative to the repository root."""
    return f"{prefix.strip('/')}/{path}" if prefix.strip("/") else path


def _place(finding: Finding) -> Hashable:
    return (finding.rule, finding.path, finding.line, detail(finding))


def choose(
    findings: Sequence[Finding],
    first: Sequence[Finding] = (),
    limit: int = MAX_ANNOTATIONS,
    *,
    changed: Collection[str] | None = None,
    prefix: str = "",
) -> tuple[list[Finding], list[Finding]]:
    """(annotated, the rest): line-level findings, those in ``first`` (introduced) first, each
    place once; only in the ``changed`` files (paths from the root) when they are known."""
    ordered: list[Finding] = []
    seen: set[Hashable] = set()
    for finding in [*first, *findings]:
        if has_line(finding) and _place(finding) not in seen:
            seen.add(_place(finding))
            ordered.append(finding)
    if changed is None:
        return ordered[:limit], ordered[limit:]
    touched = [f for f in ordered if from_root(str(f.path), prefix) in changed]
    shown = touched[:limit]
    return shown, [f for f in ordered if f not in shown]


def annotation(finding: Finding, prefix: str = "") -> str:
    """One ``::warning file=...,line=...,title=...::message`` line; ``prefix`` is the analyzed
    folder relative to the repository root, since annotations name files from the root."""
    path = from_root(str(finding.path), prefix)
    # The log shows an annotation's text too: its escape sequences must not colour or link.
    return command(
        "warning",
        visible(detail(finding)),
        file=visible(path),
        line=finding.line,
        title=f"repocheck {finding.rule}: {finding.title}",
    )
