"""The Report: a scored run, and its JSON form (the documented contract, docs/report-format.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from repocheck import __version__
from repocheck.score import CategoryScore, Outcome, potential_gain

#: Bumped on any change a consumer could notice: minor for additions, major for removals.
SCHEMA_VERSION = "1.5"


@dataclass(frozen=True)
class Target:
    """What was analyzed: the path as given, and the commit when it is a git repository."""

    path: str
    name: str
    commit: str | None = None
    branch: str | None = None
    url: str | None = None
    #: "work tree" (the files on disk, new ones included) or "commit" (the commit's files).
    analyzed: str = "work tree"
    #: Analyzed files the commit does not hold yet; None for a commit or outside git.
    uncommitted_files: int | None = None


@dataclass(frozen=True)
class Selection:
    """The rules a run was limited to (``--select`` or ``select``): as written, and their IDs."""

    names: tuple[str, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """One analyzed repository: its score, categories, every rule's outcome, and notes."""

    target: Target
    score: float | None
    grade: str
    categories: tuple[CategoryScore, ...]
    outcomes: tuple[Outcome, ...]
    stats: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    errors: dict[str, str] = field(default_factory=dict)
    fail_under: float | None = None
    limits: tuple[str, ...] = ()
    #: None when every rule ran.
    selection: Selection | None = None

    @property
    def partial(self) -> bool:
        """True when a collector or a rule failed, or a limit cut the analysis (``limits``),
        so the score rests on less than the whole repository."""
        return (
            bool(self.errors)
            or bool(self.limits)
            or any(o.result.status.value == "error" for o in self.outcomes)
        )

    def outcome(self, rule_id: str) -> Outcome:
        """The outcome of rule ``rule_id``; KeyError when it did not run."""
        for outcome in self.outcomes:
            if outcome.meta.id == rule_id:
                return outcome
        raise KeyError(rule_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (schema_version 1.x, docs/report-format.md)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "repocheck", "version": __version__},
            "repository": {
                "path": self.target.path,
                "name": self.target.name,
                "commit": self.target.commit,
                "branch": self.target.branch,
                "url": self.target.url,
                "analyzed": self.target.analyzed,
                "uncommitted_files": self.target.uncommitted_files,
            },
            "score": self.score,
            "grade": self.grade,
            "partial": self.partial,
            "fail_under": self.fail_under,
            "stats": dict(self.stats),
            "categories": [
                {
                    "id": c.id,
                    "title": c.title,
                    "score": c.score,
                    "passed": c.passed,
                    "total": c.total,
                }
                for c in self.categories
            ],
            "rules": [self._rule_dict(o) for o in self.outcomes],
            "notes": list(self.notes),
            "limits": list(self.limits),
            "errors": dict(self.errors),
            "selection": None
            if self.selection is None
            else {"names": list(self.selection.names), "rules": list(self.selection.rules)},
        }

    def _rule_dict(self, outcome: Outcome) -> dict[str, Any]:
        meta, result = outcome.meta, outcome.result
        return {
            "id": meta.id,
            "slug": meta.slug,
            "category": meta.category,
            "title": meta.title,
            "status": result.status.value,
            "score": result.score,
            "weight": outcome.weight,
            "gain": potential_gain(outcome, self.outcomes),
            "message": result.message,
            "evidence": [e.to_dict() for e in result.evidence],
            "metrics": dict(result.metrics),
            "ignored": outcome.ignored,
            "suppressed": [s.to_dict() for s in outcome.suppressed],
            "why": meta.why,
            "fix": meta.fix,
            "fixable": meta.fixable,
            "fix_command": outcome.fix_command,
        }
