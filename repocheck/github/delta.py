"""What a pull request changes: the score, each category, and the findings it adds or fixes.

Both sides are JSON reports (docs/report-format.md), the documented contract, so the delta can
be computed from saved reports as well as from a fresh run. A finding is a rule and the place
its evidence points at; a rule that fails without evidence is one finding of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from repocheck.patterns import compile_on_use

FINDING_STATUSES = ("fail", "warn")
#: History evidence that stands for a position (the first or the last commit), not one commit.
_HISTORY_ROLE = compile_on_use(r"\((first|last)\)$")


@dataclass(frozen=True)
class Finding:
    """One warned or failed rule at one place (or at no place, for repository-wide findings)."""

    rule: str
    title: str
    status: str
    message: str
    path: str | None = None
    line: int | None = None
    cell: int | None = None
    snippet: str = ""

    @property
    def key(self) -> tuple[Hashable, ...]:
        """Identity across two reports: the rule and the exact location."""
        if self.path and self.path.startswith("(") and self.snippet:
            role = _HISTORY_ROLE.search(self.snippet)
            if role:
                # "<sha> subject (last)" names whichever commit is newest: every push moves it,
                # so the place is the role, not the commit.
                return (self.rule, self.path, role.group(1))
            # A pseudo-path such as "(history)" has no lines: the snippet's first word, a
            # commit, is the place, and a commit of the base is still there in the head.
            return (self.rule, self.path, self.snippet.split()[0])
        return (self.rule, self.path, self.cell, self.line)

    @property
    def moved_key(self) -> tuple[Hashable, ...]:
        """Identity when lines moved: the rule, the file and the evidence's text."""
        if not self.snippet:
            return self.key
        return (self.rule, self.path, self.cell, self.snippet)

    @property
    def location(self) -> str | None:
        """``path[:cell N][:line]``, or None for a repository-wide finding."""
        if self.path is None:
            return None
        where = self.path
        if self.cell is not None:
            where += f":cell {self.cell + 1}"
        if self.line is not None:
            where += f":{self.line}"
        return where


@dataclass(frozen=True)
class CategoryChange:
    """One category's 0-10 score before and after."""

    id: str
    title: str
    base: float | None
    head: float | None

    @property
    def change(self) -> float | None:
        """head - base, or None when either side has no score."""
        if self.base is None or self.head is None:
            return None
        return round(self.head - self.base, 1)


@dataclass(frozen=True)
class Delta:
    """The difference between a pull request's base and head reports."""

    base_score: float | None
    head_score: float | None
    base_grade: str
    head_grade: str
    categories: tuple[CategoryChange, ...]
    introduced: tuple[Finding, ...]
    fixed: tuple[Finding, ...]

    @property
    def score_change(self) -> float | None:
        """Points gained (negative: lost), or None when either side has no score."""
        if self.base_score is None or self.head_score is None:
            return None
        return round(self.head_score - self.base_score, 1)


def findings_of(report: Mapping[str, Any]) -> list[Finding]:
    """Every finding of a JSON report, one per piece of evidence, in report order."""
    found = []
    for rule in report.get("rules", ()):
        if rule.get("status") not in FINDING_STATUSES or rule.get("ignored"):
            continue
        common = {
            "rule": rule["id"],
            "title": rule["title"],
            "status": rule["status"],
            "message": rule["message"],
        }
        evidence = rule.get("evidence") or ()
        if not evidence:
            found.append(Finding(**common))
        for item in evidence:
            found.append(
                Finding(
                    **common,
                    path=item.get("path"),
                    line=item.get("line"),
                    cell=item.get("cell"),
                    snippet=item.get("snippet") or "",
                )
            )
    return found


def _difference(
    items: Sequence[Finding], others: Iterable[Finding], key: Callable[[Finding], Hashable]
) -> list[Finding]:
    """``items`` less those matched one-for-one by an item of ``others`` with the same key."""
    available = Counter(key(other) for other in others)
    left = []
    for item in items:
        if available[key(item)] > 0:
            available[key(item)] -= 1
        else:
            left.append(item)
    return left


def changed_findings(
    base: Sequence[Finding], head: Sequence[Finding]
) -> tuple[list[Finding], list[Finding]]:
    """(introduced, fixed): exact locations first, then the same text on a moved line.

    Without the second pass, one line added at the top of a file would report every finding
    below it as both fixed and introduced.
    """
    introduced = _difference(head, base, lambda f: f.key)
    fixed = _difference(base, head, lambda f: f.key)
    moved_introduced = _difference(introduced, fixed, lambda f: f.moved_key)
    moved_fixed = _difference(fixed, introduced, lambda f: f.moved_key)
    return moved_introduced, moved_fixed


def _category_changes(
    base: Mapping[str, Any], head: Mapping[str, Any]
) -> tuple[CategoryChange, ...]:
    before = {c["id"]: c for c in base.get("categories", ())}
    after = {c["id"]: c for c in head.get("categories", ())}
    order = [*after, *(cid for cid in before if cid not in after)]
    return tuple(
        CategoryChange(
            cid,
            (after.get(cid) or before[cid])["title"],
            before[cid]["score"] if cid in before else None,
            after[cid]["score"] if cid in after else None,
        )
        for cid in order
    )


def compare(base: Mapping[str, Any], head: Mapping[str, Any]) -> Delta:
    """The delta from the ``base`` JSON report to the ``head`` one."""
    introduced, fixed = changed_findings(findings_of(base), findings_of(head))
    return Delta(
        base_score=base.get("score"),
        head_score=head.get("score"),
        base_grade=base.get("grade", "-"),
        head_grade=head.get("grade", "-"),
        categories=_category_changes(base, head),
        introduced=tuple(introduced),
        fixed=tuple(fixed),
    )
