"""Whether a repository's code is written in one style, from markers its tokens show.

``ruff format`` measures distance from ruff's own style: code kept consistently in another
style (long lines, one space before an inline comment, ``f(a,b)`` throughout) is far from it
and still written one way. What makes code read as written by several hands is a mix of the
same choice made both ways: ``f(a,b)`` beside ``f(a, b)``, tabs beside spaces, ``x=1`` beside
``y = 2``, or ``lr= 0.1`` spaced on one side only. Quotes are not counted: a mix of ``'`` and
``"`` is common in code a reviewer would call tidy.
"""

from __future__ import annotations

import contextlib
import io
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from repocheck.analysis.cache import per_object
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.wording import plural

#: A choice is mixed when its less common way is more than this share of the markers...
MIX_SHARE = 0.10
#: ...and at least this many of them: three tight commas in a repository are typos, not a style.
MIX_MIN_COUNT = 5
#: Tabs beside spaces are a mix at a smaller share: each file is indented one way, so a tenth of
#: the blocks is a good many files written another way.
INDENT_MIX_SHARE = 0.02
#: ``=`` spaced on one side only (``a= 1``) is never a style: a handful that is more than this
#: share of the assignments is a mix; fewer, in a large repository, are typos.
LOPSIDED_MIN_COUNT = 5
LOPSIDED_SHARE = 0.03
_OPEN, _CLOSE = "([{", ")]}"
_SKIPPED = (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.ENDMARKER)


@dataclass(frozen=True)
class StyleMarkers:
    """How often each formatting choice was made one way or the other."""

    commas_tight: int = 0
    commas_spaced: int = 0
    indents_tab: int = 0
    indents_space: int = 0
    assigns_tight: int = 0
    assigns_spaced: int = 0
    assigns_lopsided: int = 0
    #: Files (or notebook cells) indenting some blocks with tabs and others with spaces.
    files_mixing_indents: int = 0

    def __add__(self, other: StyleMarkers) -> StyleMarkers:
        return StyleMarkers(*(a + b for a, b in zip(_values(self), _values(other), strict=True)))

    def mixes(self) -> list[str]:
        """A phrase for each choice made both ways, e.g. "30% of commas tight"."""
        found = []
        pairs = (
            (self.commas_tight, self.commas_spaced, "commas followed by no space", MIX_SHARE),
            (
                self.indents_tab,
                self.indents_space,
                "indented blocks indented with tabs",
                INDENT_MIX_SHARE,
            ),
            (self.assigns_tight, self.assigns_spaced, "assignments written 'x=1'", MIX_SHARE),
        )
        for one, other, what, share in pairs:
            total = one + other
            if total and min(one, other) >= MIX_MIN_COUNT and min(one, other) / total > share:
                found.append(f"{one / total:.0%} of {what}")
        assigns = self.assigns_tight + self.assigns_spaced + self.assigns_lopsided
        lopsided = self.assigns_lopsided
        if lopsided >= LOPSIDED_MIN_COUNT and lopsided / assigns > LOPSIDED_SHARE:
            found.append(f"{self.assigns_lopsided} '=' spaced on one side only")
        if self.files_mixing_indents:
            found.append(
                f"tabs and spaces indenting blocks of the same file in {plural(self.files_mixing_indents, 'file')}"
            )
        return found


def _values(markers: StyleMarkers) -> tuple[int, ...]:
    return (
        markers.commas_tight,
        markers.commas_spaced,
        markers.indents_tab,
        markers.indents_space,
        markers.assigns_tight,
        markers.assigns_spaced,
        markers.assigns_lopsided,
        markers.files_mixing_indents,
    )


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    """The tokens up to the first error: a file whose tabs and spaces clash stops there, after
    the very markers that show it."""
    tokens: list[tokenize.TokenInfo] = []
    # ruff and the parser note the error itself.
    with contextlib.suppress(tokenize.TokenError, SyntaxError, ValueError):
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            tokens.append(token)
    return tokens


def _spacing(before: tokenize.TokenInfo, token: tokenize.TokenInfo, after: tokenize.TokenInfo):
    """(space before, space after) ``token``, None where the line breaks around it."""
    left = before.end[1] < token.start[1] if before.end[0] == token.start[0] else None
    right = after.start[1] > token.end[1] if after.start[0] == token.end[0] else None
    return left, right


def _unit_markers(tokens: list[tokenize.TokenInfo]) -> Iterator[str]:
    depth = 0
    for index, token in enumerate(tokens):
        if token.type == tokenize.INDENT:
            yield "indents_tab" if "\t" in token.string else "indents_space"
            continue
        if token.type != tokenize.OP or index == 0 or index + 1 >= len(tokens):
            continue
        if token.string in _OPEN:
            depth += 1
        elif token.string in _CLOSE:
            depth = max(depth - 1, 0)
        before, after = tokens[index - 1], tokens[index + 1]
        if token.string == ",":
            if after.type in _SKIPPED or after.string in _CLOSE:
                continue  # a trailing comma, or the line ends: no choice made
            _, right = _spacing(before, token, after)
            if right is not None:
                yield "commas_spaced" if right else "commas_tight"
        elif token.string == "=":
            left, right = _spacing(before, token, after)
            if left is None or right is None:
                continue
            if left != right:
                yield "assigns_lopsided"
            elif depth == 0:  # keyword arguments are written tight by convention
                yield "assigns_spaced" if left else "assigns_tight"


@per_object
def _markers_of(unit: SourceUnit) -> StyleMarkers:
    counts: dict[str, int] = {}
    for marker in _unit_markers(_tokens(unit.source)):
        counts[marker] = counts.get(marker, 0) + 1
    if counts.get("indents_tab") and counts.get("indents_space"):
        counts["files_mixing_indents"] = 1
    return StyleMarkers(**counts)


def style_markers(units: Iterable[SourceUnit]) -> StyleMarkers:
    """The markers of every unit summed: a mix across files is a mix too."""
    total = StyleMarkers()
    for unit in units:
        total = total + _markers_of(unit)
    return total


def repository_markers(snapshot: Snapshot) -> StyleMarkers:
    """The style markers of every module and notebook cell the repository holds."""
    return style_markers(snapshot.sources)
