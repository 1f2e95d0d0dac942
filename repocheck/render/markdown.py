"""The Markdown report: the text a pull-request comment or a job summary shows."""

from __future__ import annotations

from repocheck.render.context import template_context
from repocheck.render.templating import environment
from repocheck.report import Report


def render_markdown(report: Report) -> str:
    """The report as GitHub-flavoured Markdown, safe to post as a comment."""
    template = environment("markdown").get_template("report.md.j2")
    return template.render(template_context(report))
