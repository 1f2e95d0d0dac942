"""Secrets masked report-wide, once, before any renderer sees the report.

GIT006 masks the secrets it reports, but other rules quote the same text: a README line
(DOCS001), a path literal (REPRO005), a commit subject (GIT001). Every piece of text a report
carries from the repository goes through GIT006's shapes here, so that no format, today's or a
future one, can print a secret.
"""

from __future__ import annotations

import dataclasses

from repocheck.model import Evidence, Metrics, Result, Suppressed
from repocheck.report import Report, Target
from repocheck.rules.secrets import mask_secrets
from repocheck.score import Outcome


def _evidence(evidence: Evidence) -> Evidence:
    return dataclasses.replace(
        evidence, path=mask_secrets(evidence.path), snippet=mask_secrets(evidence.snippet)
    )


def _metrics(metrics: Metrics) -> Metrics:
    return {k: mask_secrets(v) if isinstance(v, str) else v for k, v in metrics.items()}


def redact_result(result: Result) -> Result:
    """``result`` with its message, evidence and text metrics masked."""
    return dataclasses.replace(
        result,
        message=mask_secrets(result.message),
        evidence=tuple(_evidence(e) for e in result.evidence),
        more_evidence=tuple(_evidence(e) for e in result.more_evidence),
        metrics=_metrics(result.metrics),
    )


def _outcome(outcome: Outcome) -> Outcome:
    ignored = mask_secrets(outcome.ignored) if outcome.ignored is not None else None
    suppressed = tuple(
        Suppressed(_evidence(s.evidence), mask_secrets(s.reason)) for s in outcome.suppressed
    )
    return dataclasses.replace(
        outcome, result=redact_result(outcome.result), ignored=ignored, suppressed=suppressed
    )


def _target(target: Target) -> Target:
    branch = mask_secrets(target.branch) if target.branch is not None else None
    return dataclasses.replace(target, name=mask_secrets(target.name), branch=branch)


def redact_report(report: Report) -> Report:
    """``report`` with every repository-derived text masked where it matches a secret."""
    return dataclasses.replace(
        report,
        target=_target(report.target),
        outcomes=tuple(_outcome(o) for o in report.outcomes),
        notes=tuple(mask_secrets(n) for n in report.notes),
        errors={name: mask_secrets(error) for name, error in report.errors.items()},
        limits=tuple(mask_secrets(limit) for limit in report.limits),
    )
