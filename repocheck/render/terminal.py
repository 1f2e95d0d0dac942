"""The terminal summary: a Jinja2 template of rich markup, printed through rich."""

from __future__ import annotations

import io
import textwrap

from rich.console import Console

from repocheck.render.context import template_context
from repocheck.render.controls import visible
from repocheck.render.templating import CatalogueText, Trusted, environment, terminal_escape
from repocheck.report import Report

STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "red", "skip": "dim", "error": "magenta"}
GRADE_STYLE = {"A": "bold green", "B": "green", "C": "yellow", "D": "red", "F": "bold red"}

#: Prose is folded to the terminal's width, but no wider than this: longer lines read badly.
MAX_WIDTH = 80
#: How many lines of a fix's example the summary prints; ``repocheck explain`` has the rest.
EXAMPLE_LINES = 8


def bar(score: float | None, width: int = 20) -> Trusted:
    """A 0-10 score as a bar of ``width`` cells."""
    if score is None:
        return Trusted("[dim]" + "·" * width + "[/]")
    filled = round(score / 10 * width)
    style = "green" if score >= 8 else "yellow" if score >= 5 else "red"
    return Trusted(f"[{style}]" + "█" * filled + "[/][dim]" + "░" * (width - filled) + "[/]")


def wrap(text: str, indent: int, width: int = MAX_WIDTH, start: int | None = None) -> Trusted:
    """Fold ``text``, which begins at column ``start`` (default ``indent``), to ``width``
    columns; lines after the first start ``indent`` spaces in.

    The line breaks are repocheck's own; each line is escaped here, since the result is
    passed through as markup. Paths and URLs are never cut in the middle.
    """
    first = indent if start is None else start
    # Repository text shows its newlines and escapes before it is split into words: folding
    # must not turn a newline into a space, or a forged line into a plausible one.
    words = text if isinstance(text, CatalogueText) else visible(text)
    lines = textwrap.wrap(
        " ".join(words.split()),
        width=max(width, first + 20),
        initial_indent=" " * first,
        subsequent_indent=" " * indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    if lines:
        lines[0] = lines[0][first:]
    return Trusted("\n".join(terminal_escape(line) for line in lines))


def example(text: str, indent: int, rule_id: str) -> Trusted:
    """The first lines of a catalogue example, indented, and where to read the rest."""
    lines = text.splitlines()
    shown = [" " * indent + terminal_escape(line) if line.strip() else "" for line in lines]
    if len(lines) > EXAMPLE_LINES:
        rest = len(lines) - EXAMPLE_LINES
        more = f"… {rest} more line{'s' if rest > 1 else ''}: repocheck explain {rule_id}"
        shown = [*shown[:EXAMPLE_LINES], " " * indent + f"[dim]{terminal_escape(more)}[/]"]
    return Trusted("\n".join(shown))


def status_tag(status: str) -> Trusted:
    """A status as a fixed-width coloured tag."""
    return Trusted(f"[{STATUS_STYLE[status]}]{status.upper():<5}[/]")


def render_terminal(report: Report, color: bool = False, width: int = MAX_WIDTH) -> str:
    """The terminal summary, folded to ``width`` columns (at most MAX_WIDTH); ANSI colour
    only when ``color`` is True."""
    width = max(40, min(width, MAX_WIDTH))
    env = environment("terminal")
    env.filters["bar"] = bar
    env.filters["status"] = status_tag
    env.filters["wrap"] = wrap
    env.filters["example"] = example
    context = template_context(report)
    context["grade_style"] = GRADE_STYLE.get(report.grade, "bold")
    context["width"] = width
    markup = env.get_template("terminal.txt.j2").render(context)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        emoji=False,
        soft_wrap=True,
    )
    console.print(markup, end="")
    return buffer.getvalue()
