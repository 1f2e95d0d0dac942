"""The delta as Markdown: the pull-request comment, cut to GitHub's limit, and the job summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from repocheck.github.delta import Delta, Finding
from repocheck.render.context import STATUS_ICON
from repocheck.render.templating import environment
from repocheck.rules.secrets import mask_secrets

#: GitHub rejects a comment body longer than this (422 "body is too long").
COMMENT_LIMIT = 65_536
#: Room kept free below a limit for the closing lines and the shortening notice.
MARGIN = 512
#: How many introduced and fixed findings the comment lists, tried in turn until it fits.
CAPS: tuple[int | None, ...] = (None, 100, 30, 10, 3)

SHORTENED = (
    "\n> **Shortened:** this comment was cut to fit GitHub's limit of {limit:,} characters; "
    "the job summary of this run has the full report.\n"
)


@dataclass(frozen=True)
class PullView:
    """What the comment says about the run: the pull request, its head and its base."""

    number: int | None = None
    head_sha: str | None = None
    head_subject: str | None = None
    base_sha: str | None = None


def render_top(
    head: Mapping[str, Any],
    delta: Delta | None,
    pull: PullView,
    *,
    marker: str = "",
    cap: int | None = None,
    notices: Sequence[str] = (),
) -> str:
    """The delta part: score and category changes, findings introduced and fixed."""
    template = environment("markdown").get_template("pr-comment.md.j2")
    if pull.head_subject:
        # The report is masked already; the head's subject comes from git, not from it.
        pull = replace(pull, head_subject=mask_secrets(pull.head_subject))
    return template.render(
        head=head,
        delta=delta,
        pull=pull,
        marker=marker,
        cap=cap,
        notices=list(notices),
        icon=STATUS_ICON,
    )


def cut_lines(text: str, budget: int) -> str:
    """``text`` cut at a line end to at most ``budget`` characters, its <details> closed."""
    if len(text) <= budget:
        return text
    closing = "</details>\n"
    room = budget - 1 - len(closing) * text.count("<details>")
    cut = text[: max(0, room)]
    cut = cut[: cut.rfind("\n") + 1]
    unclosed = max(0, cut.count("<details>") - cut.count("</details>"))
    return cut + ("\n" + closing * unclosed if unclosed else "")


def _folded(detail: str) -> str:
    return f"\n<details><summary>Full report</summary>\n\n{detail.rstrip()}\n\n</details>\n"


def compose_comment(
    head: Mapping[str, Any],
    delta: Delta | None,
    pull: PullView,
    detail: str,
    *,
    marker: str,
    notices: Sequence[str] = (),
    limit: int = COMMENT_LIMIT,
) -> tuple[str, bool]:
    """(body, shortened): the delta and full report when they fit; else the detail is cut first.

    The delta is what the comment is for, so it is kept whole while it fits; only a pull
    request with hundreds of new findings has its lists capped (the job summary keeps them).
    """
    budget = limit - MARGIN
    top = render_top(head, delta, pull, marker=marker, notices=notices)
    body = top + _folded(detail)
    if len(body) <= budget:
        return body, False
    note = SHORTENED.format(limit=limit)
    fixed = len(note) + len(_folded(""))
    for cap in CAPS:
        top = render_top(head, delta, pull, marker=marker, cap=cap, notices=notices)
        if len(top) + fixed <= budget:
            break
    room = budget - len(top) - fixed
    body = top + note + _folded(cut_lines(detail, room)) if room > 0 else top + note
    return cut_lines(body, budget), True


def compose_summary(
    head: Mapping[str, Any],
    delta: Delta | None,
    pull: PullView,
    detail: str,
    *,
    notices: Sequence[str] = (),
    more: Sequence[Finding] = (),
    limit: int,
) -> str:
    """The job summary: the whole delta, the full report, and the findings not annotated."""
    extras = environment("markdown").get_template("job-summary.md.j2")
    if pull.number is not None:
        parts = [render_top(head, delta, pull, notices=notices), _folded(detail)]
    else:
        parts = [extras.render(notices=list(notices), more=(), icon=STATUS_ICON), detail]
    parts.append(extras.render(notices=[], more=list(more), icon=STATUS_ICON))
    text = "\n".join(part.strip("\n") for part in parts if part.strip())
    return cut_lines(text + "\n", limit - MARGIN)
