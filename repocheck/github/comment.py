"""The delta as Markdown: the pull-request comment and the job summary, each cut to GitHub's limit.

GitHub counts a comment in characters and a job summary in bytes (UTF-8): a report of
500-character file names in a script of three or four bytes a character reaches 1 MiB at a
third of the characters. What is cut is always the end, at a line end: the score and the top
fixes come first, and a line says how much was left out and where the whole report is.
"""

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
    "\n> **Shortened:** this comment was cut to fit GitHub's limit of {limit:,} characters:"
    " {left:,} of {total:,} lines of the full report were left out. The job summary of this run"
    " has the full report (and the JSON report, the step's `report-path` output, has everything).\n"
)
SUMMARY_SHORTENED = (
    "\n> **Shortened:** this summary was cut to fit GitHub's limit of 1 MiB per step:"
    " {left:,} of {total:,} lines were left out. The JSON report (the step's `report-path`"
    " output) has everything.\n"
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


def _size(text: str, encoding: str | None) -> int:
    return len(text) if encoding is None else len(text.encode(encoding))


def _kept(text: str, budget: int, encoding: str | None) -> tuple[str, str]:
    """The lines of ``text`` that fit in ``budget`` (characters, or bytes in ``encoding``),
    and what closes the <details> they leave open."""
    if _size(text, encoding) <= budget:
        return text, ""
    closing = "</details>\n"
    room = max(0, budget - 1 - len(closing) * text.count("<details>"))
    if encoding is None:
        cut = text[:room]
    else:  # a character cut in two is dropped whole
        cut = text.encode(encoding)[:room].decode(encoding, "ignore")
    cut = cut[: cut.rfind("\n") + 1]
    unclosed = max(0, cut.count("<details>") - cut.count("</details>"))
    return cut, ("\n" + closing * unclosed if unclosed else "")


def cut_lines(text: str, budget: int, encoding: str | None = None) -> str:
    """``text`` cut at a line end to at most ``budget`` characters (bytes, given an
    ``encoding``), its <details> closed."""
    kept, closing = _kept(text, budget, encoding)
    return kept + closing


def _left_out(text: str, kept: str) -> tuple[int, int]:
    """(lines of ``text`` not in ``kept``, lines of ``text``)."""
    total = text.count("\n") + (not text.endswith("\n"))
    return total - kept.count("\n"), total


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
    total = _left_out(detail, "")[1]
    # The longest the notice can be: its counts are known once the detail is cut.
    fixed = len(SHORTENED.format(limit=limit, left=total, total=total)) + len(_folded(""))
    for cap in CAPS:
        top = render_top(head, delta, pull, marker=marker, cap=cap, notices=notices)
        if len(top) + fixed <= budget:
            break
    room = budget - len(top) - fixed
    kept, closing = _kept(detail, room, None) if room > 0 else ("", "")
    note = SHORTENED.format(limit=limit, left=_left_out(detail, kept)[0], total=total)
    if not kept:
        return cut_lines(top, budget - len(note)) + note, True
    return top + note + _folded(kept + closing), True


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
    """The job summary: the whole delta, the full report, and the findings not annotated.

    Past ``limit`` bytes its end is cut, with a line that says how much was left out.
    """
    extras = environment("markdown").get_template("job-summary.md.j2")
    if pull.number is not None:
        parts = [render_top(head, delta, pull, notices=notices), _folded(detail)]
    else:
        parts = [extras.render(notices=list(notices), more=(), icon=STATUS_ICON), detail]
    parts.append(extras.render(notices=[], more=list(more), icon=STATUS_ICON))
    text = "\n".join(part.strip("\n") for part in parts if part.strip()) + "\n"
    budget = limit - MARGIN
    if _size(text, "utf-8") <= budget:
        return text
    left, total = _left_out(text, "")
    longest = SUMMARY_SHORTENED.format(left=left, total=total)
    kept, closing = _kept(text, budget - len(longest), "utf-8")
    left, total = _left_out(text, kept)
    return kept + closing + SUMMARY_SHORTENED.format(left=left, total=total)
