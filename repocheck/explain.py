"""Catalogue views: ``repocheck explain ID``, ``repocheck rules`` and docs/rules.md."""

from __future__ import annotations

import json
import textwrap

import jinja2

from repocheck.catalogue import RuleMeta, load_catalogue
from repocheck.resources import data_dir


def _plain_environment() -> jinja2.Environment:
    # Catalogue text is ours, not the analyzed repository's: no escaping needed.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wrap"] = lambda text, indent=2: textwrap.indent(
        "\n".join(textwrap.fill(p, 96 - indent) for p in " ".join(text.split()).split("\n")),
        " " * indent,
    )
    return env


def explain_rule(meta: RuleMeta) -> str:
    """The text of ``repocheck explain ID``: why, fix, example, misses, references."""
    category = load_catalogue().category(meta.category)
    template = _plain_environment().get_template("explain.txt.j2")
    return template.render(rule=meta, category=category)


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
