"""The lines ``repocheck fix`` prints around the diff: commands, notes, the score's change."""

from __future__ import annotations

import textwrap
from collections.abc import Collection

import click

from repocheck.fix.engine import FINDINGS, Plan
from repocheck.render.controls import one_line, visible
from repocheck.report import Report

STATUS_MARK = {"fail": "✗", "warn": "!", "error": "?"}
MARK_COLOR = {"✗": "red", "!": "yellow", "?": "magenta"}
#: As the terminal report: the terminal's width, at most this.
MAX_WIDTH = 80
#: Lines that are commands to copy are never folded.
COMMAND_INDENT = "  $ "
#: Nor are the lines of a note after its first (code to copy, such as a test's template).
VERBATIM_INDENT = "    | "


def fold(line: str, width: int) -> list[str]:
    """``line`` folded to ``width``; continuation lines start four spaces further in."""
    if line.startswith((COMMAND_INDENT, VERBATIM_INDENT)):
        return [line]
    indent = " " * (len(line) - len(line.lstrip(" ")) + 4)
    return textwrap.wrap(
        line,
        width=max(min(width, MAX_WIDTH), 40),
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [line]


def paint(line: str, color: bool) -> str:
    """The status mark and the headings in colour, as the terminal report has them."""
    if not color:
        return line
    stripped = line.lstrip(" ")
    mark = stripped[:1]
    if mark in MARK_COLOR and stripped[1:2] == " ":
        start = len(line) - len(stripped)
        return line[:start] + click.style(mark, fg=MARK_COLOR[mark], bold=True) + line[start + 1 :]
    if line and not line.startswith(" "):
        return click.style(line, bold=True)
    return line


def shown(lines: list[str], color: bool, width: int) -> list[str]:
    """The lines as printed: folded to the width, then coloured."""
    return [paint(part, color) for line in lines for part in fold(line, width)]


def _score(report: Report) -> str:
    return "n/a" if report.score is None else f"{report.score:.1f} ({report.grade})"


def plan_notes(plan: Plan, *, dry_run: bool) -> list[str]:
    """The commands left to the user, what the fixers could not do, and how to apply."""
    lines = []
    commands = [command for proposal in plan.proposals for command in proposal.commands]
    if commands:
        lines.append("Commands repocheck fix does not run; run them yourself:")
        lines += [f"{COMMAND_INDENT}{one_line(command)}" for command in commands]
    notes = [(p.rule_id, note) for p in plan.proposals for note in p.notes]
    if notes:
        lines.append("Not done:")
        for rule_id, note in notes:
            first, *rest = note.splitlines() or [""]
            lines.append(f"  {rule_id}: {one_line(first)}")
            lines += [f"{VERBATIM_INDENT}{visible(line)}".rstrip() for line in rest]
    if not dry_run:
        return lines
    files = len(plan.changes)
    rules = ", ".join(p.rule_id for p in plan.proposals if not p.empty)
    if plan.empty:
        lines.append("Nothing to fix.")
    elif files:
        lines.append(
            f"{files} file{'s' if files != 1 else ''} would change ({rules}): "
            "run the same command with --write to apply the diff above."
        )
    else:
        lines.append(f"No file to change ({rules}): only the commands above.")
    return lines


def written_files(plan: Plan) -> list[str]:
    """One line per proposal that changed something: what it did."""
    if not plan.changes:
        return ["No file changed."]
    lines = [f"Wrote {len(plan.changes)} file{'s' if len(plan.changes) != 1 else ''}:"]
    lines += [f"  {p.rule_id}: {one_line(p.summary)}" for p in plan.proposals if p.changes]
    return lines


def score_change(
    before: Report,
    after: Report,
    plan: Plan,
    fixable: Collection[str],
    only: Collection[str] | None = None,
) -> list[str]:
    """The score before and after, and the findings still open, fixable ones with the reason."""
    lines = [f"Score: {_score(before)} -> {_score(after)}"]
    left = [o for o in after.outcomes if o.result.status in FINDINGS and o.ignored is None]
    if not left:
        return [*lines, "No finding left."]
    # A note's first line is what it says; the lines after it are shown under "Not done".
    notes = {p.rule_id: tuple(n.partition("\n")[0] for n in p.notes) for p in plan.proposals}
    lines.append(f"Left for a human ({len(left)}; `repocheck` shows the evidence):")
    for outcome in left:
        rule_id = outcome.meta.id
        mark = STATUS_MARK.get(outcome.result.status.value, "?")
        line = f"  {mark} {rule_id} {outcome.meta.title}: {one_line(outcome.result.message)}"
        if rule_id in fixable:
            if only is not None and rule_id not in only:
                why = "not asked for (--rule)"
            else:
                why = "; ".join(notes.get(rule_id, ())) or "no fix it could write"
            line += f" [repocheck fix: {one_line(why)}]"
        lines.append(line)
    return lines
