"""Readability rules measured by tools: lint findings (READ001), function complexity (READ002)
and formatting (READ003), read from the ruff and radon facts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from repocheck.analysis.lint_context import describe, lint_reading
from repocheck.analysis.style_markers import repository_markers
from repocheck.facts.snapshot import LintDiagnostic, Snapshot
from repocheck.model import Evidence, Metrics, Result
from repocheck.registry import rule
from repocheck.rules._verdict import rated
from repocheck.wording import plural, short

#: Functions above this cyclomatic complexity count as hard to follow (radon's "C" band starts here).
COMPLEXITY_LIMIT = 10
#: Fewer findings than these never warn or fail, whatever the density of a small repository.
MIN_FINDINGS_TO_WARN = 3
MIN_FINDINGS_TO_FAIL = 10
#: Findings that are errors whatever their number: the code fails when it reaches them.
ERROR_CODES = ("F821", "F822", "F823", "E9", "PLE", "invalid-syntax", "syntax-error")
#: READ003: shares of lines ``ruff format`` would change that still pass, and still warn.
FORMAT_PASS_SHARE = 0.02
FORMAT_WARN_SHARE = 0.15
#: READ003: the lowest score of code kept in one style of its own that ruff would change.
OWN_STYLE_SCORE = 0.8


# READ001 ------------------------------------------------------------------------------------


def _by_frequent_code(diagnostics: Sequence[LintDiagnostic]) -> list[LintDiagnostic]:
    # Errors first (an undefined name stops the run that reaches it), then the most common
    # code: fixing it (often with --fix) removes the most findings at once.
    counts = Counter(d.code for d in diagnostics)
    return sorted(
        diagnostics,
        key=lambda d: (
            not d.code.startswith(ERROR_CODES),
            -counts[d.code],
            d.code,
            d.path,
            d.cell or 0,
            d.line or 0,
        ),
    )


@rule("READ001")
def lint_density(snapshot: Snapshot) -> Result:
    """Ruff findings per 1,000 lines with the fixed selection, read in the repo's context."""
    lint = snapshot.lint  # FactUnavailable when ruff failed: the registry reports an error
    if lint.files_checked == 0 or lint.lines_checked == 0:
        return Result.skipped("no Python code to lint")
    reading = lint_reading(snapshot)
    findings = len(reading.scored)
    density = findings / lint.lines_checked * 1000
    counts = Counter(d.code for d in reading.scored)
    message = (
        f"{findings} findings ({density:.1f} per 1,000 lines) with repocheck's fixed selection"
    )
    if lint.target_version:
        message += f", for Python {lint.target_version}+ ({lint.target_source})"
    if reading.set_aside:
        message += "; not counted: " + ", ".join(describe(reading.set_aside))
    if lint.own_config_count is not None:
        message += f"; {lint.own_config_count} with the repo's own config"
    # One line with three semicolons is three findings, but one place to look at.
    evidence = list(
        dict.fromkeys(
            Evidence(d.path, d.line, short(f"{d.code} {d.message}"), d.cell)
            for d in _by_frequent_code(reading.scored)
        )
    )
    metrics: Metrics = {
        "findings": findings,
        "density": round(density, 2),
        "lines": lint.lines_checked,
        "files": lint.files_checked,
        "own_config_findings": lint.own_config_count,
        "distinct_codes": len(counts),
        "top_codes": ", ".join(f"{code} x{n}" for code, n in counts.most_common(5)),
        "set_aside": sum(reading.set_aside.values()),
        "target_python": lint.target_version or "",
    }
    # A density needs a count behind it: one finding in 160 lines is not a pattern.
    errors = any(d.code.startswith(ERROR_CODES) for d in reading.scored)
    good = density <= 5 or (findings < MIN_FINDINGS_TO_WARN and not errors)
    tolerable = density <= 15 or findings < MIN_FINDINGS_TO_FAIL
    score = 1 - density / 25
    score = max(score, 0.8) if good else max(score, 0.4) if tolerable else score
    return rated(good, tolerable, score, message, evidence, metrics)


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
    """Share of Python lines that ``ruff format`` would change, judged by whether the code
    mixes styles.

    Lines, not files: a file black formatted, where ruff would add one blank line, follows
    one style. And distance from ruff is not inconsistency: code written one way throughout
    (long lines, ``f(a,b)`` everywhere) passes; only a mix of the same choice made both ways
    (tabs beside spaces, tight commas beside spaced ones) warns or fails.
    """
    formatting = snapshot.formatting
    if formatting.files_checked == 0 or formatting.lines_checked == 0:
        return Result.skipped("no Python code to format")
    changed = formatting.would_reformat
    counts = formatting.changed_lines
    changed_lines = sum(counts.get(path, 1) for path in changed)
    share = changed_lines / formatting.lines_checked
    worst_first = sorted(changed, key=lambda path: (-counts.get(path, 1), path))
    evidence = [
        Evidence(path, None, f"ruff format would change {plural(counts.get(path, 1), 'line')}")
        for path in worst_first
    ]
    message = (
        f"ruff format would change {changed_lines:,} of {formatting.lines_checked:,} lines "
        f"({share:.1%}), in {len(changed)} of {formatting.files_checked} files"
    )
    metrics: Metrics = {
        "files": formatting.files_checked,
        "would_reformat": len(changed),
        "share": round(len(changed) / formatting.files_checked, 3),
        "lines": formatting.lines_checked,
        "changed_lines": changed_lines,
        "line_share": round(share, 4),
    }
    if formatting.unreadable:
        left_out = ", ".join(formatting.unreadable[:3])
        more = ", ..." if len(formatting.unreadable) > 3 else ""
        message += f"; not checked, ruff could not parse: {left_out}{more}"
        metrics["unreadable"] = len(formatting.unreadable)
    score = 1 - share / (2 * FORMAT_WARN_SHARE)
    if share <= FORMAT_PASS_SHARE:
        return rated(True, True, score, message, evidence, metrics)
    mixes = repository_markers(snapshot).mixes()
    metrics["style_mixes"] = len(mixes)
    if not mixes:
        # Far from ruff's style but written one way: a matter of taste, not a defect.
        message += "; the code keeps one style of its own (commas, '=' and indentation)"
        return rated(True, True, max(score, OWN_STYLE_SCORE), message, evidence, metrics)
    message += "; styles mixed: " + ", ".join(mixes)
    return rated(False, share <= FORMAT_WARN_SHARE, score, message, evidence, metrics)
