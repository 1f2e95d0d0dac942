"""The terminal summary: a Jinja2 template of rich markup, printed through rich."""

from __future__ import annotations

import io
import textwrap

from rich.console import Console

from repocheck.render.context import template_context
from repocheck.render.templating import Trusted, environment, terminal_escape
from repocheck.report import Report

STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "red", "skip": "dim", "error": "magenta"}
GRADE_STYLE = {"A": "bold green", "B": "green", "C": "yellow", "D": "red", "F": "bold red"}


def bar(score: float | None, width: int = 20) -> Trusted:
    """A 0-10 score as a bar of ``width`` cells."""
    if score is None:
        return Trusted("[dim]" + "·" * width + "[/]")
    filled = round(score / 10 * width)
    style = "green" if score >= 8 else "yellow" if score >= 5 else "red"
    return Trusted(f"[{style}]" + "█" * filled + "[/][dim]" + "░" * (width - filled) + "[/]")


def wrap(text: str, indent: int, width: int = 96) -> Trusted:
    """Fold ``text`` to ``width`` columns; lines after the first start ``indent`` spaces in.

    The line breaks are repocheck's own; each line is escaped here, since the result is
    passed through as markup.
    """
    lines = textwrap.wrap(" ".join(text.split()), width=width, subsequent_indent=" " * indent)
    return Trusted("\n".join(terminal_escape(line) for line in lines))


def status_tag(status: str) -> Trusted:
    """A status as a fixed-width coloured tag."""
    return Trusted(f"[{STATUS_STYLE[status]}]{status.upper():<5}[/]")


def render_terminal(report: Report, color: bool = False, width: int = 100) -> str:
    """The terminal summary; ANSI colour only when ``color`` is True."""
    env = environment("terminal")
    env.filters["bar"] = bar
    env.filters["status"] = status_tag
    env.filters["wrap"] = wrap
    context = template_context(report)
    context["grade_style"] = GRADE_STYLE.get(report.grade, "bold")
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
