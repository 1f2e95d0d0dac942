"""The values that flow between the stages: rule results and their evidence."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Status(str, enum.Enum):
    """Outcome of one rule. ``skip`` and ``error`` leave the score's denominator."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"
    ERROR = "error"

    @property
    def scored(self) -> bool:
        """True for the statuses that count towards the score."""
        return self in (Status.PASS, Status.WARN, Status.FAIL)


@dataclass(frozen=True)
class Evidence:
    """One place in the analyzed repository that a finding points at.

    ``line`` is 1-based; ``cell`` is the 0-based code-cell index when ``path`` is a notebook,
    and then ``line`` counts from the top of that cell.
    """

    path: str
    line: int | None = None
    snippet: str = ""
    cell: int | None = None

    @property
    def location(self) -> str:
        """``path[:cell N][:line]`` as reports print it."""
        where = self.path
        if self.cell is not None:
            where += f":cell {self.cell + 1}"
        if self.line is not None:
            where += f":{self.line}"
        return where

    def to_dict(self) -> dict[str, object]:
        """The evidence as the JSON report writes it."""
        return {"path": self.path, "line": self.line, "cell": self.cell, "snippet": self.snippet}


@dataclass(frozen=True)
class Suppressed:
    """Evidence left out of a rule's findings by a comment or a per-path ignore, and why."""

    evidence: Evidence
    reason: str

    def to_dict(self) -> dict[str, object]:
        """The evidence with its reason, as the JSON report writes it."""
        return {**self.evidence.to_dict(), "reason": self.reason}


Metrics = dict[str, "int | float | str | None"]

#: Evidence lists are capped so that one noisy rule cannot flood a report; metrics keep the count.
MAX_EVIDENCE = 20
#: Every location up to this many is kept for formats that list them all (SARIF: code scanning
#: shows each as an alert); the cap only keeps a pathological repository's file bounded.
MAX_LOCATIONS = 5000


@dataclass(frozen=True)
class Result:
    """What a rule found: status, a 0..1 score, a one-line message, evidence and metrics."""

    status: Status
    score: float
    message: str
    evidence: tuple[Evidence, ...] = ()
    metrics: Metrics = field(default_factory=dict)
    #: The locations beyond the first MAX_EVIDENCE, which ``evidence`` leaves out.
    more_evidence: tuple[Evidence, ...] = ()

    @property
    def locations(self) -> tuple[Evidence, ...]:
        """Every location the rule found (up to MAX_LOCATIONS), not only the reported ones."""
        return self.evidence + self.more_evidence

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} is outside 0..1")

    @classmethod
    def passed(
        cls,
        message: str,
        evidence: list[Evidence] | tuple[Evidence, ...] = (),
        metrics: Metrics | None = None,
        score: float = 1.0,
    ) -> Result:
        """A passing result (score 1 unless given)."""
        return cls(Status.PASS, score, message, *_split(evidence, metrics))

    @classmethod
    def warned(
        cls,
        message: str,
        evidence: list[Evidence] | tuple[Evidence, ...] = (),
        metrics: Metrics | None = None,
        score: float = 0.5,
    ) -> Result:
        """A warning: probably worth fixing, or the heuristic is unsure (score 0.5 unless given)."""
        return cls(Status.WARN, score, message, *_split(evidence, metrics))

    @classmethod
    def failed(
        cls,
        message: str,
        evidence: list[Evidence] | tuple[Evidence, ...] = (),
        metrics: Metrics | None = None,
        score: float = 0.0,
    ) -> Result:
        """A failing result (score 0 unless given)."""
        return cls(Status.FAIL, score, message, *_split(evidence, metrics))

    @classmethod
    def skipped(cls, message: str, metrics: Metrics | None = None) -> Result:
        """The rule does not apply; the message says why. Not scored."""
        return cls(Status.SKIP, 0.0, message, (), metrics or {})

    @classmethod
    def errored(cls, message: str) -> Result:
        """The rule could not run; not scored, and the report is marked partial."""
        return cls(Status.ERROR, 0.0, message)

    @classmethod
    def graded(
        cls,
        score: float,
        message: str,
        *,
        pass_at: float,
        warn_at: float,
        evidence: list[Evidence] | tuple[Evidence, ...] = (),
        metrics: Metrics | None = None,
    ) -> Result:
        """Pick pass/warn/fail from a 0..1 score and two thresholds."""
        score = min(1.0, max(0.0, score))
        if score >= pass_at:
            status = Status.PASS
        elif score >= warn_at:
            status = Status.WARN
        else:
            status = Status.FAIL
        return cls(status, round(score, 3), message, *_split(evidence, metrics))


def _split(
    evidence: list[Evidence] | tuple[Evidence, ...], metrics: Metrics | None
) -> tuple[tuple[Evidence, ...], Metrics, tuple[Evidence, ...]]:
    """(evidence, metrics, more_evidence) in the order of Result's fields."""
    return (
        tuple(evidence[:MAX_EVIDENCE]),
        metrics or {},
        tuple(evidence[MAX_EVIDENCE:MAX_LOCATIONS]),
    )
