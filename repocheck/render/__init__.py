"""Renderers: each turns a Report into text and sees nothing but the Report."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI reads RENDERERS at start-up: `repocheck --version` needs no Report
    from repocheck.report import Report

#: Format name -> (module, function). Imported on use: a JSON run never pays for Jinja2 or rich.
RENDERERS: dict[str, tuple[str, str]] = {
    "terminal": ("repocheck.render.terminal", "render_terminal"),
    "json": ("repocheck.render.json", "render_json"),
    "markdown": ("repocheck.render.markdown", "render_markdown"),
    "sarif": ("repocheck.render.sarif", "render_sarif"),
    "badge": ("repocheck.render.badge", "render_badge"),
}


def render(report: Report, fmt: str, *, color: bool = False, width: int | None = None) -> str:
    """Render ``report`` in format ``fmt`` (see RENDERERS); only the terminal uses ``color``
    and ``width`` (its columns; the terminal renderer's own default when None)."""
    module, function = RENDERERS[fmt]
    renderer = getattr(importlib.import_module(module), function)
    if fmt != "terminal":
        return str(renderer(report))
    return str(renderer(report, color=color) if width is None else renderer(report, color, width))
