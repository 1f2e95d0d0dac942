"""One Jinja2 environment per output language, escaping every repo-derived value by default.

Values that come from the analyzed repository (commit subjects, file names, snippets) are
attacker-controlled. Escaping in ``finalize`` means a template cannot forget to escape; the
few values built as markup on purpose are wrapped in ``Trusted``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import jinja2

from repocheck.render.controls import one_line, visible
from repocheck.resources import data_dir
from repocheck.score import shown


class Trusted(str):
    """Markup produced by repocheck itself, passed through unescaped."""


def _finalizer(escape: Callable[[str], str]) -> Callable[[object], object]:
    def finalize(value: object) -> object:
        if value is None:
            return ""
        if isinstance(value, (Trusted, int, float)):
            return value
        return escape(str(value))

    return finalize


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~!])")
_MENTION = re.compile(r"@(?=[\w-])")
_ISSUE_REF = re.compile(r"#(?=\d)")
#: Where GitHub's autolinking turns plain text into a link: ``scheme://`` and ``www.`` (an
#: e-mail address is already broken by the mention rule, which spaces its ``@``).
_AUTOLINK = re.compile(r"(://|www\.)", re.IGNORECASE)


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


def terminal_escape(text: str) -> str:
    """Plain text for a rich-markup template: no markup, no control character obeyed."""
    from rich.markup import escape as rich_escape

    return rich_escape(visible(text))


@functools.cache
def environment(language: str) -> jinja2.Environment:
    """The environment for ``markdown`` or ``terminal`` (rich markup) templates."""
    escape: Callable[[str], str]
    if language == "markdown":
        escape = markdown_escape
    elif language == "terminal":
        escape = terminal_escape
    else:
        raise ValueError(language)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=False,
        finalize=_finalizer(escape),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["code"] = markdown_code
    env.filters["trusted"] = Trusted
    env.filters["points"] = shown
    return env
