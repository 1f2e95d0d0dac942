"""Catalogue views: ``repocheck explain ID``, ``repocheck rules`` and docs/rules.md."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

from repocheck.catalogue import RuleMeta, load_catalogue
from repocheck.resources import data_dir

if TYPE_CHECKING:
    import jinja2


def wrapped(text: str, indent: int = 2) -> str:
    """``text`` as one paragraph, filled to 96 columns and indented by ``indent`` spaces."""
    paragraphs = " ".join(text.split()).split("\n")
    return textwrap.indent(
        "\n".join(textwrap.fill(p, 96 - indent) for p in paragraphs), " " * indent
    )


def _plain_environment() -> jinja2.Environment:
    import jinja2  # only docs/rules.md is a template: `repocheck explain` starts without Jinja2

    # Catalogue text is ours, not the analyzed repository's: no escaping needed.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wrap"] = wrapped
    return env


def explain_rule(meta: RuleMeta) -> str:
    """The text of ``repocheck explain ID``: why, fix, example, misses, references.

    Plain string building rather than a template: five fixed sections do not need Jinja2,
    and importing it would double the start-up time of the command.
    """
    category = load_catalogue().category(meta.category)
    sections = [
        f"{meta.id} ({meta.slug}): {meta.title}\n"
        f"Category: {category.title} · weight {meta.weight:g}{_fix_note(meta)}\n",
        f"Why it matters\n{wrapped(meta.why)}\n",
        f"How to fix it\n{wrapped(meta.fix)}\n",
    ]
    if meta.example:
        sections.append(f"Example\n{_indented(meta.example)}\n")
    if meta.misses:
        sections.append(f"What it knowingly misses\n{wrapped(meta.misses)}\n")
    if meta.references:
        sections.append("References\n" + "".join(f"  {ref}\n" for ref in meta.references))
    return "\n".join(sections)


def _fix_note(meta: RuleMeta) -> str:
    return f" · `repocheck fix --rule {meta.id}` proposes a fix" if meta.fixable else ""


def _indented(text: str) -> str:
    """Every line indented by two spaces, blank lines left empty (no trailing spaces)."""
    return "\n".join(f"  {line}" if line else line for line in text.splitlines())


def catalogue_text() -> str:
    """One line per rule, grouped by category: ``repocheck rules``; ``[repocheck fix]`` marks
    the rules whose findings ``repocheck fix`` can write a fix for."""
    catalogue = load_catalogue()
    lines = []
    for category in catalogue.categories:
        lines.append(f"{category.title}")
        for meta in catalogue.rules:
            if meta.category == category.id:
                fixable = "  [repocheck fix]" if meta.fixable else ""
                lines.append(
                    f"  {meta.id:<10} {meta.slug:<34} w={meta.weight:g}  {meta.title}{fixable}"
                )
    return "\n".join(lines) + "\n"


def catalogue_json() -> str:
    """The catalogue as JSON, for tools that want the rule texts."""
    catalogue = load_catalogue()
    rules = [
        {
            "id": m.id,
            "slug": m.slug,
            "category": m.category,
            "title": m.title,
            "why": m.why,
            "fix": m.fix,
            "weight": m.weight,
            "references": list(m.references),
            "fixable": m.fixable,
        }
        for m in catalogue.rules
    ]
    return json.dumps({"rules": rules}, indent=2) + "\n"


def catalogue_markdown() -> str:
    """docs/rules.md: every rule's why, fix and known misses."""
    catalogue = load_catalogue()
    template = _plain_environment().get_template("rules.md.j2")
    return template.render(catalogue=catalogue)
