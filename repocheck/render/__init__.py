"""Renderers: each turns a Report into text and sees nothing but the Report."""

from __future__ import annotations

from collections.abc import Callable

from repocheck.render.json import render_json
from repocheck.render.markdown import render_markdown
from repocheck.render.terminal import render_terminal
from repocheck.report import Report

Renderer = Callable[[Report, bool], str]

#: Format name -> renderer(report, color). Only the terminal renderer uses color.
RENDERERS: dict[str, Renderer] = {
    "terminal": render_terminal,
    "json": lambda report, color: render_json(report),
    "markdown": lambda report, color: render_markdown(report),
}


def render(report: Report, fmt: str, *, color: bool = False) -> str:
    """Render ``report`` in format ``fmt`` (see RENDERERS)."""
    return RENDERERS[fmt](report, color)
