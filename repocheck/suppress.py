"""Evidence the repository asked not to count: ``# repocheck: ignore[ID] reason`` comments and
``[tool.repocheck.per-path-ignores]``.

A rule's verdict is a judgment over all it saw, and most rules cannot recompute it from fewer
findings. So: a rule whose every finding is suppressed counts as ignored, with the reasons; a
rule with some findings suppressed keeps its verdict, and the suppressed findings are listed
apart (docs/report-format.md, README "Configure").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from repocheck.catalogue import UnknownRule, load_catalogue
from repocheck.facts.patterns import gitignore_spec
from repocheck.facts.snapshot import RepoConfig, Snapshot
from repocheck.facts.suppressions import Suppression
from repocheck.model import MAX_EVIDENCE, MAX_LOCATIONS, Evidence, Result, Status, Suppressed


@dataclass(frozen=True)
class Suppressions:
    """The comments that name rules and give a reason, and the per-path ignores, ready to match."""

    comments: tuple[tuple[Suppression, frozenset[str]], ...]
    paths: tuple[tuple[str, Callable[[str], bool], frozenset[str]], ...]
    source: str

    def reason(self, rule_id: str, evidence: Evidence) -> str | None:
        """Why ``evidence`` of ``rule_id`` is not counted, or None when it is."""
        if evidence.line is not None:
            for comment, rule_ids in self.comments:
                if (
                    rule_id in rule_ids
                    and comment.path == evidence.path
                    and comment.cell == evidence.cell
                    and comment.covers(evidence.line)
                ):
                    return f"{comment.location}: {comment.reason}"
        for pattern, matches, rule_ids in self.paths:
            if rule_id in rule_ids and matches(evidence.path):
                return f"per-path-ignores {pattern!r} in {self.source}"
        return None


def _matcher(pattern: str) -> Callable[[str], bool]:
    return gitignore_spec([pattern]).match_file


def gather(snapshot: Snapshot) -> tuple[Suppressions, list[str]]:
    """The suppressions in force, and a note for each comment that suppresses nothing."""
    catalogue = load_catalogue()
    comments = []
    notes = []
    found = snapshot.suppressions
    if found and not snapshot.config.suppression_comments:
        notes.append(
            f"{len(found)} repocheck: ignore[...] comment(s) not honoured: "
            "the repository's own settings are not trusted in this run"
        )
        found = ()
    for comment in found:
        where = f"{comment.location}: repocheck: ignore[{', '.join(comment.names)}]"
        if not comment.reason:
            notes.append(f"{where} gives no reason, so it suppresses nothing; add one after ']'")
            continue
        if not comment.names:
            notes.append(f"{where} names no rule, so it suppresses nothing")
            continue
        rule_ids: set[str] = set()
        for name in comment.names:
            try:
                rule_ids.update(meta.id for meta in catalogue.resolve(name))
            except UnknownRule as exc:
                notes.append(f"{where}: {exc}")
        if rule_ids:
            comments.append((comment, frozenset(rule_ids)))
    return Suppressions(tuple(comments), _paths(snapshot.config), _source(snapshot.config)), notes


def _paths(config: RepoConfig) -> tuple[tuple[str, Callable[[str], bool], frozenset[str]], ...]:
    return tuple(
        (pattern, _matcher(pattern), frozenset(rule_ids))
        for pattern, rule_ids in config.per_path_ignores.items()
    )


def _source(config: RepoConfig) -> str:
    return config.source or "the configuration"


def apply(
    rule_id: str, result: Result, suppressions: Suppressions
) -> tuple[Result, tuple[Suppressed, ...], str | None]:
    """``result`` without its suppressed evidence, that evidence, and the reason to count the
    rule as ignored when every finding was suppressed (else None).

    Only a warn or fail has findings to suppress. Every location is matched, not only the
    reported MAX_EVIDENCE; when even those were cut (MAX_LOCATIONS), findings beyond were not
    seen, so the verdict stands.
    """
    if result.status not in (Status.WARN, Status.FAIL) or not (
        suppressions.comments or suppressions.paths
    ):
        return result, (), None
    kept: list[Evidence] = []
    left_out: list[Suppressed] = []
    # Every location, not only the reported ones: SARIF lists them all.
    for evidence in result.locations:
        reason = suppressions.reason(rule_id, evidence)
        if reason is None:
            kept.append(evidence)
        else:
            left_out.append(Suppressed(evidence, reason))
    if not left_out:
        return result, (), None
    if not kept and len(result.locations) < MAX_LOCATIONS:
        reasons = "; ".join(_unique(s.reason for s in left_out))
        return Result.skipped(f"every finding suppressed: {reasons}"), tuple(left_out), reasons
    remaining = dataclasses.replace(
        result, evidence=tuple(kept[:MAX_EVIDENCE]), more_evidence=tuple(kept[MAX_EVIDENCE:])
    )
    # The report lists as many suppressed places as it lists findings.
    return remaining, tuple(left_out[:MAX_EVIDENCE]), None


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
