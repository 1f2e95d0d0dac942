"""One Jinja2 environment per output language, escaping every repo-derived value by default.

Values that come from the analyzed repository (commit subjects, file names, snippets) are
attacker-controlled. Escaping in ``finalize`` means a template cannot forget to escape; the
few values built as markup on purpose are wrapped in ``Trusted``.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable

import jinja2

from repocheck.patterns import compile_on_use
from repocheck.render.controls import one_line, visible
from repocheck.resources import data_dir
from repocheck.score import shown


class Trusted(str):
    """Markup produced by repocheck itself, passed through unescaped."""


class CatalogueText(str):
    """Text of the rule catalogue (rules/*.toml): Markdown written by repocheck's authors.

    A Markdown report passes it through (its code spans stay code spans); the terminal still
    escapes it, since a ``[section]`` in it would read as rich markup.
    """


def _finalizer(
    escape: Callable[[str], str], catalogue: Callable[[str], str]
) -> Callable[[object], object]:
    def finalize(value: object) -> object:
        if value is None:
            return ""
        if isinstance(value, (Trusted, int, float)):
            return value
        if isinstance(value, CatalogueText):
            return catalogue(value)
        return escape(str(value))

    return finalize


_MARKDOWN_SPECIAL = compile_on_use(r"([\\`*_{}\[\]<>|~!])")
_MENTION = compile_on_use(r"@(?=[\w-])")
_ISSUE_REF = compile_on_use(r"#(?=\d)")
#: Where GitHub's autolinking turns plain text into a link: ``scheme://`` and ``www.`` (an
#: e-mail address is already broken by the mention rule, which spaces its ``@``).
_AUTOLINK = compile_on_use(r"(://|www\.)", re.IGNORECASE)


def markdown_escape(text: str) -> str:
    """Inline-safe Markdown: no formatting, links, HTML, tables broken, @mentions or #refs."""
    text = one_line(text)
    text = text.replace("&", "&amp;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # A zero-width space keeps GitHub from notifying a user, team or issue, and from making a
    # link of a URL: neither may start with it.
    text = _AUTOLINK.sub("\\1\u200b", text)
    text = _MENTION.sub("@\u200b", text)
    return _ISSUE_REF.sub("#\u200b", text)


def markdown_code(text: object) -> Trusted:
    """A code span that holds any text: fenced with more backticks than the text contains."""
    body = one_line(str(text))
    if not body:
        return Trusted("")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return Trusted(f"{fence}{pad}{body}{pad}{fence}")


def catalogue_markdown(text: str) -> str:
    """Catalogue Markdown on one line, as it sits in a list item or a table cell."""
    return " ".join(text.split())


def markdown_block(text: str) -> Trusted:
    """A fenced code block holding ``text`` as it is: the fence outgrows any backtick run."""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return Trusted(f"{fence}{code_language(text)}\n{text.rstrip()}\n{fence}")


#: A catalogue example that names its file on its first line (``# .gitignore``) is in that
#: file's language; one that parses as Python is Python.
_LANGUAGES = {".yml": "yaml", ".yaml": "yaml", ".toml": "toml", ".py": "python", ".md": "markdown"}


def code_language(example: str) -> str:
    """The info string GitHub highlights ``example`` with, "" when unsure."""
    first = example.lstrip().split("\n", 1)[0]
    if first.startswith("#"):
        for suffix, language in _LANGUAGES.items():
            if first.rstrip().endswith(suffix):
                return language
    try:
        ast.parse(example)
    except (SyntaxError, ValueError):
        return ""
    return "python"


def terminal_escape(text: str) -> str:
    """Plain text for a rich-markup template: no markup, no control character obeyed."""
    from rich.markup import escape as rich_escape

    return rich_escape(visible(text))


@functools.cache
def environment(language: str) -> jinja2.Environment:
    """The environment for ``markdown`` or ``terminal`` (rich markup) templates."""
    escape: Callable[[str], str]
    catalogue: Callable[[str], str]
    if language == "markdown":
        escape, catalogue = markdown_escape, catalogue_markdown
    elif language == "terminal":
        escape, catalogue = terminal_escape, terminal_escape
    else:
        raise ValueError(language)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=False,
        finalize=_finalizer(escape, catalogue),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["code"] = markdown_code
    env.filters["trusted"] = Trusted
    env.filters["block"] = markdown_block
    env.filters["points"] = shown
    return env
