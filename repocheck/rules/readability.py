"""Readability rules measured by tools: lint findings (READ001), function complexity (READ002)
and formatting (READ003), read from the ruff and radon facts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from repocheck.facts.snapshot import LintDiagnostic, Snapshot
from repocheck.model import MAX_EVIDENCE, Evidence, Metrics, Result
from repocheck.registry import rule
from repocheck.rules._verdict import rated, short

#: Functions above this cyclomatic complexity count as hard to follow (radon's "C" band starts here).
COMPLEXITY_LIMIT = 10


# READ001 ------------------------------------------------------------------------------------


def _by_frequent_code(diagnostics: Sequence[LintDiagnostic]) -> list[LintDiagnostic]:
    # The most common code first: fixing it (often with --fix) removes the most findings at once.
    counts = Counter(d.code for d in diagnostics)
    return sorted(
        diagnostics, key=lambda d: (-counts[d.code], d.code, d.path, d.cell or 0, d.line or 0)
    )


@rule("READ001")
def lint_density(snapshot: Snapshot) -> Result:
    """Ruff findings per 1,000 lines with the fixed selection, most frequent codes first."""
    lint = snapshot.lint  # FactUnavailable when ruff failed: the registry reports an error
    if lint.files_checked == 0 or lint.lines_checked == 0:
        return Result.skipped("no Python code to lint")
    findings = len(lint.diagnostics)
    density = findings / lint.lines_checked * 1000
    counts = Counter(d.code for d in lint.diagnostics)
    message = (
        f"{findings} findings ({density:.1f} per 1,000 lines) with repocheck's fixed selection"
    )
    if lint.own_config_count is not None:
        message += f"; {lint.own_config_count} with the repo's own config"
    evidence = [
        Evidence(d.path, d.line, short(f"{d.code} {d.message}"), d.cell)
        for d in _by_frequent_code(lint.diagnostics)[:MAX_EVIDENCE]
    ]
    metrics: Metrics = {
        "findings": findings,
        "density": round(density, 2),
        "lines": lint.lines_checked,
        "files": lint.files_checked,
        "own_config_findings": lint.own_config_count,
        "distinct_codes": len(counts),
        "top_codes": ", ".join(f"{code} x{n}" for code, n in counts.most_common(5)),
    }
    return rated(density <= 5, density <= 15, 1 - density / 25, message, evidence, metrics)


# READ002 ------------------------------------------------------------------------------------


@rule("READ002")
def function_complexity(snapshot: Snapshot) -> Result:
    """Share of non-test functions whose cyclomatic complexity is over the limit."""
    functions = [f for f in snapshot.complexity if not f.is_test]
    if not functions:
        return Result.skipped("no functions outside tests")
    over = sorted(
        (f for f in functions if f.complexity > COMPLEXITY_LIMIT),
        key=lambda f: (-f.complexity, f.path, f.cell or 0, f.line),
    )
    share = len(over) / len(functions)
    evidence = [
        Evidence(f.path, f.line, short(f"{f.name}: complexity {f.complexity}"), f.cell)
        for f in over[:5]
    ]
    message = (
        f"{len(over)} of {len(functions)} functions have a cyclomatic complexity over "
        f"{COMPLEXITY_LIMIT} ({share:.0%})"
    )
    metrics: Metrics = {
        "functions": len(functions),
        "over_10": len(over),
        "share": round(share, 3),
        "worst": max(f.complexity for f in functions),
    }
    return rated(share <= 0.05, share <= 0.15, 1 - share / 0.15, message, evidence, metrics)


# READ003 ------------------------------------------------------------------------------------


@rule("READ003")
def consistent_formatting(snapshot: Snapshot) -> Result:
    """Share of Python files that ``ruff format`` would change."""
    formatting = snapshot.formatting
    if formatting.files_checked == 0:
        return Result.skipped("no Python files to format")
    changed = formatting.would_reformat
    share = len(changed) / formatting.files_checked
    evidence = [Evidence(path, None, "ruff format would change this file") for path in changed]
    message = (
        f"ruff format would change {len(changed)} of {formatting.files_checked} files ({share:.0%})"
    )
    metrics: Metrics = {
        "files": formatting.files_checked,
        "would_reformat": len(changed),
        "share": round(share, 3),
    }
    return rated(share <= 0.1, share <= 0.5, 1 - share, message, evidence, metrics)
